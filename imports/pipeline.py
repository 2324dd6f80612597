"""Turn a parsed bulletin into a structured bulletin and work plan.

The parser (imports.parser) knows nothing of the database; this module decides what a
parsed name means here (an existing leader, a new one, or a note that is no department) and
writes everything in one transaction.
"""

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from bulletins.models import Bulletin, BulletinSection, BulletinSeries
from core.chinese import MONTH_PATTERN, from_chinese, join_names, month_in_text, to_chinese
from core.sanitize import paragraphs_to_html
from news.models import Article, Column
from workplans import planning
from workplans.models import Department, Leader, PlanItem, WorkPlan

from .parser import ParsedBulletin, parse_bulletin

# Wording that names a group of offices rather than one department (the seed's 相关部室).
NOT_A_DEPARTMENT = re.compile(r"^(相关|有关|各)(部室|部门|单位|处室)$")
DEADLINE = re.compile(MONTH_PATTERN + r"(?:(?P<end>底|末)|(?P<day>[0-9]{1,2})日)")


class BulletinImportError(Exception):
    """An import that cannot be saved; the message is for the editor."""

    pass


def split_responsibility(names):
    """(department names, note): generic wording goes to the note, never dropped."""
    departments = [name for name in names if not NOT_A_DEPARTMENT.match(name)]
    note = join_names(name for name in names if NOT_A_DEPARTMENT.match(name))
    return departments, note


def guess_due_date(content, plan_month):
    """The deadline an item states (力争11月底 → 2020-11-30), or None.

    A month before the plan's own month belongs to the next year (a December plan that says
    1月底 means January of the following year).
    """
    match = DEADLINE.search(content)
    if not match:
        return None
    month = from_chinese(match["month"])
    if not 1 <= month <= 12:
        return None
    year = plan_month.year + (1 if month < plan_month.month else 0)
    last_day = calendar.monthrange(year, month)[1]
    day = last_day if match["end"] else min(int(match["day"]), last_day)
    return dt.date(year, month, day)


def new_names(parsed_items):
    """(leader names, department names) the items name that do not exist yet."""
    leader_names = _unique(name for item in parsed_items for name in item.leaders)
    department_names = _unique(
        name for item in parsed_items for name in split_responsibility(item.departments)[0]
    )
    known_leaders = set(Leader.objects.filter(name__in=leader_names).values_list("name", flat=True))
    known_departments = set(
        Department.objects.filter(name__in=department_names).values_list("name", flat=True)
    )
    return (
        [name for name in leader_names if name not in known_leaders],
        [name for name in department_names if name not in known_departments],
    )


def preview_items(parsed_plan):
    """Plan items with their departments and note split as they will be saved."""
    return [
        (item, *split_responsibility(item.departments)) for item in (parsed_plan.items if parsed_plan else [])
    ]


