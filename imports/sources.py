"""Read the text of an uploaded bulletin file (.txt or .docx) for the parser.

Word tables whose header names the plan's columns (序号 / 工作任务 / 责任领导 / 责任部室) become
one plan-item line per row, so a .docx goes through exactly the same rules as plain text.
"""

import re
import zipfile
from io import BytesIO
from pathlib import PurePath

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table

from .parser import FIELD_LABELS, BulletinParseError, decode_bulletin_bytes, plan_item_line

MAX_FILE_BYTES = 10 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".text"}

# Which table column holds what, recognised by words in its header cell.
_COLUMN_WORDS = {
    "number": ("序号", "编号"),
    "content": ("工作任务", "工作内容", "任务", "内容", "事项"),
    **FIELD_LABELS,
}


def bulletin_text_from_file(filename, data):
    """The text of an uploaded bulletin, or BulletinParseError with a message for the editor."""
    suffix = PurePath(filename or "").suffix.lower()
    if len(data) > MAX_FILE_BYTES:
        raise BulletinParseError(f"文件超过 {MAX_FILE_BYTES // 1024 // 1024} MB，请删去图片后再上传。")
    if suffix == ".doc":
        raise BulletinParseError(
            "无法读取旧版 Word 文档（.doc）：请在 Word 或 WPS 中“另存为” .docx 后再上传。"
        )
    if suffix == ".docx":
        return docx_text(data)
    if suffix in TEXT_SUFFIXES:
        return decode_bulletin_bytes(data)
    raise BulletinParseError("只能导入 .docx（Word）或 .txt（纯文本）文件。")


def docx_text(data):
    if not data.strip():
        raise BulletinParseError("文件是空的。")
    try:
        document = Document(BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError):
        raise BulletinParseError(
            "文件不是有效的 Word（.docx）文档，可能是改了扩展名的其他文件；"
            "请在 Word 或 WPS 中打开后另存为 .docx 再上传。"
        ) from None
    lines = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines += _table_lines(block)
        else:
            lines.append(block.text)
    return "\n".join(lines)


def _table_lines(table):
    rows = [[cell.text.strip() for cell in row.cells] for row in table.rows]
    header = rows[0] if rows else []
    columns = _plan_columns(header) if rows else None
    if columns is None:
        # Not a plan table: its cells are read as ordinary lines, in reading order.
        return [text for row in rows for text in _unique_cells(row)]
    lines = []
    for number, row in enumerate(rows[1:], 1):
        cell = dict(zip(columns, row, strict=False))
        if not any(cell.values()):
            continue
        stated_number = re.sub(r"\D", "", cell.get("number", ""))
        # Columns the plan has no field for (完成时限, 备注…) stay with the content, labelled.
        extras = [f"（{header[columns.index(role)]}：{text}）" for role, text in cell.items()
                  if role.startswith("other-") and text]
        lines.append(
            plan_item_line(
                int(stated_number) if stated_number else number,
                cell.get("content", "") + "".join(extras),
                [cell["leaders"]] if cell.get("leaders") else [],
                [cell["departments"]] if cell.get("departments") else [],
            )
        )
    return lines


def _plan_columns(header):
    """Column roles by position, or None when the header is not a plan table's."""
    roles = []
    for text in header:
        role = next((name for name, words in _COLUMN_WORDS.items() if any(w in text for w in words)),
                    None)
        roles.append(role or f"other-{len(roles)}")
    return roles if {"content", "leaders"} <= set(roles) else None


def _unique_cells(row):
    """Merged cells repeat their text in every grid position; keep it once."""
    return [text for text in dict.fromkeys(row) if text]
