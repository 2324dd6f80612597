"""Fill a database with generated content for benchmarks and trials.

    python manage.py generate_demo_data --articles 20000 [--seed 1] [--force]

Articles in every column (Chinese text, some pinned, some with a cover or attachments, a few
drafts and scheduled ones), a bulletin a month with its summary sections and next month's plan
(items, responsible leaders and departments, progress reports), the leaders and departments.
Everything it writes is created by the account `generated-demo`; it refuses a database that
holds content not made by it (an office's real articles or plans) unless --force is given.
"""

import datetime as dt
import io
import random
import sys

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from PIL import Image
from tqdm import tqdm

from bulletins.models import Bulletin, BulletinSection, BulletinSeries
from core.models import SiteSettings
from demo.text import TextGenerator
from news.models import Article, Attachment, Column
from workplans.models import (
    Department,
    Leader,
    PlanItem,
    PlanItemDepartment,
    PlanItemLeader,
    ProgressReport,
    WorkPlan,
)

from .load_demo import SITE
from .load_demo import Command as LoadDemo

GENERATOR_USERNAME = "generated-demo"
LEADERS = [
    ("王建华", "党组书记、主席"), ("高启秀", "党组成员、副主席"), ("张征军", "党组成员、副主席"),
    ("刘春梅", "副主席"), ("陈志强", "党组成员、经费审查委员会主任"), ("李晓燕", "女职工委员会主任"),
    ("赵国平", "一级调研员"), ("周立新", "二级调研员"),
]
DEPARTMENTS = [
    "办公室", "组织部", "权益保障部", "宣教网络部", "经济技术部", "女职工部", "财务部",
    "法律工作部", "基层工作部", "经费审查委员会办公室",
]
SOURCES = ["办公室", "宣教网络部", "基层工作部", "县市区总工会"]
BATCH = 1000


