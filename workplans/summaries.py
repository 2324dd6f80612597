"""Close the plan → summary loop: draft next month's bulletin from a plan's completed items."""

from django.db import transaction

from bulletins.models import Bulletin, BulletinSection, BulletinSeries
from core.chinese import to_chinese
from core.sanitize import paragraphs_to_html
from news.models import Article

from .models import PlanItem

# The heading for completed items that name no department (only 相关部室 or nobody).
OTHER_WORK = "其他工作"


class SummaryDraftError(Exception):
    """The draft cannot be made; the message is for the editor."""


def series_for(plan):
    if plan.bulletin_id:
        return plan.bulletin.series
    series = list(BulletinSeries.objects.all()[:2])
    if len(series) != 1:
        raise SummaryDraftError(
            "本计划没有关联刊登它的工会要情，且刊物不止一种（或还没有刊物），无法确定综述的刊物。"
        )
    return series[0]


def group_by_first_department(items):
    """[(heading, items)]: each item once, under its first department, departments in their
    own order; items with no department last, under OTHER_WORK."""
    groups = {}
    for item in items:
        departments = item.ordered_departments
        groups.setdefault(departments[0] if departments else None, []).append(item)
    ordered = sorted((d for d in groups if d is not None), key=lambda d: (d.order, d.pk))
    result = [(department.name, groups[department]) for department in ordered]
    return result + ([(OTHER_WORK, groups[None])] if None in groups else [])


def item_paragraphs(item):
    report = item.latest_report
    return [item.content] + ([f"进展情况：{report.text}"] if report else [])


def existing_summary(plan, series):
    """The issue of `series` that already summarises the plan's month, if any (outside the
    recycle bin): drafting again opens it rather than taking a second issue number."""
    return (
        Bulletin.objects.filter(series=series, report_month=plan.month, deleted_at__isnull=True)
        .order_by("pk")
        .first()
    )


@transaction.atomic
def draft_next_summary(plan):
    """(bulletin, created): a draft bulletin summarising the plan's month, one section per
    department, or the issue that already summarises it (created False).

    The completed items are linked to the section that reports them (PlanItem.summary_section),
    so the bulletin page lists them under it once the editor publishes the draft.
    """
    series = series_for(plan)
    if (existing := existing_summary(plan, series)) is not None:
        return existing, False
    items = list(
        plan.items.filter(status=PlanItem.Status.DONE).with_responsibility().with_latest_report()
    )
    if not items:
        raise SummaryDraftError(f"“{plan}”还没有已完成的事项，无法生成综述草稿。")
    subject = f"{plan.organization}{to_chinese(plan.month.month)}月份工作"
    bulletin = Bulletin.objects.create(
        series=series,
        year=plan.month.year,
        subject=subject,
        summary_title=f"{subject}综述",
        report_month=plan.month,
        status=Article.Status.DRAFT,
    )
    for order, (heading, group) in enumerate(group_by_first_department(items), 1):
        body = "".join(paragraphs_to_html(item_paragraphs(item)) for item in group)
        section = BulletinSection.objects.create(
            bulletin=bulletin, order=order, heading=heading, body=body
        )
        for item in group:
            item.summary_section = section
    PlanItem.objects.bulk_update(items, ["summary_section"])
    return bulletin, True
