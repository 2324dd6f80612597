"""The 督办 steps: who may take which step on an item, in which state, and what it does.

Every path that changes an item's 督办 state goes through here (the task pages, 我的任务, the
office's overview, code). Each step checks who takes it, then its state, then records a `Step`
(who, when, what, why) and an audit entry, in one transaction:

- the office (whoever has `supervision.supervise`: 审核 and 管理员, supervision/apps.py)
  催办, 确认办结 or 退回, 批准 or 不予延期, and 评价;
- the item's leaders and its departments' staff (PlanItem.is_responsible) 签收 their own
  交办, 申请办结 and 申请延期.

A step by the wrong person raises PermissionDenied (the 403 page); a step that does not fit
the item's state, or bad input, raises TransitionError (a ValidationError, shown in Chinese).
"""

import functools
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from audit import models as audit
from audit.models import AuditEntry, record
from workplans.models import PlanItem

from . import notices
from .models import Assignment, Step, Supervision

OFFICE_PERMISSION = "supervision.supervise"
OFFICE, RESPONSIBLE = "office", "responsible"
Stage = Supervision.Stage


class TransitionError(ValidationError):
    """A 督办 step that does not fit the item's current state, or its input is wrong."""


def step(function):
    """One 督办 step: one transaction, and one audit entry of its own (audit.step: the item's
    revisions it saves, a new status or due date, are named by that entry instead of being
    logged again as 修改内容)."""

    @functools.wraps(function)
    def take(*args, **kwargs):
        with transaction.atomic(), audit.step():
            return function(*args, **kwargs)

    return take


def is_office(user):
    return user.has_perm(OFFICE_PERMISSION)


@dataclass(frozen=True)
class Transition:
    kind: str  # a Step.Kind
    actor: str  # OFFICE or RESPONSIBLE
    stages: frozenset  # the Supervision stages it starts from
    needs_reason: bool = False
    pending_extension: bool | None = None  # True: only with one; False: only without; None: either

    @property
    def label(self):
        return Step.Kind(self.kind).label


_NOT_CLOSED = frozenset({Stage.OPEN, Stage.COMPLETION_REQUESTED})
TRANSITIONS = {
    "urge": Transition(Step.Kind.URGE, OFFICE, _NOT_CLOSED, True),
    "request_completion": Transition(Step.Kind.REQUEST_COMPLETION, RESPONSIBLE, frozenset({Stage.OPEN})),
    "confirm_completion": Transition(
        Step.Kind.CONFIRM_COMPLETION, OFFICE, frozenset({Stage.COMPLETION_REQUESTED}), pending_extension=False
    ),
    "return_completion": Transition(
        Step.Kind.RETURN_COMPLETION, OFFICE, frozenset({Stage.COMPLETION_REQUESTED}), True
    ),
    "request_extension": Transition(
        Step.Kind.REQUEST_EXTENSION, RESPONSIBLE, frozenset({Stage.OPEN}), True, pending_extension=False
    ),
    # An extension asked for may still be decided after the leader has asked to close the item.
    "approve_extension": Transition(
        Step.Kind.APPROVE_EXTENSION, OFFICE, _NOT_CLOSED, pending_extension=True
    ),
    "refuse_extension": Transition(
        Step.Kind.REFUSE_EXTENSION, OFFICE, _NOT_CLOSED, True, pending_extension=True
    ),
    "rate": Transition(Step.Kind.RATE, OFFICE, frozenset({Stage.CLOSED})),
}


def supervision_of(item):
    """The item's 督办 state, locked for the step being taken (created on first use: items
    handed out before it existed)."""
    supervision, _ = Supervision.objects.select_for_update().get_or_create(item=item)
    return supervision


def _may_act(transition, item, user):
    if transition.actor == OFFICE:
        return is_office(user)
    return item.is_responsible(user)


