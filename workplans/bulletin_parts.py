"""The work plan's part of a bulletin's page: the plan the bulletin publishes, and under each
summary section the plan items whose completion it reports."""

from bulletins.pages import BulletinPagePart
from core import page_cache

from .models import PlanItem, WorkPlan


class PlanInBulletin(BulletinPagePart):
    template = "workplans/includes/bulletin_plan.html"
    section_template = "workplans/includes/section_plan_items.html"

    def context(self, bulletin, sections, viewer):
        # Plans, items and their links start a new content generation (workplans.signals).
        return page_cache.remember_for_public(
            f"bulletin-plan:{bulletin.pk}", viewer, WorkPlan, lambda: self.read(bulletin, sections, viewer)
        )

    def read(self, bulletin, sections, viewer):
        """The plan `viewer` may see, its items, and the public items each section reports
        (`completed`: {section id: items}, which the section template looks up)."""
        completed = {section.pk: [] for section in sections}
        reported = (
            PlanItem.objects.public().filter(summary_section__in=list(completed))
            .select_related("plan").order_by("plan__month", "order")
        )
        for item in reported:
            completed[item.summary_section_id].append(item)
        plan = WorkPlan.objects.visible_to(viewer).filter(bulletin=bulletin).first()
        return {
            "plan": plan,
            "items": list(plan.items.with_responsibility()) if plan else [],
            "completed": completed,
        }
