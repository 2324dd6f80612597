"""The one allow-list every stored HTML body passes through.

It keeps what the CKEditor 5 toolbar can produce (headings, emphasis, lists, alignment,
links, tables, block quotes, images with alt text, horizontal lines) and drops the rest,
whatever the browser sent: scripts, event attributes, iframes, `javascript:` URLs, CSS.

Word and WPS express what an office means with inline CSS (a red 红头, a paragraph set
flush left, bold as `font-weight`); before the allow-list, `office_to_classes` turns those
into the few classes below, so pasted or imported text keeps them while no CSS is stored.
The editor's paste hook (static/js/office-paste.js) applies the same table, which the
editor receives in its configuration (`OFFICE_PASTE`), so what the editor shows after a
paste is what the page publishes.
"""

import re

import nh3
from django.utils.html import escape
from lxml import etree
from lxml import html as lxml_html

ALIGNMENT_CLASSES = {"text-left", "text-center", "text-right", "text-justify"}
IMAGE_CLASSES = {"image", "image-style-align-left", "image-style-align-center",
                 "image-style-align-right", "image_resized", "table"}

# The text colours an office uses (红头 red, a dark blue), as classes; any other colour is
# dropped. A Word colour takes the nearest of these or of the others (black, grey, white,
# green: no class), if it is within COLOUR_DISTANCE of it.
TEXT_COLOURS = {"text-red": "#c00000", "text-blue": "#1f4e9d"}
TEXT_COLOUR_NAMES = {"text-red": "红色", "text-blue": "蓝色"}
NEUTRAL_COLOURS = ("#000000", "#808080", "#ffffff", "#008000")
COLOUR_DISTANCE = 135
# Paragraphs are set with a first-line indent of two characters (首行缩进, the page's and the
# editor's default); a Word paragraph without one (a salutation, a signature) keeps this.
NO_INDENT = "no-indent"
PARAGRAPH_CLASSES = {NO_INDENT}

OFFICE_PASTE = {
    "colours": TEXT_COLOURS,
    "neutral": list(NEUTRAL_COLOURS),
    "maxDistance": COLOUR_DISTANCE,
    "noIndentClass": NO_INDENT,
}

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
        "p": ALIGNMENT_CLASSES | PARAGRAPH_CLASSES,
        "span": set(TEXT_COLOURS),
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
    return _cleaner.clean(office_to_classes(html))


def paragraphs_to_html(paragraphs):
    """Plain-text paragraphs (imported or generated) as rich text: one <p> each, escaped."""
    return "".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)


# Word's inline styles as classes ---------------------------------------------------------

_NAMED_COLOURS = {
    "red": "#ff0000", "darkred": "#8b0000", "maroon": "#800000", "blue": "#0000ff",
    "navy": "#000080", "darkblue": "#00008b", "black": "#000000", "white": "#ffffff",
    "gray": "#808080", "grey": "#808080", "green": "#008000", "windowtext": "#000000",
}
_RGB = re.compile(r"rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)")
_LENGTH = re.compile(r"(-?[\d.]+)\s*(pt|px|em|cm|mm|in|ch)?")
_WORD_MARKERS = ("mso-", "Mso", "urn:schemas-microsoft-com")


def _rgb(value):
    value = value.strip().lower()
    value = _NAMED_COLOURS.get(value, value)
    if match := _RGB.match(value):
        return tuple(int(part) for part in match.groups())
    if re.fullmatch(r"#[0-9a-f]{3}", value):
        return tuple(int(ch * 2, 16) for ch in value[1:])
    if re.fullmatch(r"#[0-9a-f]{6}", value):
        return tuple(int(value[i:i + 2], 16) for i in (1, 3, 5))
    return None


def colour_class(value):
    """The TEXT_COLOURS class nearest to the CSS colour `value`, or None."""
    rgb = _rgb(value)
    if rgb is None:
        return None
    anchors = [(name, _rgb(hex_value)) for name, hex_value in TEXT_COLOURS.items()]
    anchors += [("", _rgb(hex_value)) for hex_value in NEUTRAL_COLOURS]
    distance, name = min(
        (sum((a - b) ** 2 for a, b in zip(rgb, anchor, strict=True)) ** 0.5, name) for name, anchor in anchors
    )
    return name if name and distance <= COLOUR_DISTANCE else None


