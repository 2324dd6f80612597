from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from core.backups import BackupError, read_manifest, restore


class Command(BaseCommand):
    help = "从 backup_site 生成的备份恢复数据库和上传文件（覆盖现有内容）。"

    def add_arguments(self, parser):
        parser.add_argument("archive", help="backup_site 生成的 .tar.gz 文件")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive",
                            help="不询问确认。")

    def handle(self, archive, interactive=True, **options):
        try:
            manifest = read_manifest(archive)
            if interactive:
                name = connection.settings_dict["NAME"]
                answer = input(
                    f"将用 {manifest['created']} 的备份覆盖数据库 {name} 和上传目录 "
                    f"{settings.MEDIA_ROOT}。输入 yes 继续：")
                if answer.strip().lower() != "yes":
                    raise CommandError("已取消。")
            restore(archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        counts = manifest["counts"]
        self.stdout.write(self.style.SUCCESS(
            f"已恢复：{sum(counts.values())} 条记录，{len(manifest['media_files'])} 个上传文件。"
        ))
