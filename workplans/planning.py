"""Planning a month: the plan's review (草稿 → 待审核 → 已发布, like an article) and next
month's plan made from the current one.

Every change of a plan's status goes through `take`: the admin's buttons and list actions
and code. Publishing needs `workplans.publish_workplan` (审核 and 管理员 have it, 编辑 do not);
each step is kept in the plan's history and in the audit log, and publishing sends
`workplans.signals.plan_published`.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from audit.models import AuditEntry, record
from core.chinese import month_label
from core.transitions import Transition

from .models import PlanItem, WorkPlan
from .signals import plan_published

Status = WorkPlan.Status
PUBLISH_PERMISSION = "workplans.publish_workplan"
EDIT_PERMISSION = "workplans.change_workplan"

TRANSITIONS = {
    "submit": Transition(
        "提交审核", frozenset({Status.DRAFT, Status.RETURNED}), Status.PENDING,
        permission=EDIT_PERMISSION, audit_action=AuditEntry.Action.SUBMIT,
    ),
    "approve": Transition(
        "审核通过并发布", frozenset({Status.PENDING}), Status.PUBLISHED,
        permission=PUBLISH_PERMISSION, audit_action=AuditEntry.Action.PUBLISH,
    ),
    "send_back": Transition(
        "退回修改", frozenset({Status.PENDING}), Status.RETURNED,
        permission=PUBLISH_PERMISSION, audit_action=AuditEntry.Action.SEND_BACK,
    ),
    "withdraw": Transition(
        "撤回", frozenset({Status.PUBLISHED}), Status.DRAFT,
        permission=PUBLISH_PERMISSION, audit_action=AuditEntry.Action.UNPUBLISH,
    ),
}


class PlanReviewError(ValidationError):
    """A review step that this user may not take, or not in the plan's current state."""


def may_publish(user):
    return user.has_perm(PUBLISH_PERMISSION)


def may_edit(plan, user):
    """A published plan, its items included, changes only through those who may publish it:
    a 编辑 asks a 审核 to withdraw it first (what the public reads is reviewed)."""
    return plan.status != Status.PUBLISHED or may_publish(user)


def editable_plans(user):
    """The plans `user` may add items to or change."""
    plans = WorkPlan.objects.all()
    return plans if may_publish(user) else plans.exclude(status=Status.PUBLISHED)


def check(plan, action, user, comment=""):
    """Raise PlanReviewError unless `user` may take `action` on `plan` now."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise PlanReviewError("未知的审核操作。")
    if not user.has_perm(EDIT_PERMISSION):
        raise PlanReviewError("您没有修改工作计划的权限。")
    if transition.permission == PUBLISH_PERMISSION and not may_publish(user):
        raise PlanReviewError(
            f"您没有审核发布工作计划的权限，不能“{transition.label}”；请提交审核，由审核人员处理。"
        )
    if plan.status not in transition.sources:
        allowed = "、".join(f"“{Status(source).label}”" for source in sorted(transition.sources))
        raise PlanReviewError(
            f"不能“{transition.label}”：“{plan}”当前是“{plan.get_status_display()}”，"
            f"只有{allowed}的计划可以{transition.label}。"
        )
    # A plan being added has no items saved yet: `take` checks again once they are.
    if action == "submit" and plan.pk is not None and not plan.items.exists():
        raise PlanReviewError(f"“{plan}”还没有事项，不能提交审核。")
    if action == "send_back" and not comment.strip():
        raise PlanReviewError("退回时必须填写退回意见，说明需要修改的地方。")


def allowed(plan, user):
    """{action: label} of the steps `user` may take on `plan` now."""
    steps = {}
    for action, transition in TRANSITIONS.items():
        try:
            check(plan, action, user, comment="-")
        except PlanReviewError:
            continue
        steps[action] = transition.label
    return steps


def take(plan, action, user, comment=""):
    """Take the review step `action` (checked first): the status changes, the plan's history
    and the audit log record who did it; publishing sends `plan_published`."""
    with transaction.atomic():
        plan = WorkPlan.objects.select_for_update().get(pk=plan.pk)
        check(plan, action, user, comment)
        transition = TRANSITIONS[action]
        plan.status, plan.review_comment = transition.target, comment.strip()
        plan._history_user, plan._change_reason = user, transition.label
        plan.save(update_fields=["status", "review_comment"])
        if plan.status == Status.PUBLISHED:
            announce_published(plan, user, comment.strip())
        else:
            record(transition.audit_action, user, plan, comment.strip())
    return plan


def announce_published(plan, user=None, detail=""):
    """A plan has just become 已发布 (a review step, or an import that publishes it): the audit
    entry and `plan_published`, in the caller's transaction."""
    record(AuditEntry.Action.PUBLISH, user, plan, detail)
    plan_published.send(sender=WorkPlan, plan=plan, user=user)


def review_steps(plan):
    """The review steps taken on `plan`, oldest first, with who and when (the audit log)."""
    actions = {transition.audit_action for transition in TRANSITIONS.values()}
    return list(
        AuditEntry.objects.filter(
            content_type__app_label="workplans", content_type__model="workplan",
            object_id=str(plan.pk), action__in=actions,
        ).order_by("created_at", "pk")
    )


# Next month's plan ----------------------------------------------------------------------------


class NextPlanError(ValidationError):
    """Next month's plan cannot be made; the message is for the editor."""


def next_month(month):
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def create_next_month(plan, user):
    """A draft plan for the month after `plan`'s, with `plan`'s unfinished items carried over
    (续办): each keeps its content, note, status, leaders and departments in order and links to
    the item it continues, whose reports stay with it. Due dates are not copied (they fell in
    the earlier month): a carried-over item is due by the end of its new month."""
    month = next_month(plan.month)
    existing = WorkPlan.objects.filter(organization=plan.organization, month=month).first()
    if existing is not None:
        raise NextPlanError(f"{month_label(month)}的计划“{existing}”已经存在，没有重复创建。")
    with transaction.atomic():
        new_plan = WorkPlan(organization=plan.organization, month=month)
        new_plan._history_user, new_plan._change_reason = user, f"由“{plan}”新建下月计划"
        new_plan.save()
        unfinished = plan.items.exclude(status=PlanItem.Status.DONE).with_responsibility()
        for number, item in enumerate(unfinished, 1):
            copy = PlanItem(
                plan=new_plan, order=number, content=item.content,
                responsibility_note=item.responsibility_note, status=item.status, carried_from=item,
            )
            copy._history_user, copy._change_reason = user, "续办"
            copy.save()
            copy.set_responsible(item.ordered_leaders, item.ordered_departments)
    return new_plan
