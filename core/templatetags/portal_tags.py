from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

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


@register.filter
def join_links(objects, note=""):
    """Objects as links to their pages, joined as join_names joins names, with an optional
    plain-text `note` last (高启秀、张征军; 经技部、各县市区工会)."""
    links = format_html_join(chinese.NAME_SEPARATOR, '<a href="{}">{}</a>',
                             ((obj.get_absolute_url(), obj) for obj in objects))
    if not note:
        return links
    return format_html("{}{}{}", links, mark_safe(chinese.NAME_SEPARATOR) if links else "", note)