def check_actor(action, item, user):
    """Raise PermissionDenied unless `user` is who takes `action` on `item`."""
    transition = TRANSITIONS[action]
    if not _may_act(transition, item, user):
        who = "办公室督办人员" if transition.actor == OFFICE else "本事项的责任领导和责任部室工作人员"
        raise PermissionDenied(f"只有{who}可以“{transition.label}”。")


def _state_error(transition, supervision):
    """Why `transition` does not fit the item's state now (None: it fits)."""
    if supervision.stage not in transition.stages:
        return f"不能“{transition.label}”：本事项当前是“{supervision.get_stage_display()}”。"
    if transition.pending_extension is True and not supervision.has_pending_extension:
        return f"不能“{transition.label}”：本事项没有待审批的延期申请。"
    if transition.pending_extension is False and supervision.has_pending_extension:
        if transition.actor == OFFICE:
            return f"本事项有待审批的延期申请，请先批准或不予延期，再“{transition.label}”。"
        return "本事项已有一项延期申请正在审批，请等待办公室处理。"
    return None


def check(action, item, user, reason=""):
    """Raise unless `user` may take `action` on `item` now; return the item's Supervision,
    locked until the step's transaction ends."""
    if action not in TRANSITIONS:
        raise TransitionError("未知的督办操作。")
    transition = TRANSITIONS[action]
    check_actor(action, item, user)
    supervision = supervision_of(item)
    error = _state_error(transition, supervision)
    if error:
        raise TransitionError(error)
    if transition.needs_reason and not reason.strip():
        raise TransitionError(f"“{transition.label}”时必须填写说明。")
    return supervision


def allowed(item, user):
    """The actions `user` may take on `item` now (for showing only the buttons that work);
    reads the state without writing or locking anything."""
    supervision = Supervision.objects.filter(item=item).first() or Supervision(item=item)
    may = {OFFICE: is_office(user), RESPONSIBLE: item.is_responsible(user)}
    return {
        action
        for action, transition in TRANSITIONS.items()
        if may[transition.actor] and _state_error(transition, supervision) is None
    }


def _record(item, user, kind, *, reason="", party="", **fields):
    step = Step.objects.create(item=item, kind=kind, user=user, reason=reason, party=party, **fields)
    detail = f"{step.get_kind_display()}：{item.plan} 第{item.number}项"
    if party:
        detail += f"（{party}）"
    if reason:
        detail += f"；{reason}"
    record(AuditEntry.Action.SUPERVISE, user, item, detail=detail)
    return step


# 交办 and 签收 -----------------------------------------------------------------------------


@step
def assign_items(items, plan):
    """交办: hand each item to each of its leaders and departments that does not have it yet,
    record it, and mail each person concerned once, listing their new items."""
    new = []
    for item in items:
        supervision_of(item)
        parties = [("leader", link.leader) for link in item.leader_links.all()] + [
            ("department", link.department) for link in item.department_links.all()
        ]
        for field, party in parties:
            assignment, created = Assignment.objects.get_or_create(item=item, **{field: party})
            if created:
                new.append(assignment)
                _record(item, None, Step.Kind.ASSIGN, party=party.name)
    by_user = {}
    for assignment in new:
        party = assignment.party
        people = [party.user] if assignment.leader_id else list(party.members.all())
        for user in people:
            if user is not None and user.is_active:
                entry = by_user.setdefault(user.pk, (user, [], []))
                if assignment.item not in entry[1]:
                    entry[1].append(assignment.item)
                if party.name not in entry[2]:
                    entry[2].append(party.name)

    transaction.on_commit(
        lambda: [
            notices.mail_after_step("assigned", user, user_items, plan=plan, party="、".join(parties))
            for user, user_items, parties in by_user.values()
        ]
    )
    return new


