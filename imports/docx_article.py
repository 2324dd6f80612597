"""An ordinary article from a Word (.docx) document: 从Word导入文章.

The document's blocks become the rich text the editor writes: headings, paragraphs (with
alignment, first-line indent, bold, italic, underline and the palette's colours, as the
classes of core.sanitize), numbered and bulleted lists (numbered once, by the list), tables
(merged cells kept) and embedded pictures. Each picture goes through the upload policy
(core.uploads: decoded, checked, re-encoded, stored under a random name); its alternative text
is Word's own description of the picture, or empty, for the editor to write before
submitting (nothing is invented). Nothing here touches the database.
"""

import zipfile
from dataclasses import dataclass, field
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table

from core.sanitize import NO_INDENT, colour_class, sanitize_html
from core.uploads import clean_image, store_image

from .parser import BulletinParseError
from .sources import MAX_FILE_BYTES

_ALIGNMENT_CLASSES = {
    WD_ALIGN_PARAGRAPH.CENTER: "text-center",
    WD_ALIGN_PARAGRAPH.RIGHT: "text-right",
    WD_ALIGN_PARAGRAPH.JUSTIFY: "text-justify",
}
_HEADING_TAGS = {"Heading 1": "h2", "Heading 2": "h3", "Heading 3": "h4", "Heading 4": "h4"}


class DocxImportError(BulletinParseError):
    """The file cannot be read as a Word document (a message for the editor)."""


@dataclass
class DocxArticle:
    title: str = ""
    body: str = ""
    images: int = 0
    notes: list = field(default_factory=list)


def article_from_docx(data, store=store_image):
    """The title, body and notes of a .docx (bytes); pictures are stored with `store`."""
    if len(data) > MAX_FILE_BYTES:
        raise DocxImportError(f"文件超过 {MAX_FILE_BYTES // 1024 // 1024} MB，请压缩图片后再上传。")
    try:
        document = Document(BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError):
        raise DocxImportError(
            "文件不是有效的 Word（.docx）文档：旧版 .doc 或改了扩展名的文件请在 Word 或 WPS 中"
            "打开后“另存为” .docx 再上传。"
        ) from None
    return _Converter(document, store).convert()


