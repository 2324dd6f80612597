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
from news.models import Article
from workplans.models import Department, Leader, PlanItem, PlanItemDepartment, PlanItemLeader, WorkPlan

from .parser import ParsedBulletin

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


@dataclass
class ImportPreview:
    """What confirming an import will create, for the preview page and the command."""

    parsed: ParsedBulletin
    series: BulletinSeries | None
    new_leaders: list[str] = field(default_factory=list)
    new_departments: list[str] = field(default_factory=list)

    @classmethod
    def build(cls, parsed, series=None):
        """Compare `parsed` with the database; `series` defaults to the one the title names."""
        if series is None:
            series = BulletinSeries.objects.filter(name=parsed.series).first()
        items = parsed.plan.items if parsed.plan else []
        leader_names = _unique(name for item in items for name in item.leaders)
        department_names = _unique(
            name for item in items for name in split_responsibility(item.departments)[0]
        )
        known_leaders = set(
            Leader.objects.filter(name__in=leader_names).values_list("name", flat=True)
        )
        known_departments = set(
            Department.objects.filter(name__in=department_names).values_list("name", flat=True)
        )
        return cls(
            parsed=parsed,
            series=series,
            new_leaders=[name for name in leader_names if name not in known_leaders],
            new_departments=[name for name in department_names if name not in known_departments],
        )

    @property
    def problems(self):
        """Reasons the import cannot be saved, in words for the editor."""
        parsed, problems = self.parsed, []
        if self.series is None:
            name = parsed.series or "（未识别）"
            problems.append(f"没有名为“{name}”的刊物，请先在后台添加或选择刊物。")
        if not parsed.year:
            problems.append("没有识别出期号所属的年份（标题应形如“工会要情摘报2020年第六十二期:…”）。")
        elif self.series and parsed.issue_number and self.series.bulletins.filter(
            year=parsed.year, number=parsed.issue_number
        ).exists():
            problems.append(f"{self.series.issue_name(parsed.year, parsed.issue_number)}已经存在。")
        return problems

    @property
    def items(self):
        """Plan items with their departments and note split as they will be saved."""
        return [
            (item, *split_responsibility(item.departments))
            for item in (self.parsed.plan.items if self.parsed.plan else [])
        ]

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
        leaders = _get_or_create_by_name(Leader, self.parsed.plan.items, lambda i: i.leaders)
        departments = _get_or_create_by_name(
            Department, parsed_plan.items, lambda i: split_responsibility(i.departments)[0]
        )
        for order, parsed_item in enumerate(parsed_plan.items, 1):
            department_names, note = split_responsibility(parsed_item.departments)
            item = PlanItem.objects.create(
                plan=plan,
                order=order,
                content=parsed_item.content,
                responsibility_note=note,
                due_date=guess_due_date(parsed_item.content, plan.month),
            )
            PlanItemLeader.objects.bulk_create(
                PlanItemLeader(item=item, leader=leaders[name], order=position)
                for position, name in enumerate(_unique(parsed_item.leaders))
            )
            PlanItemDepartment.objects.bulk_create(
                PlanItemDepartment(item=item, department=departments[name], order=position)
                for position, name in enumerate(_unique(department_names))
            )
        return plan


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