@step
def sign(assignment, user):
    """签收: the leader, or staff of the department, acknowledges the assignment."""
    if not assignment.may_sign(user):
        raise PermissionDenied("只能签收交办给您本人或您所在部室的事项。")
    if assignment.is_signed:
        raise TransitionError(
            f"“{assignment.party}”已于{timezone.localtime(assignment.signed_at):%Y-%m-%d %H:%M}签收。"
        )
    assignment.signed_by = user
    assignment.signed_at = timezone.now()
    assignment.save(update_fields=["signed_by", "signed_at"])
    _record(assignment.item, user, Step.Kind.SIGN, party=assignment.party.name)


# The office's and the responsible parties' steps ------------------------------------------


@step
def urge(item, user, reason):
    check("urge", item, user, reason)
    _record(item, user, Step.Kind.URGE, reason=reason.strip())
    people = notices.recipients(item)

    transaction.on_commit(
        lambda: [notices.mail_after_step("urged", person, [item], reason=reason.strip()) for person in people]
    )


@step
def request_completion(item, user, reason=""):
    supervision = check("request_completion", item, user, reason)
    supervision.stage = Stage.COMPLETION_REQUESTED
    supervision.save(update_fields=["stage"])
    _record(item, user, Step.Kind.REQUEST_COMPLETION, reason=reason.strip())


@step
def confirm_completion(item, user, reason=""):
    """办结: the item is done (PlanItem.Status.DONE), so it leaves the overdue lists."""
    supervision = check("confirm_completion", item, user, reason)
    supervision.stage = Stage.CLOSED
    supervision.save(update_fields=["stage"])
    if item.status != PlanItem.Status.DONE:
        item.status = PlanItem.Status.DONE
        item.save(update_fields=["status"])
    _record(item, user, Step.Kind.CONFIRM_COMPLETION, reason=reason.strip())


@step
def return_completion(item, user, reason):
    supervision = check("return_completion", item, user, reason)
    supervision.stage = Stage.OPEN
    supervision.save(update_fields=["stage"])
    _record(item, user, Step.Kind.RETURN_COMPLETION, reason=reason.strip())


@step
def request_extension(item, user, new_date, reason):
    supervision = check("request_extension", item, user, reason)
    today = timezone.localdate()
    if new_date is None:
        raise TransitionError("请填写申请延期到的日期。")
    if new_date <= item.deadline:
        raise TransitionError(f"新的完成时限应晚于现在的完成时限 {item.deadline_text}。")
    if new_date < today:
        raise TransitionError("新的完成时限不能早于今天。")
    supervision.requested_due_date = new_date
    supervision.save(update_fields=["requested_due_date"])
    _record(
        item,
        user,
        Step.Kind.REQUEST_EXTENSION,
        reason=reason.strip(),
        old_date=item.deadline,
        new_date=new_date,
    )


@step
def approve_extension(item, user, reason=""):
    """The item's due date becomes the requested one, so its deadline (PlanItem.deadline)
    follows the approved date everywhere."""
    supervision = check("approve_extension", item, user, reason)
    old_date, new_date = item.deadline, supervision.requested_due_date
    item.due_date = new_date
    item.save(update_fields=["due_date"])
    supervision.requested_due_date = None
    supervision.save(update_fields=["requested_due_date"])
    _record(
        item, user, Step.Kind.APPROVE_EXTENSION, reason=reason.strip(), old_date=old_date, new_date=new_date
    )


@step
def refuse_extension(item, user, reason):
    supervision = check("refuse_extension", item, user, reason)
    requested = supervision.requested_due_date
    supervision.requested_due_date = None
    supervision.save(update_fields=["requested_due_date"])
    _record(
        item,
        user,
        Step.Kind.REFUSE_EXTENSION,
        reason=reason.strip(),
        old_date=item.deadline,
        new_date=requested,
    )


@step
def rate(item, user, rating, reason=""):
    supervision = check("rate", item, user, reason)
    if rating not in Supervision.Rating.values:
        raise TransitionError("请选择评价等级。")
    supervision.rating = rating
    supervision.save(update_fields=["rating"])
    _record(item, user, Step.Kind.RATE, reason=reason.strip(), rating=rating)