class _Converter:
    def __init__(self, document, store):
        self.document, self.store = document, store
        self.result = DocxArticle(title=(document.core_properties.title or "").strip())
        self.html, self.open_list = [], None
        self._numbering = self._numbering_formats()

    def convert(self):
        for block in self.document.iter_inner_content():
            if isinstance(block, Table):
                self._close_list()
                self.html.append(self._table(block))
            else:
                self._paragraph(block)
        self._close_list()
        self.result.body = sanitize_html("".join(self.html))
        return self.result

    # Paragraphs ---------------------------------------------------------------------------

    def _paragraph(self, paragraph):
        style = paragraph.style.name if paragraph.style is not None else ""
        content, figures = self._runs(paragraph)
        text = paragraph.text.strip()
        is_title = style == "Title" or (style == "Heading 1" and not self.html and not self.result.title)
        if is_title and text and self.result.title in {"", text}:
            self.result.title = text
            self.html.extend(figures)
            return
        kind = self._list_kind(paragraph)
        if kind and text:
            if self.open_list != kind:
                self._close_list()
                self.html.append(f"<{kind}>")
                self.open_list = kind
            self.html.append(f"<li>{content}</li>")
            self.html.extend(figures)  # a picture in a list item follows the list's text
            return
        self._close_list()
        if text:
            tag = _HEADING_TAGS.get(style, "p")
            classes = self._paragraph_classes(paragraph, tag)
            attribute = f' class="{" ".join(classes)}"' if classes else ""
            self.html.append(f"<{tag}{attribute}>{content}</{tag}>")
        self.html.extend(figures)

    def _paragraph_classes(self, paragraph, tag):
        classes = []
        alignment = paragraph.alignment
        if alignment is None and paragraph.style is not None:
            alignment = paragraph.style.paragraph_format.alignment
        if alignment in _ALIGNMENT_CLASSES:
            classes.append(_ALIGNMENT_CLASSES[alignment])
        indent = paragraph.paragraph_format.first_line_indent
        if indent is None and paragraph.style is not None:
            indent = paragraph.style.paragraph_format.first_line_indent
        if tag == "p" and not (indent and indent > 0) and not _first_line_chars(paragraph):
            classes.append(NO_INDENT)
        return classes

    def _runs(self, paragraph):
        """(inline HTML of the paragraph's text, [figure HTML of each picture in it])."""
        parts, figures = [], []
        for item in paragraph.iter_inner_content():
            runs = item.runs if hasattr(item, "runs") and not hasattr(item, "bold") else [item]
            for run in runs:
                figures.extend(self._pictures(run))
                if run.text:
                    parts.append(self._formatted(run))
        return "".join(parts), figures

    @staticmethod
    def _formatted(run):
        html = escape(run.text).replace("\n", "<br>").replace("\t", " ")
        if run.underline:
            html = f"<u>{html}</u>"
        if run.italic:
            html = f"<em>{html}</em>"
        if run.bold:
            html = f"<strong>{html}</strong>"
        colour = run.font.color.rgb if run.font.color is not None and run.font.color.type else None
        if colour is not None and (name := colour_class(f"#{colour}")):
            html = f'<span class="{name}">{html}</span>'
        return html

    def _pictures(self, run):
        figures = []
        for blip in run._r.iter(qn("a:blip")):
            self.result.images += 1
            number = self.result.images
            part = run.part.related_parts.get(blip.get(qn("r:embed")))
            if part is None:
                self.result.notes.append(f"第 {number} 张图片是链接到文档外的图片，没有导入。")
                continue
            try:
                clean = clean_image(SimpleUploadedFile(part.partname.split("/")[-1], part.blob))
            except ValidationError as error:
                self.result.notes.append(f"第 {number} 张图片没有导入：{' '.join(error.messages)}")
                continue
            url = default_storage.url(self.store(clean))
            descriptions = [doc_pr.get("descr", "") for doc_pr in run._r.iter(qn("wp:docPr"))]
            alt = (descriptions[0] if descriptions else "").strip()
            figures.append(f'<figure class="image"><img src="{escape(url)}" alt="{escape(alt)}" '
                           f'width="{clean.width}" height="{clean.height}"></figure>')
        return figures

    # Lists ---------------------------------------------------------------------------------

    def _numbering_formats(self):
        """{numId: {ilvl: numFmt}} from the document's numbering part."""
        try:
            numbering = self.document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return {}
        abstract = {}
        for definition in numbering.iter(qn("w:abstractNum")):
            levels = {}
            for level in definition.iter(qn("w:lvl")):
                fmt = level.find(qn("w:numFmt"))
                levels[level.get(qn("w:ilvl"))] = fmt.get(qn("w:val")) if fmt is not None else "decimal"
            abstract[definition.get(qn("w:abstractNumId"))] = levels
        formats = {}
        for num in numbering.iter(qn("w:num")):
            reference = num.find(qn("w:abstractNumId"))
            if reference is not None:
                formats[num.get(qn("w:numId"))] = abstract.get(reference.get(qn("w:val")), {})
        return formats

    def _list_kind(self, paragraph):
        """"ol", "ul" or None: Word numbering on the paragraph or its style."""
        for element in (paragraph._p, getattr(paragraph.style, "element", None)):
            num_pr = element.find(f"{qn('w:pPr')}/{qn('w:numPr')}") if element is not None else None
            if num_pr is None:
                continue
            num_id = num_pr.find(qn("w:numId"))
            level = num_pr.find(qn("w:ilvl"))
            if num_id is None or num_id.get(qn("w:val")) == "0":
                return None
            fmt = self._numbering.get(num_id.get(qn("w:val")), {}).get(
                level.get(qn("w:val")) if level is not None else "0", "decimal")
            return "ul" if fmt in {"bullet", "none"} else "ol"
        style = paragraph.style.name if paragraph.style is not None else ""
        if style.startswith("List Bullet"):
            return "ul"
        if style.startswith("List Number"):
            return "ol"
        return None

    def _close_list(self):
        if self.open_list:
            self.html.append(f"</{self.open_list}>")
            self.open_list = None

    # Tables --------------------------------------------------------------------------------

    def _table(self, table):
        rows, origins = [], {}
        for row in table.rows:
            cells, previous = [], None
            for column, cell in enumerate(row.cells):
                tc = cell._tc
                if tc is previous:
                    cells[-1]["colspan"] += 1
                    continue
                previous = tc
                if tc in origins and origins[tc]["row"] < len(rows):
                    if origins[tc]["column"] == column:
                        origins[tc]["rowspan"] += 1
                    continue
                entry = {"row": len(rows), "column": column, "colspan": 1, "rowspan": 1,
                         "html": self._cell_html(cell)}
                origins[tc] = entry
                cells.append(entry)
            rows.append(cells)
        body = "".join(
            "<tr>" + "".join(
                "<td{}{}>{}</td>".format(
                    f' colspan="{cell["colspan"]}"' if cell["colspan"] > 1 else "",
                    f' rowspan="{cell["rowspan"]}"' if cell["rowspan"] > 1 else "",
                    cell["html"],
                ) for cell in cells
            ) + "</tr>"
            for cells in rows
        )
        return f'<figure class="table"><table><tbody>{body}</tbody></table></figure>'

    def _cell_html(self, cell):
        paragraphs = [self._runs(paragraph)[0] for paragraph in cell.paragraphs]
        paragraphs = [html for html in paragraphs if html.strip()]
        if len(paragraphs) <= 1:
            return "".join(paragraphs)
        return "".join(f"<p>{html}</p>" for html in paragraphs)


def _first_line_chars(paragraph):
    """Chinese Word writes 首行缩进 2 字符 as w:ind/@w:firstLineChars."""
    ind = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:ind')}")
    value = ind.get(qn("w:firstLineChars")) if ind is not None else None
    return bool(value) and int(value) > 0
