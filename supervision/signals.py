"""交办 on publication: a plan whose status becomes 已发布 is handed out (assignment.assign_plan)
once the transaction that published it commits, so that items saved with the plan in the same
form are handed out too; a leader or department added to an item of a published plan later
gets it the same way."""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_save, pre_save

from workplans.models import PlanItemDepartment, PlanItemLeader, WorkPlan

from .assignment import assign_plan
from .transitions import assign_items


def _remember_status(sender, instance, **kwargs):
    before = (
        sender.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
        if instance.pk
        else None
    )
    instance._status_before_save = before


def _assign_when_published(sender, instance, **kwargs):
    if instance.is_published and getattr(instance, "_status_before_save", None) != WorkPlan.Status.PUBLISHED:
        transaction.on_commit(partial(assign_plan, instance))


def _assign_new_party(sender, instance, created, **kwargs):
    item = instance.item
    if created and item.plan.is_published:
        transaction.on_commit(partial(assign_items, [item], item.plan))


def connect():
    pre_save.connect(_remember_status, sender=WorkPlan, dispatch_uid="supervision.remember_status")
    post_save.connect(_assign_when_published, sender=WorkPlan, dispatch_uid="supervision.assign")
    for model in (PlanItemLeader, PlanItemDepartment):
        uid = f"supervision.assign_{model.__name__}"
        post_save.connect(_assign_new_party, sender=model, dispatch_uid=uid)
