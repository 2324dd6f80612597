"""Chinese numerals, months and name lists as the federation's documents write them.

Numerals (十一, 一百零一, 一万零一十 …) to and from positive integers, for bulletin issue
numbers (第六十二期) and months (十一月); the month pattern the importer reads; the
"2020年11月" label; names joined with the enumeration comma (高启秀、张征军).
"""

from __future__ import annotations

import re

MAX_VALUE = 10**12 - 1

_DIGITS = "零一二三四五六七八九"
_DIGIT_VALUES = {char: value for value, char in enumerate(_DIGITS)} | {"〇": 0, "两": 2}
# Largest first: rendering splits the number at the biggest unit that fits.
_UNITS = ((10**8, "亿"), (10**4, "万"), (1000, "千"), (100, "百"), (10, "十"))
_UNIT_VALUES = {char: value for value, char in _UNITS}
_GROUP_UNITS = {"万", "亿"}


def to_chinese(n: int) -> str:
    """Spell a positive integer in Chinese numerals: 62 → 六十二, 10010 → 一万零一十."""
    # bool is an int subclass, but True is never a meaningful issue number.
    if isinstance(n, bool) or not isinstance(n, int) or n <= 0:
        raise ValueError(f"只能转换正整数（期号、月份等），收到：{n!r}")
    if n > MAX_VALUE:
        raise ValueError(f"数字超出支持范围（最大 {MAX_VALUE}）：{n}")
    text = _render(n)
    # 10–19 at the start are read 十…, not 一十… (but 一百一十 keeps its 一).
    return text[1:] if text.startswith("一十") else text


def _render(n: int) -> str:
    for unit_value, unit in _UNITS:
        if n >= unit_value:
            high, low = divmod(n, unit_value)
            text = _render(high) + unit
            if low == 0:
                return text
            # A skipped place is read as 零: 1001 → 一千零一, 10010 → 一万零一十.
            gap = "零" if low < unit_value // 10 else ""
            return text + gap + _render(low)
    return _DIGITS[n]


def from_chinese(s: str) -> int:
    """Read a positive integer written in Chinese numerals or (full-width) digits.

    Accepts 六十二, 一十 (= 十), 两百, 〇/零, digit-by-digit forms such as 二〇二〇,
    and digit strings such as 62 or ６２.
    """
    if not isinstance(s, str):
        raise ValueError(f"中文数字必须是字符串，收到：{s!r}")
    text = s.strip()
    if not text:
        raise ValueError("数字不能为空")
    if text.isdecimal():  # also true for full-width digits, which int() accepts
        value = int(text)
    elif all(char in _DIGIT_VALUES for char in text):
        value = int("".join(str(_DIGIT_VALUES[char]) for char in text))
    else:
        value = _read_with_units(text, original=s)
    if value == 0:
        raise ValueError(f"数字必须大于零，收到：{s!r}")
    return value


def _read_with_units(text: str, original: str) -> int:
    total = group = digit = 0
    for char in text:
        if char in _DIGIT_VALUES:
            digit = _DIGIT_VALUES[char]
        elif char in _GROUP_UNITS:
            total += (group + digit) * _UNIT_VALUES[char]
            group = digit = 0
        elif char in _UNIT_VALUES:
            group += (digit or 1) * _UNIT_VALUES[char]
            digit = 0
        else:
            raise ValueError(f"无法识别的中文数字：{original!r}")
    value = total + group + digit
    # The sum above also accepts malformed text such as 十十 or 一百五; only the
    # canonical spelling (modulo 两/〇 and a leading 一十) is allowed through.
    canonical = text.replace("两", "二").replace("〇", "零")
    if canonical.startswith("一十"):
        canonical = canonical[1:]
    if value == 0 or value > MAX_VALUE or to_chinese(value) != canonical:
        raise ValueError(f"无法识别的中文数字：{original!r}")
    return value


# A month as documents write it: 11月, 十一月, 十一 月 (the 份 of 十月份 follows and is ignored).
MONTH_PATTERN = r"(?P<month>\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"
_MONTH_RE = re.compile(MONTH_PATTERN)


def month_in_text(text: str | None) -> int | None:
    """The first valid month (1–12) named in `text`, or None: 荆州市总工会十一月工作计划 → 11."""
    for match in _MONTH_RE.finditer(text or ""):
        try:
            month = from_chinese(match["month"])
        except ValueError:
            continue
        if 1 <= month <= 12:
            return month
    return None


def month_label(day) -> str:
    """The month of a date as readers see it everywhere: 2020年11月."""
    return f"{day.year}年{day.month}月"


NAME_SEPARATOR = "、"


def join_names(names) -> str:
    """Names as one list for readers: 高启秀、张征军 (empty names left out)."""
    return NAME_SEPARATOR.join(str(name) for name in names if str(name))
