"""The Excel exports print: converted by LibreOffice, the plan and the overview come out on A4
landscape pages one page wide, with their title and the header row on every page."""

import datetime as dt
import shutil
import subprocess
from io import BytesIO

import pytest
from openpyxl import load_workbook

from supervision.exports import overview_workbook
from supervision.overview import Overview
from workplans.exports import plan_workbook
from workplans.models import PlanItem

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None or shutil.which("pdfinfo") is None,
    reason="needs LibreOffice and poppler-utils (apt-get install libreoffice-calc-nogui poppler-utils)",
)


def to_pdf(workbook_bytes, folder, name):
    source = folder / f"{name}.xlsx"
    source.write_bytes(workbook_bytes)
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), str(source)],
        check=True, capture_output=True, timeout=180,
    )
    return folder / f"{name}.pdf"


def pdf_pages(pdf):
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    pages = int(fields["Pages"])
    texts = [
        subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
                       check=True, capture_output=True, text=True).stdout
        for page in range(1, pages + 1)
    ]
    return fields["Page size"].strip(), texts


def long_plan(seed):
    """The seed plan with 30 more items, enough to need several pages down."""
    plan = seed["plan"]
    PlanItem.objects.bulk_create(
        PlanItem(plan=plan, order=number, content=f"补充事项{number}：" + "组织开展职工技能培训。" * 8)
        for number in range(11, 41)
    )
    return plan


def test_the_plan_prints_one_page_wide_with_its_title_and_headers(seed, tmp_path, time_machine):
    time_machine.move_to(dt.datetime(2020, 12, 5, 10, tzinfo=dt.UTC), tick=False)
    plan = long_plan(seed)
    items = plan.items.select_related("plan").with_responsibility().with_latest_report().with_urgency()
    pdf = to_pdf(plan_workbook(plan, items), tmp_path, "plan")
    size, pages = pdf_pages(pdf)
    assert size.startswith("841.") and "595." in size  # A4 landscape, in points
    assert len(pages) >= 2  # long enough to need a second page down
    assert "荆州市总工会2020年十一月工作计划" in pages[0]
    # One page wide: every page has the first and the last column's heading (the repeated
    # header row) and no page is a right-hand strip of the columns.
    for text in pages:
        assert "序号" in text and "反馈日期" in text
    sheet = load_workbook(BytesIO(plan_workbook(plan, items))).active
    assert sheet.max_row == 2 + plan.items.count()
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
                   check=True, timeout=60)
    assert (tmp_path / "page-1.png").exists() or (tmp_path / "page-01.png").exists()


def test_the_overview_prints_one_page_wide_per_sheet(seed, tmp_path, time_machine):
    time_machine.move_to(dt.datetime(2020, 12, 5, 10, tzinfo=dt.UTC), tick=False)
    month = seed["plan"].month
    overview = Overview.build(month, month, 30)
    assert overview.overdue and all(item.status != PlanItem.Status.DONE for item in overview.overdue)
    size, pages = pdf_pages(to_pdf(overview_workbook(overview), tmp_path, "overview"))
    assert size.startswith("841.")
    assert "督办总览（2020年11月） · 按责任领导" in pages[0]
    overdue_pages = [text for text in pages if "剩余 / 逾期" in text]
    assert overdue_pages and all("月份" in text and "完成情况" in text for text in overdue_pages)
