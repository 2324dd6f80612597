from django import template

from news.numerals import to_chinese

register = template.Library()


@register.filter
def chinese_numeral(value):
    """62 → 六十二, for numbering that readers expect in Chinese (一、二、三…)."""
    return to_chinese(int(value))
