"""Excel workbooks that print: the month's plan here, and the 督办 overview (supervision.exports)
through the same `write_sheet`."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.properties import PageSetupProperties

from core.chinese import month_label

# (header, column width in characters, value of an item)
COLUMNS = [
    ("序号", 6, lambda item: item.number),
    ("工作任务", 46, lambda item: item.content),
    ("责任领导", 12, lambda item: item.leaders_text),
    ("责任部室", 18, lambda item: item.departments_text),
    ("完成时限", 15, lambda item: item.deadline_text),
    ("完成情况", 9, lambda item: item.get_status_display()),
    ("提醒", 9, lambda item: "已逾期" if item.is_overdue else "即将到期" if item.is_due_soon else ""),
    ("完成进度（%）", 9, lambda item: item.latest_report.percent if item.latest_report else None),
    ("最新进展", 40, lambda item: item.latest_report.text if item.latest_report else ""),
    ("反馈日期", 11, lambda item: item.latest_report.date if item.latest_report else None),
]
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="F6F3F0")
# Rows 1 and 2: the title, then the header row that every printed page repeats.
HEADER_ROW = 2
LINE_HEIGHT = 15  # points, for the default 11-point font


def _width(text):
    """The width of `text` in Excel's character units: Chinese characters take two."""
    return sum(2 if ord(char) >= 0x2E80 else 1 for char in text)


def _lines(value, width):
    """How many lines `value` wraps to in a column `width` characters wide."""
    if value is None:
        return 1
    usable = max(width - 1, 1)
    return sum(max(1, -(-_width(line) // usable)) for line in str(value).splitlines() or [""])


def write_sheet(sheet, title, columns, rows):
    """Fill `sheet` for printing: a title row over the columns, a bold header row repeated on
    every page and frozen on screen, thin borders, wrapped text, dates as dates, and A4
    landscape scaled to one page wide (as long as it needs)."""
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
    sheet["A1"].font = Font(bold=True, size=16)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 30
    sheet.append([header for header, _, _ in columns])
    for row in rows:
        sheet.append([value(row) for _, _, value in columns])

    for cell in sheet[HEADER_ROW]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    widths = [width for _, width, _ in columns]
    # Spreadsheet programs do not grow a row for wrapped text on their own when printing:
    # each row gets the height of its longest cell.
    sheet.row_dimensions[HEADER_ROW].height = LINE_HEIGHT * max(
        _lines(header, width) for header, width, _ in columns
    )
    for row in sheet.iter_rows(min_row=HEADER_ROW + 1, max_col=len(columns)):
        for cell in row:
            cell.border = _BORDER
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if cell.is_date:
                cell.number_format = "yyyy-mm-dd"
        lines = max(_lines(cell.value, width) for cell, width in zip(row, widths, strict=True))
        sheet.row_dimensions[row[0].row].height = LINE_HEIGHT * lines
    for index, (_, width, _) in enumerate(columns, 1):
        sheet.column_dimensions[sheet.cell(HEADER_ROW, index).column_letter].width = width

    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as the rows need
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"


def save(workbook):
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()


def plan_workbook(plan, items):
    """The .xlsx bytes of one plan; `items` come from
    `with_responsibility().with_latest_report().with_urgency()`."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = month_label(plan.month)
    workbook.properties.title = plan.display_title
    write_sheet(sheet, plan.display_title, COLUMNS, items)
    return save(workbook)
