"""Uploaded images and attachments: checked by content, re-encoded, stored under random names.

Editors upload what they have: photos straight from phones (with GPS data in EXIF), files
renamed by hand, scans of enormous size. Nothing is stored as sent: images are decoded and
re-encoded by Pillow (which drops metadata and anything hidden after the image data), and
attachments must be what their extension says.
"""

import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePath

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST
from PIL import Image, ImageOps, UnidentifiedImageError

from .models import Article, Attachment, RandomUploadPath

MAX_IMAGE_BYTES = 10 * 1024 * 1024
# Decoding allocates width × height × 4 bytes: 40 megapixels is a large photo, not a bomb.
MAX_IMAGE_PIXELS = 40_000_000
TOO_MANY_PIXELS = "图片尺寸过大，请缩小到 4000 万像素以内再上传"
BODY_IMAGE_WIDTH = 1200
THUMBNAIL_WIDTH = 360
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}

MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024
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
}


@dataclass(frozen=True)
class CleanImage:
    content: ContentFile
    extension: str
    width: int
    height: int


def clean_image(uploaded, max_width=BODY_IMAGE_WIDTH):
    """Decode, check and re-encode an uploaded image, scaled down to at most `max_width`.

    Raises ValidationError with a message for the editor.
    """
    if uploaded.size > MAX_IMAGE_BYTES:
        raise ValidationError(f"图片不能超过 {MAX_IMAGE_BYTES // 1024 // 1024} MB。")
    data = uploaded.read()
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


def check_attachment(uploaded):
    """Refuse attachments that are too big, of a type readers cannot open, or not what their
    extension says (a program renamed .pdf). Returns the readable type name."""
    extension = PurePath(uploaded.name).suffix.lower().lstrip(".")
    if extension not in ATTACHMENT_TYPES:
        allowed = "、".join(sorted(ATTACHMENT_TYPES))
        raise ValidationError(f"不支持 .{extension or '（无扩展名）'} 文件，只能上传：{allowed}。")
    if uploaded.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(f"附件不能超过 {MAX_ATTACHMENT_BYTES // 1024 // 1024} MB。")
    type_name, matches = ATTACHMENT_TYPES[extension]
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    if not matches(head, uploaded):
        raise ValidationError(f"文件内容不是{type_name}，与扩展名 .{extension} 不符。")
    uploaded.seek(0)
    return type_name


def download_attachment(request, pk):
    """Serve an attachment as a download under its readable name, never inline."""
    attachment = get_object_or_404(Attachment.objects.select_related("article"), pk=pk)
    if not Article.objects.visible_to(request.user).filter(pk=attachment.article_id).exists():
        raise Http404("没有这个附件。")
    extension = PurePath(attachment.file.name).suffix.lower()
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404("附件文件已不存在。") from None
    return FileResponse(
        handle, as_attachment=True, filename=f"{attachment.title}{extension}",
        content_type="application/octet-stream",
    )
