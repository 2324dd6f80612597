"""Plain text from the site's rich text: for search entries, page descriptions and feeds."""

import html
import re

from django.utils.html import strip_tags
from django.utils.text import Truncator

_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|figure|figcaption|hr)\b[^>]*>", re.I
)

DESCRIPTION_LENGTH = 120


def plain_text(rich_text):
    """The text of sanitized HTML: block tags become spaces (so two paragraphs do not join
    into false bigrams), inline tags vanish (so <b>劳动</b>竞赛 stays 劳动竞赛)."""
    return html.unescape(strip_tags(_BLOCK_TAG.sub(" ", rich_text or "")))


def description(*texts, length=DESCRIPTION_LENGTH):
    """The first non-empty of `texts` (rich or plain), as one line of at most `length` characters."""
    for text in texts:
        line = " ".join(plain_text(text).split())
        if line:
            return Truncator(line).chars(length)
    return ""
