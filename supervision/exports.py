"""督办总览 as an Excel workbook: one printable sheet per list of the overview page."""

from django.utils import timezone
from openpyxl import Workbook

from core.chinese import month_label
from workplans.exports import save, write_sheet

from .notices import days_text


def _item_columns(overview):
    return [
        ("月份", 12, lambda item: month_label(item.plan.month)),
        ("序号", 6, lambda item: item.number),
        ("工作任务", 56, lambda item: item.content),
        ("责任领导", 16, lambda item: item.leaders_text),
        ("责任部室", 22, lambda item: item.departments_text),
        ("完成时限", 16, lambda item: item.deadline_text),
        ("剩余 / 逾期", 12, lambda item: days_text(item, overview.today)),
        ("完成情况", 10, lambda item: item.get_status_display()),
    ]


def _tally_columns(party_label):
    return [
        (party_label, 16, lambda row: row.party.name),
        ("事项", 8, lambda row: row.total),
        ("已完成", 8, lambda row: row.done),
        ("进行中", 8, lambda row: row.in_progress),
        ("未开始", 8, lambda row: row.not_started),
        ("已延期", 8, lambda row: row.postponed),
        ("逾期", 8, lambda row: row.overdue),
        ("完成率（%）", 12, lambda row: row.rate),
    ]


def _closed_columns(overview):
    return [
        *_item_columns(overview)[:5],
        ("评价", 10, lambda item: item.supervision.get_rating_display() or "未评价"),
    ]


UNSIGNED_COLUMNS = [
    ("月份", 12, lambda assignment: month_label(assignment.item.plan.month)),
    ("序号", 6, lambda assignment: assignment.item.number),
    ("工作任务", 60, lambda assignment: assignment.item.content),
    ("未签收", 20, lambda assignment: assignment.party.name),
    ("交办时间", 18, lambda assignment: f"{timezone.localtime(assignment.assigned_at):%Y-%m-%d %H:%M}"),
]


def overview_workbook(overview):
    """The .xlsx bytes: completion by leader and by department, then overdue, due soon,
    unsigned and closed items, each sheet titled and ready to print."""
    workbook = Workbook()
    workbook.properties.title = overview.title
    sheets = [
        ("按责任领导", _tally_columns("责任领导"), overview.by_leader),
        ("按责任部室", _tally_columns("责任部室"), overview.by_department),
        ("逾期事项", _item_columns(overview), overview.overdue),
        (f"{overview.days}天内到期", _item_columns(overview), overview.due_soon),
        ("未签收", UNSIGNED_COLUMNS, overview.unsigned),
        ("办结与评价", _closed_columns(overview), overview.closed),
    ]
    for index, (name, columns, rows) in enumerate(sheets):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        sheet.title = name
        write_sheet(sheet, f"{overview.title} · {name}（{overview.today:%Y-%m-%d}）", columns, rows)
    return save(workbook)
