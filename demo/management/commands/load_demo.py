"""Load the demo content: the column tree, the footer, the seed bulletin and its plan, and
sample (示例) content for every block of the home page (demo/samples.py).

Idempotent: running it again updates what it created and adds nothing twice.
"""

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from bulletins.models import Bulletin, BulletinSeries
from core import roles
from core.models import SiteSettings
from demo import samples
from imports.parser import parse_bulletin
from imports.pipeline import ImportPreview
from news.models import Article, Column
from workplans.models import Department, Leader

SEED_FILE = Path(__file__).resolve().parents[2] / "fixtures" / "bulletin-2020-62.txt"

# (slug, name, parent slug, show in navigation, description, column type, update every N days)
COLUMNS = [
    ("news-center", "新闻中心", None, True, "荆州市总工会及各级工会的新闻。", "政务动态", None),
    ("updates", "工会动态", "news-center", True, "市总工会工作动态。", "政务动态", 14),
    ("notices", "公示公告", "news-center", True, "公示、公告和工作通报。", "通知公告", 30),
    ("bulletins", "工会要情", "notices", True, "工会要情摘报：市总工会每月工作综述与下月工作计划。",
     "政务动态", 45),
    ("local", "县市区/产业", "news-center", True, "县市区总工会和产业工会动态。", "政务动态", 30),
    ("policy", "政策法规", None, True, "与职工权益有关的法律法规和政策文件。", "政策文件", None),
    ("services", "职工服务", None, True, "困难帮扶、法律援助、职工培训等服务指南。", "办事服务", None),
    ("disclosure", "信息公开", None, True, "市总工会政府信息公开。", "信息公开", 90),
]

SITE = {
    "site_name": "荆州市总工会",
    "description": "荆州市总工会门户网站：工会动态、工会要情、政策法规、职工服务。",
    "host_organization": "荆州市总工会",
    "address": "荆州市园林路25号",
    "hotline": "0716-8212336",
    "postcode": "434000",
    "qq": "260945676",
    "icp_number": "鄂ICP备12004590号-1",
}

# Positions the seed bulletin states for its leaders.
LEADER_POSITIONS = {"高启秀": "党组成员、副主席", "张征军": "党组成员、副主席"}

# (user name, password, display name, group or None for a superuser)
ACCOUNTS = [
    ("admin", "jzgh-admin-2026", "系统管理员", None),
    ("editor", "jzgh-editor-2026", "办公室编辑", roles.EDITORS),
    ("reviewer", "jzgh-reviewer-2026", "办公室审核", roles.REVIEWERS),
    ("leader", "jzgh-leader-2026", "高启秀", "leader"),
    ("dept", "jzgh-dept-2026", "权益保障部", "department"),
]
# Signed-in users who are not staff: they see their tasks at /plans/my/.
WORKSPACE_ROLES = ("leader", "department")


class Command(BaseCommand):
    help = "载入演示内容（栏目、页脚、2020年第六十二期工会要情及十一月工作计划）。可重复运行。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--accounts",
            action="store_true",
            help="同时创建演示账号并打印密码（仅限本地开发，DEBUG 关闭时拒绝）。",
        )

    @transaction.atomic
    def handle(self, *args, accounts=False, **options):
        if accounts and not settings.DEBUG:
            raise CommandError("演示账号只能在本地开发环境（DJANGO_DEBUG=1）中创建。")
        columns = self.load_columns()
        site = SiteSettings.load()
        for name, value in SITE.items():
            setattr(site, name, value)
        site.save()
        Column.objects.filter(pk=columns["bulletins"].pk).update(featured_on_home=True)
        bulletin = self.load_bulletin(columns)
        for name, position in LEADER_POSITIONS.items():
            Leader.objects.filter(name=name).update(position=position)
        self.load_news(columns, bulletin)
        samples.load(columns)
        self.stdout.write(self.style.SUCCESS(f"演示内容已就绪：{bulletin.title}"))
        if accounts:
            self.load_accounts()

    def load_columns(self):
        columns = {}
        for order, (slug, name, parent, in_nav, description, kind, interval) in enumerate(COLUMNS, 1):
            columns[slug], _ = Column.objects.update_or_create(
                slug=slug,
                defaults={"name": name, "parent": columns.get(parent), "order": order,
                          "show_in_nav": in_nav, "description": description, "column_type": kind,
                          "update_interval_days": interval},
            )
        return columns

    def load_bulletin(self, columns):
        parsed = parse_bulletin(SEED_FILE.read_text(encoding="utf-8"))
        series, _ = BulletinSeries.objects.update_or_create(
            name=parsed.series, defaults={"column": columns["bulletins"]}
        )
        existing = Bulletin.objects.filter(
            series=series, year=parsed.year, number=parsed.issue_number
        ).first()
        return existing or ImportPreview.build(parsed, series).save(publish=True)

    def load_news(self, columns, bulletin):
        """Each section of the demo bulletin doubles as a news item in 工会动态."""
        for day, section in enumerate(bulletin.sections.all(), 1):
            Article.objects.update_or_create(
                column=columns["updates"],
                title=f"市总工会{section.heading}",
                defaults={
                    "source": "办公室",
                    "body": section.body,
                    "status": Article.Status.PUBLISHED,
                    "publish_at": timezone.make_aware(dt.datetime(2020, 11, day, 9, 0)),
                },
            )

    def load_accounts(self):
        User = get_user_model()
        self.stdout.write("演示账号（仅供本地试用）：")
        for username, password, display_name, role in ACCOUNTS:
            user, _ = User.objects.get_or_create(username=username)
            user.first_name = display_name
            user.is_superuser = role is None
            user.is_staff = role not in WORKSPACE_ROLES
            if role == "leader":
                user.email = f"{username}@example.com"  # so remind_due has someone to mail
            user.set_password(password)
            user.save()
            if role in (roles.EDITORS, roles.REVIEWERS):
                user.groups.set([roles.group(role)])
            if role == "leader":
                Leader.objects.filter(name=display_name).update(user=user)
            if role == "department":
                Department.objects.get(name=display_name).members.add(user)
            self.stdout.write(f"  {display_name:<8} 用户名 {username:<10} 密码 {password}")


