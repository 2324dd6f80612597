"""The month's plan as an Excel workbook, for the office to circulate and archive."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from core.chinese import month_label

# (header, column width in characters, value of an item)
COLUMNS = [
    ("序号", 6, lambda item: item.number),
    ("工作任务", 60, lambda item: item.content),
    ("责任领导", 18, lambda item: item.leaders_text),
    ("责任部室", 24, lambda item: item.departments_text),
    ("完成时限", 16, lambda item: item.deadline_text),
    ("完成情况", 10, lambda item: item.get_status_display()),
    ("提醒", 10, lambda item: "已逾期" if item.is_overdue else "即将到期" if item.is_due_soon else ""),
    ("完成进度（%）", 12, lambda item: item.latest_report.percent if item.latest_report else None),
    ("最新进展", 60, lambda item: item.latest_report.text if item.latest_report else ""),
    ("反馈日期", 12, lambda item: item.latest_report.date if item.latest_report else None),
]
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def plan_workbook(plan, items):
    """The .xlsx bytes: one sheet, a frozen header row, wrapped text, dates as dates.

    `items` come from `with_responsibility().with_latest_report().with_urgency()`.
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = month_label(plan.month)
    workbook.properties.title = plan.display_title
    sheet.append([header for header, _, _ in COLUMNS])
    for item in items:
        sheet.append([value(item) for _, _, value in COLUMNS])

    header_fill = PatternFill("solid", fgColor="F6F3F0")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if cell.is_date:
                cell.number_format = "yyyy-mm-dd"
    for column, (_, width, _) in zip(sheet.iter_cols(max_row=1), COLUMNS, strict=True):
        sheet.column_dimensions[column[0].column_letter].width = width
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4

    output = BytesIO()
    workbook.save(output)
    return output.getvalue()
