"""E-mail each leader and each responsible department's staff the open items they answer for
that are overdue or due within N days.

Safe to run from cron as often as wanted: a Reminder row (unique per person and day) records
each e-mail, so a person gets at most one reminder a day. The text is the one 我的任务 shows
(supervision.notices).
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from supervision import notices
from supervision.models import Reminder
from supervision.panels import due_items
from workplans.models import DUE_SOON_DAYS, PlanItem


class Command(BaseCommand):
    help = "给负有逾期或即将到期（默认 3 天内）事项的责任领导和责任部室工作人员每人每天发送一封提醒邮件。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=DUE_SOON_DAYS, help="提醒多少天内到期的事项（默认 3，含今天）。"
        )

    def handle(self, *args, days, **options):
        today = timezone.localdate()
        due = due_items(PlanItem.objects.public(), today, days)
        people = (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(Q(leader__item_links__item__in=due) | Q(workplan_departments__item_links__item__in=due))
            .distinct()
            .order_by("pk")
        )
        for person in people:
            items = due_items(PlanItem.objects.public().for_user(person), today, days)
            self.stdout.write(f"{notices.person_name(person)}：{len(items)} 项")
            for item in items:
                left = notices.days_text(item, today)
                self.stdout.write(f"  {item.plan.display_title} 第{item.number}项 {left}：{item.content}")
            self.remind(person, items, today)
        if not due:
            self.stdout.write("没有逾期或即将到期的事项。")

    def remind(self, person, items, today):
        if not person.email:
            self.stdout.write("  （账号没有邮箱，未发送邮件）")
            return
        try:
            # The row and the e-mail succeed or fail together: a failed send is retried next run.
            with transaction.atomic():
                Reminder.objects.create(user=person, date=today, item_count=len(items))
                notices.mail("reminder", person, items, today=today)
        except IntegrityError:
            self.stdout.write("  （今天已经提醒过，未重复发送）")
            return
        except OSError as error:  # SMTP and socket errors: the others still get theirs
            self.stderr.write(f"  发送给 {person.email} 失败：{error}（下次运行时重试）")
            return
        self.stdout.write(f"  已发送邮件至 {person.email}")
