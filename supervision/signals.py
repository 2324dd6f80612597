"""交办 on publication: a plan whose status becomes 已发布 is handed out (assignment.assign_plan)
once the transaction that published it commits, so that items saved with the plan in the same
form are handed out too."""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_save, pre_save

from workplans.models import WorkPlan

from .assignment import assign_plan


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


def connect():
    pre_save.connect(_remember_status, sender=WorkPlan, dispatch_uid="supervision.remember_status")
    post_save.connect(_assign_when_published, sender=WorkPlan, dispatch_uid="supervision.assign")
