from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from core import chinese, page_cache

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


@register.simple_tag
def breadcrumb_trail(trail, links_last=False):
    """您的位置: 首页 > … for `trail`, (name, url) pairs from the top down: the last one is
    this page, named without a link unless `links_last` (an article's trail ends with its
    column). Built here rather than in an include: it is on nearly every page."""
    *above, (last_name, last_url) = trail
    links = [(reverse("news:home"), "首页"), *((url, name) for name, url in above)]
    last = (format_html('<a href="{}">{}</a>', last_url, last_name) if links_last
            else format_html('<span aria-current="page">{}</span>', last_name))
    return format_html(
        '<nav class="breadcrumb" aria-label="您的位置">\n  <span>您的位置:</span>{} &gt; {}\n</nav>',
        format_html_join(mark_safe(" &gt; "), '<a href="{}">{}</a>', links), last,
    )


@register.filter
def value_at(mapping, key):
    """mapping[key], or None: for a value a view keyed by id (a section's plan items)."""
    return mapping.get(key) if mapping else None


class RememberedNode(template.Node):
    def __init__(self, name, nodelist):
        self.name, self.nodelist = name, nodelist

    def render(self, context):
        name = self.name.resolve(context)
        if not name:
            return self.nodelist.render(context)
        return mark_safe(page_cache.remember(f"fragment:{name}", lambda: self.nodelist.render(context)))


@register.tag
def remembered(parser, token):
    """{% remembered "name" %}…{% endremembered %}: the enclosed HTML, rendered once per content
    generation (core.page_cache.remember) and shown to every reader, signed in or not; an
    empty name renders it afresh (a preview, which must not be kept). Only for parts that
    depend on content alone: nothing of the request, the reader, the date or the host (links
    are paths), and the name says which content (the article's id). What it shows is best
    given lazily by the view, so that a kept fragment reads nothing; what the request read
    through `remember` (`site`, `column_tree`) is of the same generation."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% remembered %} takes one name.")
    nodelist = parser.parse(("endremembered",))
    parser.delete_first_token()
    return RememberedNode(parser.compile_filter(bits[1]), nodelist)
