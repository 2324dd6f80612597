"""The 督办 part of the leaders' workspace (workplans.task_panels): on an item's task page its
交办 and 签收, its 督办 state, the steps the viewer may take and the history; on 我的任务 what
waits for signing, the office's urgings and today's reminder text."""

import datetime as dt

from django.utils import timezone

from core.permissions import may_preview
from workplans.models import DUE_SOON_DAYS, PlanItem, WorkPlan
from workplans.task_panels import TaskPanel

from . import notices, transitions
from .forms import form_for
from .models import Assignment, Step, Supervision

# 我的任务 shows the office's urgings of open items from this many days back.
URGE_DAYS = 30


def due_items(items, today=None, days=DUE_SOON_DAYS):
    """The open items of `items` that a reminder lists: overdue or due within `days` days,
    of plans still open (closed plans take no more reports)."""
    return list(
        items.filter(plan__closed=False)
        .needing_attention(today, days)
        .select_related("plan")
        .with_responsibility()
        .order_by("plan__month", "order", "pk")
    )


class SupervisionPanel(TaskPanel):
    item_template = "supervision/item_panel.html"
    tasks_template = "supervision/tasks_panel.html"

    def item_context(self, request, item):
        user = request.user
        actions = transitions.allowed(item, user)
        assignments = list(item.assignments.select_related("leader__user", "department", "signed_by"))
        handlers = {
            link.department_id: link.handler
            for link in item.department_links.select_related("handler")
            if link.handler_id
        }
        return {
            "supervision": Supervision.objects.filter(item=item).first(),
            "assignments": [
                (assignment, assignment.may_sign(user), handlers.get(assignment.department_id))
                for assignment in assignments
            ],
            "steps": item.supervision_steps.select_related("user"),
            "forms": [
                (action, transitions.TRANSITIONS[action], form_for(action))
                for action in transitions.TRANSITIONS
                if action in actions
            ],
            "next": request.get_full_path(),
        }

    def tasks_context(self, request):
        """Whatever the list's filters: all the user's items, as the reminder mail has them."""
        user = request.user
        today = timezone.localdate()
        mine = PlanItem.objects.public().for_user(user)
        since = timezone.now() - dt.timedelta(days=URGE_DAYS)
        urged = (
            Step.objects.filter(kind=Step.Kind.URGE, item__in=mine, created_at__gte=since)
            .exclude(item__status=PlanItem.Status.DONE)
            .select_related("item__plan", "user")
        )
        due = due_items(mine, today)
        return {
            "unsigned": list(
                Assignment.objects.for_user(user)
                .unsigned()
                .filter(item__in=mine)
                .select_related("item__plan", "leader", "department")
            ),
            "urged": list(urged),
            "reminder": notices.notice_text("reminder", user, due, today, request) if due else "",
            # The overview's own rule (workplans.views.OfficeRequiredMixin).
            "sees_overview": may_preview(user, WorkPlan),
            "next": request.get_full_path(),
        }
