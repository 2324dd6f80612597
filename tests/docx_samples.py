"""Word documents built with python-docx for the article-import tests (nothing is kept on disk)."""

from io import BytesIO

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor
from PIL import Image


def png_bytes(size=(1600, 900), colour=(200, 30, 30)):
    buffer = BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def office_notice(picture=True, picture_description=""):
    """A 通知 as an office writes it: title, a red line, a salutation, indented body text with
    bold, italic and underline, a heading, numbered and bulleted lists, a table with a merged
    cell, a picture, and a right-aligned signature."""
    document = Document()
    document.add_paragraph("关于开展冬季送温暖活动的通知", style="Title")
    red = document.add_paragraph()
    red.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = red.add_run("荆州市总工会")
    run.bold = True
    run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    document.add_paragraph("各县市区总工会：")
    body = document.add_paragraph()
    body.paragraph_format.first_line_indent = Pt(32)
    body.add_run("现将有关事项")
    body.add_run("通知").bold = True
    body.add_run("如下，请")
    body.add_run("认真").italic = True
    body.add_run("落实")
    body.add_run("到位").underline = True
    body.add_run("。")
    document.add_heading("一、工作任务", level=1)
    document.add_paragraph("摸清底数", style="List Number")
    document.add_paragraph("建立台账", style="List Number")
    document.add_paragraph("及时报送", style="List Bullet")
    table = document.add_table(rows=3, cols=3)
    table.style = "Table Grid"
    for row, values in zip(table.rows, [("单位", "人数", "备注"), ("沙市区", "12", ""), ("荆州区", "8", "")],
                           strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    merged = table.cell(1, 2).merge(table.cell(2, 2))
    merged.text = "已核实"
    if picture:
        document.add_paragraph().add_run().add_picture(BytesIO(png_bytes()))
        if picture_description:
            document.inline_shapes[0]._inline.docPr.set("descr", picture_description)
    signature = document.add_paragraph("荆州市总工会")
    signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