@dataclass
class ImportPreview:
    """What confirming an import will create, for the preview page and the command.

    On an installation with no series of the name the title gives, `new_series_column` (a
    column) asks for that series to be created with the issue, in that column.
    """

    parsed: ParsedBulletin
    series: BulletinSeries | None
    new_leaders: list[str] = field(default_factory=list)
    new_departments: list[str] = field(default_factory=list)
    new_series_column: Column | None = None

    @classmethod
    def build(cls, parsed, series=None, new_series_column=None):
        """Compare `parsed` with the database; `series` defaults to the one the title names."""
        if series is None:
            series = BulletinSeries.objects.filter(name=parsed.series).first()
        new_leaders, new_departments = new_names(parsed.plan.items if parsed.plan else [])
        return cls(
            parsed=parsed,
            series=series,
            new_leaders=new_leaders,
            new_departments=new_departments,
            new_series_column=new_series_column if series is None else None,
        )

    @property
    def new_series(self):
        """The name of the series this import creates, if it creates one."""
        return self.parsed.series if self.series is None and self.new_series_column else None

    @property
    def problems(self):
        """Reasons the import cannot be saved, in words for the editor."""
        parsed, problems = self.parsed, []
        if parsed.series is None and parsed.plan and not parsed.year and not parsed.sections:
            return ["这是一份单独的工作计划，不是一期工会要情：请在“月度工作计划”中点“导入工作计划”导入。"]
        if self.series is None and parsed.series is None:
            problems.append("没有识别出刊物名称（标题应形如“工会要情摘报2020年第六十二期:…”），请选择刊物。")
        elif self.series is None and not self.new_series:
            problems.append(
                f"还没有名为“{parsed.series}”的刊物：请在上面选择新刊物所在的栏目，导入时一并新建该刊物。"
            )
        if not parsed.year:
            problems.append("没有识别出期号所属的年份（标题应形如“工会要情摘报2020年第六十二期:…”）。")
        elif self.series and parsed.issue_number and self.series.bulletins.filter(
            year=parsed.year, number=parsed.issue_number
        ).exists():
            problems.append(f"{self.series.issue_name(parsed.year, parsed.issue_number)}已经存在。")
        return problems

    @property
    def items(self):
        return preview_items(self.parsed.plan)

    def summary_lines(self):
        parsed = self.parsed
        number = to_chinese(parsed.issue_number) if parsed.issue_number else "?"
        lines = [
            f"标题：{parsed.series or '（未识别）'}{parsed.year or '?'}年第{number}期:"
            f"{parsed.subject or ''}",
            f"信息来源：{parsed.source or '（无）'}  发布时间：{parsed.published_on or '（无）'}",
            f"综述部分：{len(parsed.sections)} 个",
        ]
        lines += [f"  {n}. {section.heading}" for n, section in enumerate(parsed.sections, 1)]
        if parsed.plan:
            lines.append(f"工作计划：{parsed.plan.title}，{len(parsed.plan.items)} 项")
            lines += [
                f"  {item.number}. 责任领导：{join_names(item.leaders)}；"
                f"责任部室：{join_names([*departments, note])}"
                for item, departments, note in self.items
            ]
        if self.new_series:
            lines.append(f"将新建刊物：{self.new_series}（栏目：{self.new_series_column}）")
        lines.append(f"将新建领导：{join_names(self.new_leaders) or '无'}")
        lines.append(f"将新建部室：{join_names(self.new_departments) or '无'}")
        lines.append(f"已去除网页内容：{len(parsed.dropped)} 行")
        lines.append(f"未能识别：{len(parsed.unplaced)} 行")
        lines += [f"  第{line}行：{text}" for line, text in parsed.unplaced]
        lines += [f"无法导入：{problem}" for problem in self.problems]
        return lines

    @transaction.atomic
    def save(self, *, publish=False):
        """Create the bulletin, its sections and its plan; all or nothing."""
        if problems := self.problems:
            raise BulletinImportError("".join(problems))
        parsed = self.parsed
        if self.new_series:
            self.series = BulletinSeries.objects.create(name=self.new_series, column=self.new_series_column)
        publish_at = timezone.now()
        if parsed.published_on:
            publish_at = timezone.make_aware(
                dt.datetime.combine(parsed.published_on, dt.time(9, 0))
            )
        bulletin = Bulletin.objects.create(
            series=self.series,
            year=parsed.year,
            number=parsed.issue_number,
            subject=parsed.subject or "",
            report_month=_month_of(parsed.subject, parsed.year),
            summary_title=parsed.summary_title or "",
            source=parsed.source or "",
            body=paragraphs_to_html(parsed.intro),
            publish_at=publish_at,
            status=Article.Status.PUBLISHED if publish else Article.Status.DRAFT,
        )
        BulletinSection.objects.bulk_create(
            BulletinSection(
                bulletin=bulletin,
                order=number,
                heading=section.heading,
                body=paragraphs_to_html(section.paragraphs),
            )
            for number, section in enumerate(parsed.sections, 1)
        )
        if parsed.plan:
            self._save_plan(bulletin, publish)
        return bulletin

    def _save_plan(self, bulletin, publish):
        parsed_plan = self.parsed.plan
        year, month = parsed_plan.month or (bulletin.year, 1)
        plan = WorkPlan.objects.create(
            month=dt.date(year, month, 1),
            title=parsed_plan.title,
            bulletin=bulletin,
            status=WorkPlan.Status.PUBLISHED if publish else WorkPlan.Status.DRAFT,
        )
        save_items(plan, parsed_plan.items)
        if publish:
            planning.announce_published(plan, detail="导入时直接发布")
        return plan


