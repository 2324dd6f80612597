"""E-mail each leader the open items that are overdue or due within N days.

Safe to run from cron as often as wanted: a Reminder row (unique per leader and day) records
each e-mail, so a leader gets at most one reminder a day.
"""

from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.chinese import month_label
from workplans.models import PlanItem, Reminder


class Command(BaseCommand):
    help = "列出各责任领导逾期或即将到期（默认 3 天内）的事项，并给有邮箱的领导每天发送一封提醒邮件。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=3, help="提醒多少天内到期的事项（默认 3，含今天）。"
        )

    def handle(self, *args, days, **options):
        today = timezone.localdate()
        # Closed plans take no more reports, so reminding about them would only be noise.
        items = (
            PlanItem.objects.public()
            .filter(plan__closed=False)
            .needing_attention(today, days)
            .select_related("plan")
            .with_responsibility()
            .with_urgency(today)
        )
        by_leader = {}
        for item in items:
            for leader in item.ordered_leaders:
                by_leader.setdefault(leader, []).append(item)
        for leader, due in sorted(by_leader.items(), key=lambda pair: (pair[0].order, pair[0].pk)):
            self.stdout.write(f"{leader.name}：{len(due)} 项")
            for item in due:
                self.stdout.write(f"  {self.describe(item)}")
            self.remind(leader, due, today)
        if not by_leader:
            self.stdout.write("没有逾期或即将到期的事项。")

    def describe(self, item):
        flag = "已逾期" if item.is_overdue else "即将到期"
        return (
            f"[{flag}] {month_label(item.plan.month)} 第{item.number}项 "
            f"时限 {item.deadline_text}：{item.content}"
        )

    def remind(self, leader, items, today):
        email = leader.user.email if leader.user else ""
        if not email:
            self.stdout.write("  （没有登录账号或邮箱，未发送邮件）")
            return
        try:
            # The row and the e-mail succeed or fail together: a failed send is retried next run.
            with transaction.atomic():
                Reminder.objects.create(leader=leader, date=today, item_count=len(items))
                lines = [f"{leader.name}同志：", "以下工作任务已逾期或即将到期，请及时推进并提交进展反馈。"]
                lines += ["", *map(self.describe, items)]
                send_mail(f"工作任务到期提醒（{len(items)} 项）", "\n".join(lines), None, [email])
        except IntegrityError:
            self.stdout.write("  （今天已经提醒过，未重复发送）")
            return
        except OSError as error:  # SMTP and socket errors: the other leaders still get theirs
            self.stderr.write(f"  发送给 {email} 失败：{error}（下次运行时重试）")
            return
        self.stdout.write(f"  已发送邮件至 {email}")
