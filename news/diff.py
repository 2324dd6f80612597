"""Readable differences between two revisions of an article (the admin's 对比 page).

Rich text is compared as text, paragraph by paragraph; changed paragraphs are compared
character by character, since Chinese has no spaces to compare words by.
"""

import difflib
import re
from html import unescape

from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.safestring import mark_safe

from core.fields import RichTextField

_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|tr|blockquote|figcaption)>|<br\s*/?>|<hr\s*/?>", re.I)


def paragraphs(rich_text):
    """The text lines of sanitized HTML, one per paragraph, heading, list item or table row."""
    text = unescape(strip_tags(_BLOCK_END.sub("\n", rich_text or "")))
    return [line.strip() for line in text.splitlines() if line.strip()]


def _marked(old, new):
    """`old` → `new` as one line with deletions in <del> and insertions in <ins>."""
    parts = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag in ("delete", "replace"):
            parts.append(format_html("<del>{}</del>", old[i1:i2]))
        if tag in ("insert", "replace"):
            parts.append(format_html("<ins>{}</ins>", new[j1:j2]))
        if tag == "equal":
            parts.append(format_html("{}", old[i1:i2]))
    return mark_safe("".join(parts))


def text_diff(old_html, new_html):
    """HTML (safe) showing how the text of `old_html` became that of `new_html`."""
    old, new = paragraphs(old_html), paragraphs(new_html)
    lines = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            lines += [("same", line) for line in old[i1:i2]]
        elif tag == "replace" and i2 - i1 == j2 - j1:
            lines += [("changed", _marked(a, b)) for a, b in zip(old[i1:i2], new[j1:j2], strict=True)]
        else:
            lines += [("removed", format_html("<del>{}</del>", line)) for line in old[i1:i2]]
            lines += [("added", format_html("<ins>{}</ins>", line)) for line in new[j1:j2]]
    return format_html_join("", '<p class="diff-{}">{}</p>', lines)


def field_changes(old_record, new_record):
    """[(label, old, new, diff)] of the fields that differ between two historical records;
    `diff` is the readable text diff of a rich-text field, else None."""
    model = new_record.instance_type
    delta = new_record.diff_against(old_record, foreign_keys_are_objs=True)
    changes = []
    for change in delta.changes:
        field = model._meta.get_field(change.field)
        label = field.verbose_name
        if isinstance(field, RichTextField):
            changes.append((label, change.old, change.new, text_diff(change.old, change.new)))
        elif field.choices:
            labels = dict(field.flatchoices)
            old, new = labels.get(change.old, change.old), labels.get(change.new, change.new)
            changes.append((label, old, new, None))
        else:
            changes.append((label, change.old, change.new, None))
    return changes
