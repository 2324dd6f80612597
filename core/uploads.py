"""The upload policy: every uploaded image and file, whichever form or endpoint it comes
through, is checked by content, images are re-encoded, and all are stored under random names.

Editors and leaders upload what they have: photos straight from phones (with GPS data in
EXIF), files renamed by hand, scans of enormous size. Nothing is stored as sent: images are
decoded and re-encoded by Pillow (which drops metadata and anything hidden after the image
data), and files must be what their extension says. Entry points: the editor's image upload
(`upload_image`, the only upload URL CKEditor is given), covers (`clean_image`), article
attachments and progress-report files (`FileTypeValidator` on their model fields).
"""

import secrets
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePath

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import JsonResponse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.views.decorators.http import require_POST
from PIL import Image, ImageOps, UnidentifiedImageError


@deconstructible
class RandomUploadPath:
    """`upload_to` that files uploads under a dated folder with a random name.

    Random names keep uploaders' file names (often personal or misleading) out of URLs and
    make upload URLs unguessable; the extension is kept for the web server's MIME type.
    """

    def __init__(self, prefix):
        self.prefix = prefix

    def __call__(self, instance, filename):
        suffix = PurePath(filename).suffix.lower()[:10]
        return f"{self.prefix}/{timezone.localdate():%Y/%m}/{secrets.token_hex(8)}{suffix}"

    def __eq__(self, other):
        return isinstance(other, RandomUploadPath) and other.prefix == self.prefix

MAX_IMAGE_BYTES = 10 * 1024 * 1024
# Decoding allocates width × height × 4 bytes: 40 megapixels is a large photo, not a bomb.
MAX_IMAGE_PIXELS = 40_000_000
TOO_MANY_PIXELS = "图片尺寸过大，请缩小到 4000 万像素以内再上传"
BODY_IMAGE_WIDTH = 1200
THUMBNAIL_WIDTH = 360
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}

MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024
MAX_REPORT_FILE_BYTES = 10 * 1024 * 1024
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Office and WPS documents
_ZIP = b"PK\x03\x04"
# extension → (what readers are told, test of the first bytes / the file)
ATTACHMENT_TYPES = {
    "pdf": ("PDF 文档", lambda head, data: head.startswith(b"%PDF-")),
    "doc": ("Word 文档", lambda head, data: head.startswith(_OLE)),
    "xls": ("Excel 表格", lambda head, data: head.startswith(_OLE)),
    "ppt": ("PowerPoint 演示文稿", lambda head, data: head.startswith(_OLE)),
    "wps": ("WPS 文字", lambda head, data: head.startswith(_OLE)),
    "et": ("WPS 表格", lambda head, data: head.startswith(_OLE)),
    "docx": ("Word 文档", lambda head, data: _is_office_zip(data, "word/")),
    "xlsx": ("Excel 表格", lambda head, data: _is_office_zip(data, "xl/")),
    "pptx": ("PowerPoint 演示文稿", lambda head, data: _is_office_zip(data, "ppt/")),
    "zip": ("ZIP 压缩包", lambda head, data: head.startswith(_ZIP) and zipfile.is_zipfile(data)),
    "jpg": ("JPEG 图片", lambda head, data: _is_image(data, "JPEG")),
    "jpeg": ("JPEG 图片", lambda head, data: _is_image(data, "JPEG")),
    "png": ("PNG 图片", lambda head, data: _is_image(data, "PNG")),
}
# What each kind of upload may be (extensions of ATTACHMENT_TYPES).
ARTICLE_ATTACHMENT_TYPES = ("pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "wps", "et", "zip")
REPORT_FILE_TYPES = ("pdf", "doc", "docx", "xls", "xlsx", "wps", "jpg", "jpeg", "png")


@dataclass(frozen=True)
class CleanImage:
    content: ContentFile
    extension: str
    width: int
    height: int


SVG_REFUSED = "不支持 SVG 矢量图（其中可以夹带脚本）。请在制图软件中另存为 PNG 或 JPEG 后再上传。"


def _looks_like_svg(data):
    head = data[:1024].lstrip().lower()
    return head.startswith(b"<?xml") or head.startswith(b"<svg") or b"<svg" in head


def clean_image(uploaded, max_width=BODY_IMAGE_WIDTH):
    """Decode, check and re-encode an uploaded image, scaled down to at most `max_width`.

    Raises ValidationError with a message for the editor.
    """
    if uploaded.size > MAX_IMAGE_BYTES:
        raise ValidationError(f"图片不能超过 {MAX_IMAGE_BYTES // 1024 // 1024} MB。")
    data = uploaded.read()
    if _looks_like_svg(data):
        raise ValidationError(SVG_REFUSED)
    try:
        with Image.open(BytesIO(data)) as probe:
            image_format = probe.format
            width, height = probe.size
            if image_format not in IMAGE_FORMATS:
                raise ValidationError("只能上传 JPEG、PNG、GIF 或 WebP 格式的图片（不支持 SVG）。")
            if width * height > MAX_IMAGE_PIXELS:
                raise ValidationError(f"{TOO_MANY_PIXELS}（{width}×{height} 像素）")
            probe.verify()
        with Image.open(BytesIO(data)) as image:
            image = ImageOps.exif_transpose(image)  # phones store rotation in EXIF
            image.thumbnail((max_width, max_width * 10))
            return _encode(image, image_format)
    except ValidationError:
        raise
    except Image.DecompressionBombError:  # Pillow's own guard, for headers claiming far more
        raise ValidationError(TOO_MANY_PIXELS) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError("文件不是有效的图片，或者图片已损坏。") from None


_SAVE_OPTIONS = {
    "JPEG": {"quality": 85, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 85},
    "GIF": {},
}


def _encode(image, image_format):
    """Write the pixels alone: no EXIF, no comments, nothing appended after the image."""
    if image_format == "JPEG" and image.mode != "RGB":
        image = image.convert("RGB")
    out = BytesIO()
    image.save(out, image_format, **_SAVE_OPTIONS[image_format])
    return CleanImage(ContentFile(out.getvalue()), IMAGE_FORMATS[image_format], *image.size)


def cleaned_image_upload(uploaded, initial=None):
    """A form's new image upload (cover, banner) checked and re-encoded by clean_image,
    as an uploaded file the field stores; the unchanged initial value passes as it is."""
    if not uploaded or uploaded == initial:
        return uploaded
    clean = clean_image(uploaded)
    return SimpleUploadedFile(f"image.{clean.extension}", clean.content.read())


def store_image(clean, prefix="images"):
    """Save under a dated folder with a random name, as covers and attachments are;
    returns the storage name."""
    name = RandomUploadPath(prefix)(None, f"upload.{clean.extension}")
    return default_storage.save(name, clean.content)


@staff_member_required
@require_POST
def upload_image(request):
    """CKEditor 5's image upload endpoint: the JSON answer is what its upload adapter reads."""
    uploaded = request.FILES.get("upload")
    if uploaded is None:
        return JsonResponse({"error": {"message": "没有收到图片。"}}, status=400)
    try:
        clean = clean_image(uploaded)
    except ValidationError as error:
        return JsonResponse({"error": {"message": " ".join(error.messages)}}, status=400)
    name = store_image(clean)
    return JsonResponse({"url": default_storage.url(name)})


def _is_office_zip(data, part_prefix):
    try:
        with zipfile.ZipFile(data) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile:
        return False
    return "[Content_Types].xml" in names and any(name.startswith(part_prefix) for name in names)


def _is_image(data, image_format):
    try:
        with Image.open(data) as image:
            matches = image.format == image_format
            image.verify()
            return matches
    except Exception:  # Pillow raises many kinds of errors for a file that is not an image
        return False
    finally:
        data.seek(0)


def check_file(uploaded, types=ARTICLE_ATTACHMENT_TYPES, max_bytes=MAX_ATTACHMENT_BYTES):
    """Refuse files that are too big, of a type not in `types`, or not what their extension
    says (a program or web page renamed .pdf). Returns the readable type name."""
    extension = PurePath(uploaded.name).suffix.lower().lstrip(".")
    if extension not in types:
        allowed = "、".join(types)
        raise ValidationError(f"不支持 .{extension or '（无扩展名）'} 文件，只能上传：{allowed}。")
    if uploaded.size > max_bytes:
        raise ValidationError(f"文件不能超过 {max_bytes // 1024 // 1024} MB。")
    type_name, matches = ATTACHMENT_TYPES[extension]
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    if not matches(head, uploaded):
        raise ValidationError(f"文件内容不是{type_name}，与扩展名 .{extension} 不符。")
    uploaded.seek(0)
    return type_name


@deconstructible
class FileTypeValidator:
    """The model-field validator for uploaded files: `check_file` on each new upload (files
    already stored were checked when they came)."""

    def __init__(self, types, max_bytes):
        self.types, self.max_bytes = tuple(types), max_bytes

    def __call__(self, value):
        if getattr(value, "_committed", True):
            return
        check_file(value, self.types, self.max_bytes)

    def __eq__(self, other):
        return isinstance(other, FileTypeValidator) and (other.types, other.max_bytes) == (
            self.types, self.max_bytes
        )

    @property
    def help_text(self):
        return f"{'、'.join(self.types)} 格式，不超过 {self.max_bytes // 1024 // 1024} MB。"
