import re
from html import escape
from html.parser import HTMLParser

from django.conf import settings
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django_ckeditor_5.fields import CKEditor5Field
from django_ckeditor_5.widgets import CKEditor5Widget
from PIL import Image

from .roles import is_administrator
from .sanitize import NO_INDENT, OFFICE_PASTE, TEXT_COLOUR_NAMES, TEXT_COLOURS, sanitize_html

_IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)


class _ImageTags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))


def image_attributes(html):
    """The attributes of every <img> in `html`, in order."""
    parser = _ImageTags()
    parser.feed(html or "")
    return parser.images


class RichTextField(CKEditor5Field):
    """CKEditor 5 in forms; sanitized with the portal's allow-list whenever it is written.

    `get_db_prep_save` is the one step every write passes: `save()`, raw saves from
    `loaddata`, `bulk_create`, `bulk_update` and `QuerySet.update()`, so no path stores HTML
    the allow-list has not seen. `pre_save` (ordinary saves) also puts the clean HTML back on
    the instance and gives images from the site's own uploads their width and height, so
    pages do not jump while they load.
    """

    def pre_save(self, model_instance, add):
        clean = with_image_dimensions(sanitize_html(getattr(model_instance, self.attname)))
        setattr(model_instance, self.attname, clean)
        return clean

    def get_db_prep_save(self, value, connection):
        if isinstance(value, str):
            value = sanitize_html(value)
        return super().get_db_prep_save(value, connection)

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if any(not (image.get("alt") or "").strip() for image in image_attributes(value)):
            raise ValidationError(
                "正文中的每张图片都必须填写替代文字（选中图片，点击图片工具栏上的“更改图片替换文本”按钮），"
                "供视障读者的读屏软件朗读。"
            )


def with_image_dimensions(html):
    """Add width and height to <img> tags of uploaded images that lack them."""

    def add_size(match):
        [attributes] = image_attributes(match.group(0)) or [{}]
        src = attributes.get("src") or ""
        if "width" in attributes or not src.startswith(settings.MEDIA_URL):
            return match.group(0)
        try:
            with default_storage.open(src.removeprefix(settings.MEDIA_URL)) as file, \
                    Image.open(file) as image:
                attributes["width"], attributes["height"] = image.size
        except (OSError, ValueError):
            return match.group(0)  # a missing or unreadable file keeps its tag as it was
        rendered = " ".join(f'{name}="{escape(str(value))}"' for name, value in attributes.items())
        return f"<img {rendered}>"

    return _IMG_TAG.sub(add_size, html)


class RichTextWidget(CKEditor5Widget):
    """CKEditor 5 with what the allow-list keeps (core.sanitize) added to its configuration:
    the classes it may hold (General HTML Support), the 样式 menu offering them, and the Word
    paste table for static/js/office-paste.js; plus the rich-text CSS the public page uses."""

    def __init__(self, config_name="default", attrs=None):
        super().__init__(config_name, attrs)
        self.config = {
            **self.config,
            "htmlSupport": {"allow": [
                {"name": "p", "classes": [NO_INDENT]},
                {"name": "span", "classes": list(TEXT_COLOURS)},
            ]},
            "style": {"definitions": [
                *({"name": f"{TEXT_COLOUR_NAMES[name]}文字", "element": "span", "classes": [name]}
                  for name in TEXT_COLOURS),
                {"name": "段落不缩进", "element": "p", "classes": [NO_INDENT]},
            ]},
            "officePaste": OFFICE_PASTE,
        }

    class Media:
        css = {"all": ["css/rich-text.css"]}
        js = ["js/office-paste.js"]


class RichTextAdminMixin:
    """Give administrators the editor's source view; editors get the toolbar without it."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, RichTextField):
            config = "source" if is_administrator(request.user) else "default"
            kwargs["widget"] = RichTextWidget(config_name=config)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class LabelledSplitDateTime(AdminSplitDateTime):
    """The admin's date and time inputs, each with its own <label> (日期 / 时间): Django's
    widget prints the words as plain text, so screen readers announce two unnamed fields."""

    template_name = "core/widgets/split_datetime.html"
