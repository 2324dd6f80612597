from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.backups import BackupError, backup


class Command(BaseCommand):
    help = "备份整个网站：数据库（PostgreSQL 用 pg_dump，SQLite 用在线备份）和上传文件，打包为一个 .tar.gz。"

    def add_arguments(self, parser):
        parser.add_argument(
            "destination", nargs="?", default=str(settings.BASE_DIR / "backups"),
            help="备份文件或目录（目录时按时间命名）；默认 backups/。",
        )

    def handle(self, destination, **options):
        try:
            path, manifest = backup(destination)
        except BackupError as error:
            raise CommandError(str(error)) from error
        counts = manifest["counts"]
        self.stdout.write(self.style.SUCCESS(
            f"已备份到 {path}：{sum(counts.values())} 条记录，{len(manifest['media_files'])} 个上传文件。"
        ))
