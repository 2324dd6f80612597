"""Regenerate tests/samples/plan-table.docx (kept in the repository; run by hand if changed).

A bulletin as the office writes it in Word: title and meta paragraphs, numbered sections,
and the next month's plan as a table (序号 / 工作任务 / 责任领导 / 责任部室 / 完成时限).
"""

from pathlib import Path

from docx import Document

HERE = Path(__file__).resolve().parent


def build(path=HERE / "plan-table.docx"):
    document = Document()
    document.add_paragraph("工会要情摘报2021年第三期:荆州市总工会二月份工作")
    document.add_paragraph("信息来源:办公室 | 发布时间 2021-03-05")
    document.add_paragraph("荆州市总工会二月份工作综述")
    document.add_paragraph("一、扎实开展春节送温暖活动")
    document.add_paragraph("一是走访慰问困难职工。二是开展“春风行动”。")
    document.add_paragraph("二、推进职工文化建设。组织开展职工书画展。")
    document.add_paragraph("荆州市总工会三月工作计划")
    table = document.add_table(rows=1, cols=5)
    for cell, text in zip(table.rows[0].cells, ["序号", "工作任务", "责任领导", "责任部室", "完成时限"],
                          strict=True):
        cell.text = text
    rows = [
        ("1", "举办“三八”国际劳动妇女节系列活动。", "高启秀、罗莉", "女工部", "3月8日"),
        ("2", "开展职工技能竞赛筹备工作。", "张征军", "经技部，基层工作部", "3月底"),
    ]
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    document.add_paragraph("地址:荆州市园林路25号 热线电话:0716-8212336")
    document.save(path)


if __name__ == "__main__":
    build()
