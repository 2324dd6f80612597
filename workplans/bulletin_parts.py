"""The work plan's part of a bulletin's page: the plan the bulletin publishes, and under each
summary section the plan items whose completion it reports."""

from django.db.models import Prefetch, prefetch_related_objects

from bulletins.pages import BulletinPagePart
from core import page_cache
from core.permissions import may_preview

from .models import PlanItem, WorkPlan


class PlanInBulletin(BulletinPagePart):
    template = "workplans/includes/bulletin_plan.html"
    section_template = "workplans/includes/section_plan_items.html"

    def context(self, bulletin, sections, viewer):
        if may_preview(viewer, WorkPlan):
            found = self.read(bulletin, sections, viewer)
        else:
            # The same for everyone who sees what the public sees: kept for the content
            # generation (plans, items and their links start a new one, workplans.signals),
            # from the sections as they are now (the page's may be older than the generation).
            found = page_cache.remember(
                f"bulletin-plan:{bulletin.pk}",
                lambda: self.read(bulletin, list(bulletin.sections.all()), viewer),
            )
        for section in sections:
            section.completed_plan_items = found["completed"].get(section.pk, [])
        return {"plan": found["plan"], "items": found["items"]}

    def read(self, bulletin, sections, viewer):
        """The plan `viewer` may see and its items, and the public items each section reports
        ({section id: items})."""
        prefetch_related_objects(
            sections,
            Prefetch(
                "plan_items",
                queryset=PlanItem.objects.public().select_related("plan").order_by("plan__month", "order"),
                to_attr="completed_plan_items",
            ),
        )
        plan = WorkPlan.objects.visible_to(viewer).filter(bulletin=bulletin).first()
        return {
            "plan": plan,
            "items": list(plan.items.with_responsibility()) if plan else [],
            "completed": {section.pk: section.completed_plan_items for section in sections},
        }
