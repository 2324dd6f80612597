from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bulletins.models import BulletinSeries
from imports.parser import BulletinParseError, parse_bulletin
from imports.pipeline import BulletinImportError, ImportPreview
from imports.sources import bulletin_text_from_file


class Command(BaseCommand):
    help = "从 Word（.docx）或纯文本（.txt）原稿导入一期工会要情及其工作计划。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="原稿文件路径")
        parser.add_argument("--series", help="刊物名称（默认取原文标题中的刊物名）")
        parser.add_argument("--publish", action="store_true", help="直接发布（默认保存为草稿）")
        parser.add_argument("--dry-run", action="store_true", help="只显示预览，不写入数据库")

    def handle(self, *args, file, series=None, publish=False, dry_run=False, **options):
        path = Path(file)
        try:
            text = bulletin_text_from_file(path.name, path.read_bytes())
            parsed = parse_bulletin(text)
        except OSError as error:
            raise CommandError(f"无法读取文件 {path}：{error.strerror}") from None
        except BulletinParseError as error:
            raise CommandError(str(error)) from None
        chosen_series = None
        if series:
            chosen_series = BulletinSeries.objects.filter(name=series).first()
            if chosen_series is None:
                raise CommandError(f"没有名为“{series}”的刊物。")
        preview = ImportPreview.build(parsed, chosen_series)
        self.stdout.write("\n".join(preview.summary_lines()))
        if dry_run:
            self.stdout.write("（试运行：没有写入任何内容）")
            return
        try:
            bulletin = preview.save(publish=publish)
        except BulletinImportError as error:
            raise CommandError(str(error)) from None
        state = "已发布" if publish else "草稿"
        self.stdout.write(self.style.SUCCESS(f"已导入（{state}）：{bulletin.title}"))
