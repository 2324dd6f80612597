"""The work plans' signals.

`plan_published(sender=WorkPlan, plan=…, user=…)` is sent each time a plan becomes 已发布
(workplans.planning: 审核通过并发布, or a bulletin import that publishes its plan), inside the
transaction that publishes it: a receiver's rows are saved or dropped with the plan's state,
and a receiver that sends mail should do so in `transaction.on_commit`. A plan withdrawn and
approved again sends it again, so receivers must be idempotent.

`connect()` keeps the page cache exact for the work plans (core.page_cache): plans, items,
their leader and department links, leaders, departments and progress reports (which set an
item's status) appear on the plan, leader, department and bulletin pages.
"""

from django.dispatch import Signal

from core import page_cache

from .models import Department, Leader, PlanItem, PlanItemDepartment, PlanItemLeader, ProgressReport, WorkPlan

plan_published = Signal()


def connect():
    page_cache.watch(
        WorkPlan, PlanItem, PlanItemLeader, PlanItemDepartment, Leader, Department, ProgressReport
    )
