"""The office's monthly overview (督办): tallies by leader and department, and the chart."""

from dataclasses import dataclass

from django.db.models import Count, Q

from .models import PlanItem


@dataclass
class Tally:
    """One row of the overview matrix: a leader's or a department's items in the month."""

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
