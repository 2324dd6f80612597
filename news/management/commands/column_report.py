"""Mail the office the weekly column-monitor report (news.monitor).

Safe to run from cron as often as wanted (daily, say): a MonitorReport row, unique per
week (its Monday), records the mail, so the office gets one report a week; a failed send
leaves no row and is retried on the next run.
"""

import datetime as dt

from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.db import IntegrityError, transaction
from django.utils import timezone

from news.models import MonitorReport
from news.monitor import column_report


class Command(BaseCommand):
    help = "生成栏目监测报告（首页更新、空白栏目、超期未更新栏目），每周给网站设置中的收件人发送一次。"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只显示报告，不发送邮件。")

    def handle(self, *args, dry_run=False, **options):
        report = column_report()
        text = "\n".join(report.lines())
        self.stdout.write(text)
        if dry_run:
            return
        today = timezone.localdate()
        week = today - dt.timedelta(days=today.weekday())
        recipients = report.settings.monitor_recipients
        if not recipients:
            self.stdout.write("网站设置中没有填写栏目监测报告收件人，未发送邮件。")
            return
        subject = f"{report.settings.site_name}栏目监测周报（{week:%Y-%m-%d} 当周）"
        if report.has_problems:
            subject = "【需处理】" + subject
        try:
            # The row and the e-mail succeed or fail together: a failed send is retried next run.
            with transaction.atomic():
                MonitorReport.objects.create(week=week, recipients="\n".join(recipients), text=text)
                send_mail(subject, text, None, recipients)
        except IntegrityError:
            self.stdout.write(f"{week:%Y-%m-%d} 当周的报告已经发送过，本次不再发送。")
            return
        self.stdout.write(f"已发送给：{'、'.join(recipients)}")