class Command(BaseCommand):
    help = "生成演示数据（文章、工会要情、工作计划、领导、部室、进展反馈），用于性能测试。"

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=2000, help="生成的文章篇数（默认 2000）。")
        parser.add_argument("--seed", type=int, default=1, help="随机数种子，相同种子生成相同内容。")
        parser.add_argument(
            "--force", action="store_true", help="数据库中已有非生成的内容时仍然继续（会混入生成的内容）。"
        )
        parser.add_argument("--no-search-index", action="store_true", help="不重建站内搜索索引。")

    def handle(self, *args, articles, seed, force, no_search_index, verbosity, **options):
        if articles < 0:
            raise CommandError("文章篇数不能为负数。")
        author = self.generator_account()
        if not force and (foreign := self.foreign_content(author)):
            raise CommandError(
                f"数据库中已有不是本命令生成的内容（{foreign}）；"
                "生成的数据会与之混在一起。请换一个空数据库，或加 --force。"
            )
        self.rng, self.text = random.Random(seed), TextGenerator(random.Random(seed))
        self.author, self.quiet = author, verbosity == 0
        with transaction.atomic():
            columns = self.columns()
            leaders, departments = self.people()
            covers, files = self.media()
            months = max(6, min(120, articles // 400))
            self.bulletins_and_plans(columns, leaders, departments, months)
            self.articles(columns, articles, covers, files)
        if not no_search_index:
            call_command("rebuild_search_index", verbosity=verbosity, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(
            f"已生成 {articles} 篇文章、{months} 期工会要情及其工作计划。"
        ))

    # Guard ------------------------------------------------------------------------------

    def generator_account(self):
        user, created = get_user_model().objects.get_or_create(
            username=GENERATOR_USERNAME, defaults={"first_name": "演示数据", "is_active": False}
        )
        if created:
            user.set_unusable_password()
            user.save()
        return user

    @staticmethod
    def foreign_content(author):
        """A description of the first kind of content the generator did not make, or ''."""
        articles = Article.objects.filter(~Q(created_by=author) | Q(created_by__isnull=True))
        if count := articles.count():
            return f"{count} 篇文章"
        plans = WorkPlan.objects.filter(~Q(bulletin__created_by=author) | Q(bulletin__isnull=True))
        if count := plans.count():
            return f"{count} 份工作计划"
        return ""

    # Structure ----------------------------------------------------------------------------

    def columns(self):
        if not Column.objects.exists():
            LoadDemo().load_columns()
            Column.objects.filter(slug="bulletins").update(featured_on_home=True)
        site = SiteSettings.load()
        if not site.address:
            for name, value in SITE.items():
                setattr(site, name, value)
            site.save()
        return list(Column.objects.all())

    def people(self):
        leaders = []
        for order, (name, position) in enumerate(LEADERS, 1):
            leader, _ = Leader.objects.get_or_create(
                name=name, defaults={"position": position, "order": order}
            )
            leaders.append(leader)
        departments = []
        for order, name in enumerate(DEPARTMENTS, 1):
            department, _ = Department.objects.get_or_create(name=name, defaults={"order": order})
            departments.append(department)
        return leaders, departments

    def media(self):
        """A few cover images and attachment files, shared by the articles that have them."""
        covers = []
        for number in range(6):
            image = Image.new("RGB", (640, 360), (30 + number * 35, 90, 160 - number * 15))
            buffer = io.BytesIO()
            image.save(buffer, "JPEG", quality=70)
            name = f"covers/generated/cover-{number}.jpg"
            covers.append(default_storage.save(name, ContentFile(buffer.getvalue())))
        pdf = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
        files = [default_storage.save(f"attachments/generated/notice-{number}.pdf", ContentFile(pdf))
                 for number in range(3)]
        return covers, files

    # Content ------------------------------------------------------------------------------

    def progress(self, iterable=None, **kwargs):
        return tqdm(iterable, disable=self.quiet, file=sys.stderr, **kwargs)

    def articles(self, columns, count, covers, files):
        rng, now = self.rng, timezone.now()
        plain = [column for column in columns if not column.bulletin_series.exists()] or columns
        created = 0
        with self.progress(total=count, desc="文章", unit="篇") as bar:
            while created < count:
                batch = []
                for _ in range(min(BATCH, count - created)):
                    created += 1
                    roll = rng.random()
                    status = Article.Status.PUBLISHED
                    publish_at = now - dt.timedelta(minutes=created * 37 + rng.randint(0, 30))
                    if roll < 0.03:
                        status = rng.choice([Article.Status.DRAFT, Article.Status.PENDING])
                    elif roll < 0.04:
                        publish_at = now + dt.timedelta(days=rng.randint(1, 20))  # scheduled
                    cover = rng.choice(covers) if rng.random() < 0.15 else ""
                    title = self.text.headline()
                    batch.append(Article(
                        title=title, column=rng.choice(plain), source=rng.choice(SOURCES),
                        author=self.text.reporter(), summary=self.text.summary(),
                        body=self.text.body(), cover_image=cover, cover_alt=title[:60] if cover else "",
                        pinned=rng.random() < 0.002, status=status, publish_at=publish_at,
                        first_published_at=publish_at if status == Article.Status.PUBLISHED else None,
                        view_count=rng.randint(0, 3000), created_by=self.author,
                    ))
                made = Article.objects.bulk_create(batch)
                Attachment.objects.bulk_create(
                    Attachment(article=article, title=f"{article.title[:30]}（附件{number}）",
                               file=rng.choice(files), order=number)
                    for article in made if rng.random() < 0.05 for number in (1, 2)
                )
                bar.update(len(batch))

    def bulletins_and_plans(self, columns, leaders, departments, months):
        rng = self.rng
        column = next((column for column in columns if column.slug == "bulletins"), columns[0])
        series, _ = BulletinSeries.objects.get_or_create(name="工会要情摘报", defaults={"column": column})
        today = timezone.localdate().replace(day=1)
        for back in self.progress(range(months, 0, -1), desc="工会要情", unit="期"):
            report_month = _months_before(today, back)
            plan_month = _months_before(today, back - 1)
            issued = timezone.make_aware(
                dt.datetime.combine(plan_month, dt.time(9)) + dt.timedelta(days=rng.randint(2, 8))
            )
            if issued > timezone.now():
                issued = timezone.now() - dt.timedelta(hours=1)
            bulletin = Bulletin(
                series=series, year=report_month.year, subject=f"荆州市总工会{report_month.month}月份工作",
                report_month=report_month, summary_title=f"荆州市总工会{report_month.month}月份工作综述",
                summary=self.text.summary(), body=f"<p>{self.text.paragraph()}</p>",
                status=Article.Status.PUBLISHED, publish_at=issued, first_published_at=issued,
                source="办公室", created_by=self.author,
            )
            bulletin.save()
            sections = BulletinSection.objects.bulk_create(
                BulletinSection(bulletin=bulletin, order=order, heading=self.text.section_heading(),
                                body=self.text.body(2, 4))
                for order in range(1, rng.randint(4, 7))
            )
            plan = WorkPlan.objects.create(
                month=plan_month, status=WorkPlan.Status.PUBLISHED, bulletin=bulletin, closed=back > 2
            )
            self.plan_items(plan, sections, leaders, departments)

    def plan_items(self, plan, sections, leaders, departments):
        rng = self.rng
        items = PlanItem.objects.bulk_create(
            PlanItem(plan=plan, order=order, content=self.text.task(),
                     responsibility_note="相关部室" if rng.random() < 0.1 else "")
            for order in range(1, rng.randint(8, 14))
        )
        leader_links, department_links = [], []
        for item in items:
            for order, leader in enumerate(rng.sample(leaders, rng.randint(1, 2))):
                leader_links.append(PlanItemLeader(item=item, leader=leader, order=order))
            for order, department in enumerate(rng.sample(departments, rng.randint(1, 3))):
                department_links.append(PlanItemDepartment(item=item, department=department, order=order))
        PlanItemLeader.objects.bulk_create(leader_links)
        PlanItemDepartment.objects.bulk_create(department_links)
        reports, done = [], []
        for item in items:
            if rng.random() < 0.6:
                status = rng.choice([PlanItem.Status.IN_PROGRESS, PlanItem.Status.DONE, PlanItem.Status.DONE])
                reports.append(ProgressReport(
                    item=item, author=self.author, date=min(plan.last_day, timezone.localdate()),
                    text=self.text.paragraph()[:200], status=status,
                    percent=100 if status == PlanItem.Status.DONE else rng.randint(10, 90),
                ))
                item.status = status
                if status == PlanItem.Status.DONE and rng.random() < 0.5:
                    item.summary_section = rng.choice(sections)
                done.append(item)
        # Reports are history; bulk-created here, so the items' status is set alongside.
        ProgressReport.objects.bulk_create(reports)
        PlanItem.objects.bulk_update(done, ["status", "summary_section"])


def _months_before(month, count):
    index = month.year * 12 + month.month - 1 - count
    return dt.date(index // 12, index % 12 + 1, 1)
