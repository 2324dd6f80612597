"""The column monitor (栏目监测): what a government website inspection checks about updates.

Inspections treat as veto items a home page with no new content for two weeks, more than a
handful of blank columns, and columns that should update and have not. The thresholds live
in the site settings (home_stale_days, blank_columns_limit) and on each column
(update_interval_days); the admin index shows the result and `manage.py column_report`
mails it weekly.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Max
from django.utils import timezone

from core.models import SiteSettings

from .models import Article, Column, ColumnTree


@dataclass
class ColumnState:
    column: object
    path: str
    last_published: dt.datetime | None
    interval: int | None
    now: dt.datetime

    @property
    def is_blank(self):
        return self.last_published is None

    @property
    def days_since(self):
        if self.last_published is None:
            return None
        return (timezone.localdate(self.now) - timezone.localdate(self.last_published)).days

    @property
    def is_overdue(self):
        """Expected to update every `interval` days, and the newest article is older."""
        return self.interval is not None and (self.is_blank or self.days_since > self.interval)


@dataclass
class MonitorReport:
    now: dt.datetime
    settings: SiteSettings
    states: list = field(default_factory=list)
    newest: dt.datetime | None = None

    @property
    def blank(self):
        return [state for state in self.states if state.is_blank]

    @property
    def overdue(self):
        return [state for state in self.states if state.is_overdue]

    @property
    def home_days_since(self):
        if self.newest is None:
            return None
        return (timezone.localdate(self.now) - timezone.localdate(self.newest)).days

    @property
    def home_is_stale(self):
        days = self.home_days_since
        return days is None or days > self.settings.home_stale_days

    @property
    def too_many_blank(self):
        return len(self.blank) > self.settings.blank_columns_limit

    @property
    def has_problems(self):
        return self.home_is_stale or self.too_many_blank or bool(self.overdue) or bool(self.blank)

    def lines(self):
        """The report as plain-text lines (the e-mail and the command's output)."""
        site = self.settings
        newest = timezone.localdate(self.newest) if self.newest else None
        out = [f"{site.site_name} 栏目监测（{timezone.localtime(self.now):%Y-%m-%d %H:%M}）", ""]
        if self.newest is None:
            out.append(f"【警示】首页没有任何公开文章（要求至少每 {site.home_stale_days} 天更新）。")
        elif self.home_is_stale:
            out.append(f"【警示】首页已 {self.home_days_since} 天没有更新"
                       f"（要求至少每 {site.home_stale_days} 天更新），最近一篇发布于 {newest:%Y-%m-%d}。")
        else:
            out.append(f"首页最近更新：{newest:%Y-%m-%d}（{self.home_days_since} 天前）。")
        flag = "【警示】" if self.too_many_blank else ""
        out.append(f"{flag}空白栏目 {len(self.blank)} 个（上限 {site.blank_columns_limit} 个）"
                   + ("：" + "、".join(state.path for state in self.blank) if self.blank else "。"))
        if self.overdue:
            out.append(f"【警示】超期未更新的栏目 {len(self.overdue)} 个：")
            for state in self.overdue:
                when = "从未发布" if state.is_blank else f"已 {state.days_since} 天未更新"
                out.append(f"  {state.path}：{when}（应每 {state.interval} 天更新）")
        else:
            out.append("没有超期未更新的栏目。")
        return out


def column_report(now=None):
    """The state of every column, from two queries (the tree, the newest date per column)."""
    now = now or timezone.now()
    tree = ColumnTree(Column.objects.all())
    newest_by_column = dict(
        Article.objects.published().order_by().values_list("column_id").annotate(newest=Max("publish_at"))
    )
    report = MonitorReport(
        now=now, settings=SiteSettings.load(), newest=max(newest_by_column.values(), default=None)
    )
    for column in tree.in_order():
        dates = [newest_by_column[pk] for pk in tree.descendant_ids(column) if pk in newest_by_column]
        report.states.append(ColumnState(
            column=column,
            path=" > ".join(c.name for c in tree.ancestors(column)),
            last_published=max(dates, default=None),
            interval=column.update_interval_days,
            now=now,
        ))
    return report

