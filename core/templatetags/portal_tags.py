from django import template

from core import chinese

register = template.Library()


@register.filter
def chinese_numeral(value):
    """62 → 六十二, for numbering that readers expect in Chinese (一、二、三…)."""
    return chinese.to_chinese(int(value))


@register.filter
def month_label(day):
    """A date's month as 2020年11月."""
    return chinese.month_label(day) if day else ""


@register.filter
def join_names(names):
    """Names joined with 、 (core.chinese.join_names)."""
    return chinese.join_names(names)
