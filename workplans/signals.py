"""Keep the page cache exact for the work plans (core.page_cache): plans, items, their leader
and department links, leaders, departments and progress reports (which set an item's
status) appear on the plan, leader, department and bulletin pages."""

from core import page_cache

from .models import Department, Leader, PlanItem, PlanItemDepartment, PlanItemLeader, ProgressReport, WorkPlan


def connect():
    page_cache.watch(
        WorkPlan, PlanItem, PlanItemLeader, PlanItemDepartment, Leader, Department, ProgressReport
    )