def _declarations(style):
    result = {}
    for declaration in (style or "").split(";"):
        name, _, value = declaration.partition(":")
        if name.strip() and value.strip():
            result[name.strip().lower()] = value.strip()
    return result


def _positive_length(value):
    match = _LENGTH.match(value or "")
    return bool(match) and float(match.group(1)) > 0


def _add_class(element, name):
    classes = (element.get("class") or "").split()
    if name not in classes:
        element.set("class", " ".join([*classes, name]))


def _wrap_children(element, tag):
    """Put `element`'s content inside a new <tag>."""
    wrapper = etree.Element(tag)
    wrapper.text, element.text = element.text, None
    for child in list(element):
        wrapper.append(child)
    element.append(wrapper)


def _is_list_ignore(element):
    return "mso-list:ignore" in (element.get("style") or "").replace(" ", "").lower()


def _list_paragraphs_to_lists(root):
    """Word's list paragraphs (style mso-list, the number typed in an ignored span) as one
    <ol>/<ul> per run, so the number is printed once, by the list."""
    for paragraph in list(root.iter("p")):
        if paragraph.getparent() is None:
            continue
        style = (paragraph.get("style") or "").lower()
        if "mso-list:" not in style.replace(" ", "") or "mso-list:none" in style.replace(" ", ""):
            continue
        marker = "".join(span.text_content() for span in paragraph.iter("span") if _is_list_ignore(span))
        for span in [span for span in paragraph.iter("span") if _is_list_ignore(span)]:
            span.drop_tree()
        numbered = bool(re.match(r"\s*[\w一二三四五六七八九十]+[.)、．]", marker))
        tag = "ol" if numbered else "ul"
        previous = paragraph.getprevious()
        if previous is not None and previous.tag == tag and previous.get("data-word-list") and \
                not (previous.tail or "").strip():
            target = previous
        else:
            target = etree.Element(tag)
            target.set("data-word-list", "1")
            paragraph.addprevious(target)
        item = etree.SubElement(target, "li")
        item.text = (paragraph.text or "").lstrip()
        for child in list(paragraph):
            item.append(child)
        item.tail = None
        target.tail = paragraph.tail
        paragraph.getparent().remove(paragraph)
    for element in root.iter("ol", "ul"):
        element.attrib.pop("data-word-list", None)


def office_to_classes(html):
    """Word/WPS inline CSS as the portal's classes and tags (before the allow-list):
    colours → TEXT_COLOURS classes, a paragraph with no first-line indent → NO_INDENT,
    font-weight / font-style / text-decoration → <strong> / <em> / <u>, Word list paragraphs
    → lists with their typed number removed. HTML without inline styles passes unchanged."""
    if "style=" not in html and "<font" not in html.lower():
        return html
    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return html
    from_word = any(marker in html for marker in _WORD_MARKERS)
    _list_paragraphs_to_lists(root)
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        declarations = _declarations(element.get("style"))
        colour = declarations.get("color") or (element.get("color") if element.tag == "font" else None)
        if element.tag == "font":
            element.tag = "span"
            element.attrib.pop("color", None)
        if colour and (name := colour_class(colour)):
            if element.tag == "span":
                _add_class(element, name)
            else:
                _wrap_children(element, "span")
                _add_class(element[-1], name)
        weight = declarations.get("font-weight", "")
        if weight in {"bold", "bolder"} or (weight.isdigit() and int(weight) >= 600):
            _wrap_children(element, "strong")
        if declarations.get("font-style") == "italic":
            _wrap_children(element, "em")
        if "underline" in declarations.get("text-decoration", "") + declarations.get(
                "text-decoration-line", ""):
            _wrap_children(element, "u")
        if element.tag == "p" and (from_word or "text-indent" in declarations) and \
                not _positive_length(declarations.get("text-indent")):
            _add_class(element, NO_INDENT)
        if word_classes := [name for name in (element.get("class") or "").split() if name.startswith("Mso")]:
            kept = [name for name in element.get("class").split() if name not in word_classes]
            if kept:
                element.set("class", " ".join(kept))
            else:
                del element.attrib["class"]
        if "text-align" in declarations:
            element.set("style", f"text-align:{declarations['text-align']}")
        elif "style" in element.attrib:
            del element.attrib["style"]
    return escape(root.text or "") + "".join(
        lxml_html.tostring(child, encoding="unicode") for child in root if isinstance(child.tag, str)
    )
