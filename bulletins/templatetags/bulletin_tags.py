from django import template
from django.db.models import Prefetch, prefetch_related_objects

from workplans.models import PlanItem

register = template.Library()


@register.filter
def with_completed_plan_items(sections):
    """The bulletin sections, each with `completed_plan_items`: the published plan items whose
    completion it reports (PlanItem.summary_section). One query for all sections."""
    sections = list(sections)
    prefetch_related_objects(
        sections,
        Prefetch(
            "plan_items",
            queryset=PlanItem.objects.public().select_related("plan").order_by("plan__month", "order"),
            to_attr="completed_plan_items",
        ),
    )
    return sections
