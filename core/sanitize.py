"""The one allow-list every stored HTML body passes through.

It keeps what the CKEditor 5 toolbar can produce (headings, emphasis, lists, alignment,
links, tables, block quotes, images with alt text, horizontal lines) and drops the rest,
whatever the browser sent: scripts, event attributes, iframes, `javascript:` URLs, CSS.
"""

import nh3
from django.utils.html import escape

ALIGNMENT_CLASSES = {"text-left", "text-center", "text-right", "text-justify"}
IMAGE_CLASSES = {"image", "image-style-align-left", "image-style-align-center",
                 "image-style-align-right", "image_resized", "table"}

_BLOCKS_WITH_ALIGNMENT = ("p", "h2", "h3", "h4", "li", "td", "th")

_cleaner = nh3.Cleaner(
    tags={
        "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup",
        "blockquote", "ul", "ol", "li", "a", "img", "figure", "figcaption", "hr",
        "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
        "span", "pre", "code",
    },
    clean_content_tags={"script", "style", "iframe", "object", "embed", "template", "noscript"},
    attributes={
        "a": {"href", "title"},
        "img": {"src", "alt", "width", "height"},
        "td": {"colspan", "rowspan", "style"},
        "th": {"colspan", "rowspan", "scope", "style"},
        "ol": {"start"},
        "p": {"style"},
        "h2": {"style"},
        "h3": {"style"},
        "h4": {"style"},
        "li": {"style"},
        "figure": {"style"},
    },
    allowed_classes={
        **{tag: ALIGNMENT_CLASSES for tag in _BLOCKS_WITH_ALIGNMENT},
        "figure": IMAGE_CLASSES,
    },
    # Word and WPS paste alignment as an inline style; no other CSS is kept.
    filter_style_properties={"text-align"},
    url_schemes={"http", "https", "mailto", "tel"},
    link_rel="noopener noreferrer",
)


def sanitize_html(html: str) -> str:
    """Return `html` reduced to the portal's allow-list (idempotent)."""
    if not html:
        return ""
    return _cleaner.clean(html)


def paragraphs_to_html(paragraphs):
    """Plain-text paragraphs (imported or generated) as rich text: one <p> each, escaped."""
    return "".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)
