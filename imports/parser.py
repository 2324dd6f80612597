"""Parse the plain text of a monthly bulletin such as 工会要情摘报2020年第六十二期.

The text is read line by line into the header (title, 信息来源, 发布时间), an optional
summary title and intro, the numbered summary sections, and the next month's work plan with
its numbered items and their responsible leaders and departments.  Website chrome (welcome
banner, breadcrumb, footer) is dropped; anything else that fits nowhere is kept in
``unplaced`` so that no line is ever lost silently (see ``ParsedBulletin.parts``).

``parse_lines`` takes ``(line_no, text)`` pairs so that other sources (e.g. .docx paragraphs,
or table rows rendered with ``plan_item_line``) go through the same rules.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from core.chinese import from_chinese, month_in_text

Line = tuple[int, str]


class BulletinParseError(ValueError):
    """The bulletin cannot be decoded or has no recognisable structure."""


@dataclass(frozen=True)
class Section:
    number: int
    heading: str
    paragraphs: list[str]
    line: int
    source_lines: list[int]


@dataclass(frozen=True)
class PlanItem:
    number: int
    content: str
    leaders: list[str]
    departments: list[str]
    line: int
    source_lines: list[int]


@dataclass(frozen=True)
class ParsedPlan:
    title: str
    month: tuple[int, int] | None  # (year, month) the plan is for
    line: int
    items: list[PlanItem]


@dataclass(frozen=True)
class Part:
    """One placed piece of a bulletin: its kind, source line numbers and extracted texts."""

    kind: str
    lines: tuple[int, ...]
    texts: tuple[str, ...]


@dataclass(frozen=True)
class ParsedBulletin:
    series: str | None
    year: int | None
    issue_number: int | None
    subject: str | None
    title_line: int | None
    source: str | None
    published_on: dt.date | None
    meta_line: int | None
    summary_title: str | None
    summary_title_line: int | None
    intro: list[str]
    intro_lines: list[int]
    sections: list[Section]
    plan: ParsedPlan | None
    dropped: list[Line]
    unplaced: list[Line]

    def parts(self) -> list[Part]:
        """Every placed piece with the lines it came from, in source order.

        Each non-blank input line belongs to exactly one part; the texts are what was kept
        of those lines (labels, numbering marks and separators are not kept).
        """
        parts = [
            Part(kind, (line,), tuple(text for text in texts if text))
            for kind, line, texts in (
                ("title", self.title_line, (self.series, self.subject)),
                ("meta", self.meta_line, (self.source,)),
                ("summary_title", self.summary_title_line, (self.summary_title,)),
            )
            if line is not None
        ]
        parts += [
            Part("intro", (line,), (text,))
            for line, text in zip(self.intro_lines, self.intro, strict=True)
        ]
        parts += [
            Part("section", tuple(section.source_lines), (section.heading, *section.paragraphs))
            for section in self.sections
        ]
        if self.plan is not None:
            parts.append(Part("plan_title", (self.plan.line,), (self.plan.title,)))
            parts += [
                Part(
                    "plan_item",
                    tuple(item.source_lines),
                    (item.content, *item.leaders, *item.departments),
                )
                for item in self.plan.items
            ]
        parts += [
            Part(kind, (line,), (text,))
            for kind, entries in (("dropped", self.dropped), ("unplaced", self.unplaced))
            for line, text in entries
        ]
        return sorted(parts, key=lambda part: part.lines[0])

    def placed_text(self) -> str:
        """All kept text, one piece per line, in source order."""
        return "\n".join(text for part in self.parts() for text in part.texts)


# --- decoding ---------------------------------------------------------------------------

# C0 controls other than tab/newline/CR/FF/VT never occur in a text bulletin.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def decode_bulletin_bytes(data: bytes) -> str:
    """Decode an uploaded bulletin: UTF-8 (with or without BOM), else GB18030 (covers GBK)."""
    if not data.strip():
        raise BulletinParseError("文件是空的，请上传公告的纯文本文件")
    if b"\x00" in data:
        raise _binary_file_error()
    text = _decode_text(data)
    if _CONTROL_RE.search(text):
        raise _binary_file_error()
    return text


def _decode_text(data: bytes) -> str:
    # With a BOM the file is declared UTF-8; falling back to GB18030 would only garble it.
    encodings = ("utf-8-sig",) if data.startswith(codecs.BOM_UTF8) else ("utf-8", "gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise BulletinParseError(
        "无法识别文件编码（既不是 UTF-8 也不是 GBK/GB18030），可能不是纯文本文件；"
        "请另存为 UTF-8 编码的 .txt 文件后再上传"
    )


def _binary_file_error() -> BulletinParseError:
    return BulletinParseError(
        "文件看起来是二进制文件（如 Word 文档、图片或 UTF-16 文本），不是纯文本；"
        "请另存为 UTF-8 或 GBK 编码的 .txt 文件后再上传"
    )


# --- line patterns ----------------------------------------------------------------------

_CN_NUMBER = "[〇零一二两三四五六七八九十百千万]+"
_YEAR = r"\d{4}|[〇零一二三四五六七八九]{4}"
_MAX_TITLE_LENGTH = 50

# 工会要情摘报2020年第六十二期:荆州市总工会十月份工作
_TITLE_RE = re.compile(
    rf"(?P<series>.*?)\s*(?P<year>{_YEAR})\s*年\s*第\s*(?P<issue>\d+|{_CN_NUMBER})\s*期"
    r"[\s:：—-]*(?P<subject>.*)"
)
# 信息来源:办公室 | 发布时间 2021-01-07
_META_RE = re.compile(
    r"(?:信息来源\s*[:：]?\s*(?P<source>[^|｜\s]*))?[\s|｜]*"
    r"(?:发布时间\s*[:：]?\s*(?P<date>\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
    r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?))?"
)
_SUMMARY_TITLE_RE = re.compile(r"(?:综述|总结|工作情况|工作回顾)$")
_PLAN_TITLE_RE = re.compile(r"(?:工作计划|工作安排)[:：]?$")
_YEAR_IN_TEXT_RE = re.compile(rf"(?P<year>{_YEAR})\s*年")

# Numbering marks shared by summary sections and plan items; each style is locked in by
# the first heading (or item) so that other marks inside the text stay plain text.
_MARKERS = (
    ("chinese", re.compile(rf"(?P<number>{_CN_NUMBER})[、.．]")),  # 一、 一.
    ("chinese_paren", re.compile(rf"[(（](?P<number>{_CN_NUMBER})[)）][、.．]?")),  # （一）
    ("arabic_paren", re.compile(r"[(（](?P<number>\d+)[)）][、.．]?")),  # （1）
    ("arabic", re.compile(r"(?P<number>\d+)(?:、|[.．](?!\d))")),  # 1、 1. (not 10.5万元)
)

_CHROME_RE = re.compile(
    r"""
      欢迎您 | ^今天是                                     # welcome banner with today's date
    | ^(?:您的|当前)位置                                   # breadcrumb
    | (?:地址|热线(?:电话)?|邮编|QQ)\s*[:：] | ICP备 | 版权所有  # site footer
    """,
    re.VERBOSE,
)

FIELD_LABELS = {
    "leaders": ("责任领导", "分管领导", "牵头领导"),
    "departments": ("责任部室", "责任部门", "责任单位"),
}
_FIELD_OF_LABEL = {label: name for name, labels in FIELD_LABELS.items() for label in labels}
# An opening bracket may wrap inline fields: 做好……工作（责任领导：高启秀）
_FIELD_RE = re.compile(r"[(（【\[]?\s*(?P<label>" + "|".join(_FIELD_OF_LABEL) + r")\s*[:：]\s*")
_NAME_SEPARATOR_RE = re.compile(r"[、，,；;\s]+")
_NAME_TRAILING_MARKS = "。．.)）】]"
_CONTENT_TRAILING_MARKS = " ,，;；"

_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_SPACES_RE = re.compile(r"\s+")  # includes \xa0 and the ideographic space \u3000


@dataclass(frozen=True)
class _Marker:
    style: str
    number: int
    rest: str


@dataclass(frozen=True)
class _Title:
    series: str | None
    year: int
    issue_number: int
    subject: str | None


@dataclass(frozen=True)
class _Meta:
    source: str | None
    published_on: dt.date | None


def _number(text: str) -> int | None:
    """The value of a numeral matched by a pattern, or None if it is not a valid one (零零)."""
    try:
        return from_chinese(text)
    except ValueError:
        return None


def _clean(raw: str) -> str:
    return _SPACES_RE.sub(" ", _INVISIBLE_RE.sub("", raw)).strip()


def _match_marker(text: str) -> _Marker | None:
    for style, pattern in _MARKERS:
        match = pattern.match(text)
        if match is None or not (rest := text[match.end() :].strip()):
            continue
        if (number := _number(match["number"])) is not None:
            return _Marker(style, number, rest)
    return None


def _match_title(text: str) -> _Title | None:
    match = None if "。" in text else _TITLE_RE.fullmatch(text)
    if match is None:
        return None
    year, issue_number = _number(match["year"]), _number(match["issue"])
    if year is None or issue_number is None:
        return None
    return _Title(match["series"] or None, year, issue_number, match["subject"] or None)


def _match_meta(text: str) -> _Meta | None:
    match = _META_RE.fullmatch(text)
    if match is None or (match["source"] is None and match["date"] is None):
        return None
    published_on = None
    if match["date"] is not None:
        year, month, day = (int(part) for part in re.findall(r"\d+", match["date"])[:3])
        try:
            published_on = dt.date(year, month, day)
        except ValueError:
            return None  # an impossible date: leave the line visible as text
    return _Meta(match["source"] or None, published_on)


def _is_short_title(text: str, pattern: re.Pattern[str]) -> bool:
    return "。" not in text and len(text) <= _MAX_TITLE_LENGTH and bool(pattern.search(text))


def _plan_month(
    title: str, bulletin_year: int | None, summary_month: int | None
) -> tuple[int, int] | None:
    month = month_in_text(title)
    if month is None:
        return None
    explicit_year = _YEAR_IN_TEXT_RE.search(title)
    if explicit_year is not None and (year := _number(explicit_year["year"])) is not None:
        return year, month
    if bulletin_year is None:
        return None
    # A plan for an earlier month than the summary (一月 after 十二月) is for the next year.
    rolls_over = summary_month is not None and month < summary_month
    return (bulletin_year + 1 if rolls_over else bulletin_year), month


def _split_names(value: str) -> list[str]:
    value = value.strip().rstrip(_NAME_TRAILING_MARKS)
    return [name for name in _NAME_SEPARATOR_RE.split(value) if name]


def _split_fields(text: str) -> tuple[str, dict[str, list[str]]]:
    """Split ``content 责任领导:a、b 责任部室:c`` into the content and the named lists."""
    fields: dict[str, list[str]] = {name: [] for name in FIELD_LABELS}
    matches = list(_FIELD_RE.finditer(text))
    if not matches:
        return text, fields
    ends = [match.start() for match in matches[1:]] + [len(text)]
    for match, end in zip(matches, ends, strict=True):
        fields[_FIELD_OF_LABEL[match["label"]]] += _split_names(text[match.end() : end])
    return text[: matches[0].start()].rstrip(_CONTENT_TRAILING_MARKS), fields


# --- parsing ----------------------------------------------------------------------------


class _Parser:
    """Places cleaned lines one at a time: preamble → summary sections → plan."""

    def __init__(self) -> None:
        self.line_count = 0
        self.title: tuple[int, _Title] | None = None
        self.meta: tuple[int, _Meta] | None = None
        self.summary_title: Line | None = None
        self.intro: list[Line] = []
        self.section_style: str | None = None
        self.sections: list[Section] = []
        self.plan_title: Line | None = None
        self.item_style: str | None = None
        self.items: list[PlanItem] = []
        self.dropped: list[Line] = []
        self.unplaced: list[Line] = []

    def feed(self, line_no: int, text: str) -> None:
        self.line_count += 1
        marker = _match_marker(text)
        if marker is None and "。" not in text and _CHROME_RE.search(text):
            self.dropped.append((line_no, text))
        elif self.plan_title is not None:
            self._feed_plan(line_no, text, marker)
        elif _is_short_title(text, _PLAN_TITLE_RE):
            self.plan_title = (line_no, text)
        elif marker is not None and self.section_style in (None, marker.style):
            self._start_section(line_no, marker)
        elif self.sections:
            self._extend_section(line_no, text)
        else:
            self._feed_preamble(line_no, text)

    def _feed_preamble(self, line_no: int, text: str) -> None:
        if self.title is None and (title := _match_title(text)) is not None:
            self.title = (line_no, title)
            # Whatever came before the title is page furniture we do not recognise.
            self.unplaced += self.intro
            self.intro = []
        elif self.meta is None and (meta := _match_meta(text)) is not None:
            self.meta = (line_no, meta)
        elif self.summary_title is None and _is_short_title(text, _SUMMARY_TITLE_RE):
            self.summary_title = (line_no, text)
        else:
            self.intro.append((line_no, text))

    def _start_section(self, line_no: int, marker: _Marker) -> None:
        self.section_style = marker.style
        heading, _, body = marker.rest.partition("。")
        paragraphs = [body.strip()] if body.strip() else []
        self.sections.append(
            Section(marker.number, heading.strip(), paragraphs, line_no, [line_no])
        )

    def _extend_section(self, line_no: int, text: str) -> None:
        section = self.sections[-1]
        self.sections[-1] = replace(
            section,
            paragraphs=[*section.paragraphs, text],
            source_lines=[*section.source_lines, line_no],
        )

    def _feed_plan(self, line_no: int, text: str, marker: _Marker | None) -> None:
        item = self.items[-1] if self.items else None
        if _FIELD_RE.match(text):
            if item is None:
                self.unplaced.append((line_no, text))
            else:
                self._add_to_item(line_no, "", _split_fields(text)[1])
        elif marker is not None and self.item_style in (None, marker.style):
            self.item_style = marker.style
            content, fields = _split_fields(marker.rest)
            self.items.append(
                PlanItem(
                    marker.number,
                    content,
                    fields["leaders"],
                    fields["departments"],
                    line_no,
                    [line_no],
                )
            )
        elif item is not None and not (item.leaders or item.departments):
            # Text wrapped onto the next line still belongs to the item, until its
            # responsibility fields close it.
            self._add_to_item(line_no, text, {})
        else:
            self.unplaced.append((line_no, text))

    def _add_to_item(self, line_no: int, text: str, fields: dict[str, list[str]]) -> None:
        item = self.items[-1]
        self.items[-1] = replace(
            item,
            content="\n".join(part for part in (item.content, text) if part),
            leaders=item.leaders + fields.get("leaders", []),
            departments=item.departments + fields.get("departments", []),
            source_lines=[*item.source_lines, line_no],
        )

    def finish(self) -> ParsedBulletin:
        if self.line_count == 0:
            raise BulletinParseError("公告内容为空")
        if self.title is None and not self.sections and not self.items:
            raise BulletinParseError(
                "无法识别公告结构：没有找到“××2020年第××期”式标题、"
                "“一、”式小标题或编号的工作计划条目"
            )
        title_line, title = self.title or (None, None)
        meta_line, meta = self.meta or (None, None)
        summary_line, summary_title = self.summary_title or (None, None)
        plan = None
        if self.plan_title is not None:
            plan_line, plan_title = self.plan_title
            summary_month = month_in_text(title and title.subject) or month_in_text(summary_title)
            month = _plan_month(plan_title, title and title.year, summary_month)
            plan = ParsedPlan(plan_title, month, plan_line, self.items)
        return ParsedBulletin(
            series=title and title.series,
            year=title and title.year,
            issue_number=title and title.issue_number,
            subject=title and title.subject,
            title_line=title_line,
            source=meta and meta.source,
            published_on=meta and meta.published_on,
            meta_line=meta_line,
            summary_title=summary_title,
            summary_title_line=summary_line,
            intro=[text for _, text in self.intro],
            intro_lines=[line for line, _ in self.intro],
            sections=self.sections,
            plan=plan,
            dropped=self.dropped,
            unplaced=self.unplaced,
        )


def split_lines(text: str) -> list[Line]:
    """Number the lines of a text from 1, the way ``parse_bulletin`` does."""
    return list(enumerate(text.splitlines(), start=1))


def parse_lines(lines: Iterable[Line]) -> ParsedBulletin:
    """Parse ``(line_no, text)`` pairs; blank lines are skipped, numbers are kept as given."""
    parser = _Parser()
    for line_no, raw in lines:
        if text := _clean(raw):
            parser.feed(line_no, text)
    return parser.finish()


def parse_bulletin(text: str) -> ParsedBulletin:
    """Parse the plain text of a bulletin; raises BulletinParseError if it has no structure."""
    return parse_lines(split_lines(text))


def plan_item_line(
    number: int, content: str, leaders: Sequence[str], departments: Sequence[str]
) -> str:
    """Render one plan item (e.g. a .docx table row) as a line that parses back to it."""
    fields = [
        f"{FIELD_LABELS[name][0]}:{'、'.join(names)}"
        for name, names in (("leaders", leaders), ("departments", departments))
        if names
    ]
    return " ".join([f"{number}、{_clean(content)}", *fields])