def save_items(plan, parsed_items):
    """Add the parsed items to `plan` after its last one, with their leaders and departments
    (those not known yet are created) in the order the text names them."""
    leaders = _get_or_create_by_name(Leader, parsed_items, lambda i: i.leaders)
    departments = _get_or_create_by_name(
        Department, parsed_items, lambda i: split_responsibility(i.departments)[0]
    )
    first = plan.next_number()
    for order, parsed_item in enumerate(parsed_items, first):
        department_names, note = split_responsibility(parsed_item.departments)
        item = PlanItem.objects.create(
            plan=plan,
            order=order,
            content=parsed_item.content,
            responsibility_note=note,
            due_date=guess_due_date(parsed_item.content, plan.month),
        )
        item.set_responsible(
            [leaders[name] for name in parsed_item.leaders],
            [departments[name] for name in department_names],
        )


def _unique(names):
    return list(dict.fromkeys(names))


def _get_or_create_by_name(model, items, names_of):
    names = _unique(name for item in items for name in names_of(item))
    existing = {obj.name: obj for obj in model.objects.filter(name__in=names)}
    last_order = model.objects.count()
    for offset, name in enumerate(name for name in names if name not in existing):
        existing[name] = model.objects.create(name=name, order=last_order + offset + 1)
    return existing


def _month_of(subject, year):
    """The month a summary reports on, from its subject (荆州市总工会十月份工作 → October)."""
    month = month_in_text(subject)
    return dt.date(year, month, 1) if month else None


EDITABLE_PLAN_STATES = {WorkPlan.Status.DRAFT, WorkPlan.Status.RETURNED}


def parse_plan_text(text, plan=None):
    """Parse a plan written as its own document (荆州市总工会十二月工作计划, then （1）…（4） with
    分管领导/责任单位), or only its items when they are pasted into `plan`: the plan's title is
    then put before them, so the parser reads them as that plan's items."""
    parsed = parse_bulletin(text)
    if parsed.plan is None and plan is not None:
        parsed = parse_bulletin(f"{plan.title}\n{text}")
    return parsed


def guess_plan_month(title, today=None):
    """The month a title without a year names (荆州市总工会十二月工作计划): this year's, or next
    year's once this year's is more than a month past (a January plan written in December)."""
    month = month_in_text(title)
    if month is None:
        return None
    today = today or timezone.localdate()
    year = today.year + (1 if month < today.month - 1 else 0)
    return dt.date(year, month, 1)


@dataclass
class PlanImportPreview:
    """What confirming a plan import will create: a draft plan for `month` (or, given `plan`,
    items added to that draft), its items, and the leaders and departments not known yet."""

    parsed: ParsedBulletin
    month: dt.date | None
    plan: WorkPlan | None = None
    new_leaders: list[str] = field(default_factory=list)
    new_departments: list[str] = field(default_factory=list)

    @classmethod
    def build(cls, parsed, month=None, plan=None):
        if plan is not None:
            month = plan.month
        elif month is None and parsed.plan:
            parsed_month = parsed.plan.month
            month = dt.date(*parsed_month, 1) if parsed_month else guess_plan_month(parsed.plan.title)
        new_leaders, new_departments = new_names(parsed.plan.items if parsed.plan else [])
        return cls(parsed, month, plan, new_leaders, new_departments)

    @property
    def title(self):
        if self.plan is not None:
            return self.plan.title
        return self.parsed.plan.title if self.parsed.plan else ""

    @property
    def items(self):
        return preview_items(self.parsed.plan)

    @property
    def problems(self):
        problems = []
        if not self.items:
            problems.append("没有识别出计划事项：事项应形如“（1）……”，后面写“分管领导：……”“责任单位：……”。")
        if self.month is None:
            problems.append("请填写计划月份（原文标题只写了月份，没有年份）。")
        if self.plan is not None and self.plan.status not in EDITABLE_PLAN_STATES:
            problems.append(
                f"“{self.plan}”当前是“{self.plan.get_status_display()}”，不能再添加事项；"
                "请先退回修改或撤回。"
            )
        return problems

    @transaction.atomic
    def save(self, user):
        """The draft plan with its items; all or nothing."""
        if problems := self.problems:
            raise BulletinImportError("".join(problems))
        plan = self.plan
        if plan is None:
            plan = WorkPlan(month=self.month, title=self.title)
            plan._history_user, plan._change_reason = user, "导入工作计划"
            plan.save()
        save_items(plan, self.parsed.plan.items)
        return plan
