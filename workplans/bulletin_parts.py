"""The work plan's part of a bulletin's page: the plan the bulletin publishes, and under each
summary section the plan items whose completion it reports."""

from django.db.models import Prefetch, prefetch_related_objects

from bulletins.pages import BulletinPagePart

from .models import PlanItem, WorkPlan


class PlanInBulletin(BulletinPagePart):
    template = "workplans/includes/bulletin_plan.html"
    section_template = "workplans/includes/section_plan_items.html"

    def context(self, bulletin, sections, viewer):
        prefetch_related_objects(
            sections,
            Prefetch(
                "plan_items",
                queryset=PlanItem.objects.public().select_related("plan").order_by("plan__month", "order"),
                to_attr="completed_plan_items",
            ),
        )
        plan = WorkPlan.objects.visible_to(viewer).filter(bulletin=bulletin).first()
        return {"plan": plan, "items": list(plan.items.with_responsibility()) if plan else []}
