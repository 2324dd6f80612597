"""Rebuild the site search index from every article, bulletin and plan item.

Saving keeps the index current; this is for a new database, a restored backup or a change
of the tokenizer. Readers keep searching while it runs: each batch is replaced in its own
transaction.
"""

from django.core.management.base import BaseCommand

from search.indexing import rebuild


class Command(BaseCommand):
    help = "重建站内搜索索引（文章、工会要情、计划事项），分批进行并显示进度。"

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500, help="每批处理的条数（默认 500）。")

    def handle(self, *args, batch_size, verbosity, **options):
        def progress(label, done, total):
            if verbosity:
                ending = "\n" if done == total else ""
                self.stdout.write(f"\r{label}：{done}/{total}（{done * 100 // total}%）", ending=ending)
                self.stdout.flush()

        rebuild(batch_size=batch_size, progress=progress)
        self.stdout.write(self.style.SUCCESS("搜索索引已重建。"))
