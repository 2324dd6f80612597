"""交办 on publication: a plan is handed out (assignment.assign_plan) when workplans announces it
published (`workplans.signals.plan_published`: the 审核's approval, or an import that
publishes), once that transaction commits, so that items saved with the plan in the same
form are handed out too; a leader or department added to an item of a published plan later
gets it the same way."""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_save

from workplans.models import PlanItemDepartment, PlanItemLeader, WorkPlan
from workplans.signals import plan_published

from .assignment import assign_plan
from .transitions import assign_items


def _assign_when_published(sender, plan, **kwargs):
    transaction.on_commit(partial(assign_plan, plan))


def _assign_new_party(sender, instance, created, **kwargs):
    item = instance.item
    if created and item.plan.is_published:
        transaction.on_commit(partial(assign_items, [item], item.plan))


def connect():
    plan_published.connect(_assign_when_published, sender=WorkPlan, dispatch_uid="supervision.assign")
    for model in (PlanItemLeader, PlanItemDepartment):
        uid = f"supervision.assign_{model.__name__}"
        post_save.connect(_assign_new_party, sender=model, dispatch_uid=uid)
