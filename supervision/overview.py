"""督办总览: what the office follows across months — open overdue items, items due within N
days, items not yet signed for, requests waiting for the office, completion by leader and by
department over a period, and the monthly completion chart."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from core.chinese import month_label
from workplans.models import Deadlines, PlanItem

from .models import Assignment, Supervision


@dataclass
class Tally:
    """One row of the overview matrix: a leader's or a department's items in the period."""

    party: object
    total: int = 0
    done: int = 0
    in_progress: int = 0
    not_started: int = 0
    postponed: int = 0
    overdue: int = 0

    def add(self, item):
        self.total += 1
        setattr(self, item.status, getattr(self, item.status) + 1)
        self.overdue += item.is_overdue

    @property
    def rate(self):
        return round(100 * self.done / self.total) if self.total else 0


def tally(items, parties_of):
    """Tallies per party in the parties' own order (Leader/Department `order`, then pk)."""
    rows = {}
    for item in items:
        for party in parties_of(item):
            rows.setdefault(party.pk, Tally(party)).add(item)
    return sorted(rows.values(), key=lambda row: (row.party.order, row.party.pk))


def _listed(items):
    return items.select_related("plan", "supervision").with_responsibility().with_urgency()


@dataclass
class Overview:
    """Everything the overview page and its Excel export show, for one period and window."""

    start: dt.date  # first plan month of the period
    end: dt.date  # last plan month of the period
    days: int  # "due soon" window
    today: dt.date

    @classmethod
    def build(cls, start, end, days, today=None):
        overview = cls(start, end, days, today or timezone.localdate())
        overview.load()
        return overview

    def load(self):
        deadlines = Deadlines(self.today, soon_days=self.days)
        public = PlanItem.objects.public()
        self.period_items = list(_listed(public.filter(plan__month__range=(self.start, self.end))))
        self.by_leader = tally(self.period_items, lambda item: item.ordered_leaders)
        self.by_department = tally(self.period_items, lambda item: item.ordered_departments)
        # Across all months: an open item does not drop out of view when its month is over.
        self.overdue = list(_listed(public.filter(deadlines.overdue)).order_by("plan__month", "order", "pk"))
        self.due_soon = list(
            _listed(public.filter(deadlines.due_soon)).order_by("due_date", "plan__month", "order")
        )
        self.unsigned = list(
            Assignment.objects.unsigned()
            .filter(item__in=public.exclude(status=PlanItem.Status.DONE))
            .select_related("item__plan", "leader", "department")
            .order_by("item__plan__month", "item__order", "pk")
        )
        self.pending = list(
            _listed(
                public.filter(
                    Q(supervision__stage=Supervision.Stage.COMPLETION_REQUESTED)
                    | Q(supervision__requested_due_date__isnull=False)
                )
            ).order_by("plan__month", "order", "pk")
        )
        # The period's items the office has closed (办结), with their 评价.
        self.closed = [
            item
            for item in self.period_items
            if getattr(item, "supervision", None) and item.supervision.stage == Supervision.Stage.CLOSED
        ]
        self.chart = completion_by_month(self.end)

    @property
    def unsigned_by_item(self):
        """[(item, its unsigned assignments)] in the order of `unsigned`."""
        groups = {}
        for assignment in self.unsigned:
            groups.setdefault(assignment.item_id, (assignment.item, []))[1].append(assignment)
        return list(groups.values())

    @property
    def period_label(self):
        if self.start == self.end:
            return month_label(self.start)
        return f"{month_label(self.start)}至{month_label(self.end)}"

    @property
    def title(self):
        return f"督办总览（{self.period_label}）"

    @property
    def plans(self):
        return sorted({item.plan for item in self.period_items}, key=lambda plan: (plan.month, plan.pk))


# The chart's drawing area in SVG user units; bars are scaled to CHART_HEIGHT for 100 %.
CHART_HEIGHT = 160
BAR_STEP = 56
BAR_WIDTH = 32
CHART_TOP = 24


def completion_by_month(until, months=12):
    """Completion of published plans' items for the `months` months up to `until`, oldest
    first, each with the bar geometry of the server-rendered SVG chart."""
    rows = list(
        PlanItem.objects.public()
        .filter(plan__month__lte=until)
        .values("plan__month")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(status=PlanItem.Status.DONE)))
        .order_by("-plan__month")[:months]
    )
    rows.reverse()
    for index, row in enumerate(rows):
        row["month"] = row.pop("plan__month")
        row["rate"] = round(100 * row["done"] / row["total"]) if row["total"] else 0
        row["height"] = round(CHART_HEIGHT * row["rate"] / 100)
        row["x"] = 16 + index * BAR_STEP
        row["y"] = CHART_TOP + CHART_HEIGHT - row["height"]
        row["label_x"] = row["x"] + BAR_WIDTH // 2
    return {
        "rows": rows,
        "width": 32 + max(len(rows), 6) * BAR_STEP,  # a lone month still gets a readable chart
        "height": CHART_TOP + CHART_HEIGHT + 40,
        "baseline": CHART_TOP + CHART_HEIGHT,
        "bar_width": BAR_WIDTH,
    }
