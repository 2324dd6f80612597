import re
import struct
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.uploads import BODY_IMAGE_WIDTH, check_file, clean_image
from news.models import Attachment

SAMPLE_DOCX = Path(__file__).resolve().parent / "samples" / "plan-table.docx"


def image_bytes(fmt="JPEG", size=(2400, 1600), exif=True):
    image = Image.new("RGB", size, (200, 30, 30))
    out = BytesIO()
    options = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "PhoneMaker"  # Make
        data[0x8825] = {2: (30.0, 20.0, 10.0)}  # GPS latitude: what a phone leaks
        options["exif"] = data
    image.save(out, fmt, **options)
    return out.getvalue()


def upload(name, data):
    return SimpleUploadedFile(name, data)


def huge_png(width=20000, height=20000):
    """A tiny file that claims 400 megapixels: the header alone must get it refused."""

    def chunk(kind, payload):
        return (struct.pack(">I", len(payload)) + kind + payload
                + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 1024)) + chunk(b"IEND", b""))


def test_images_are_reencoded_without_metadata_and_scaled_for_bodies():
    original = image_bytes()
    assert b"PhoneMaker" in original
    clean = clean_image(upload("photo.JPG", original))
    data = clean.content.read()
    assert b"PhoneMaker" not in data
    with Image.open(BytesIO(data)) as image:
        assert image.format == "JPEG"
        assert image.size == (BODY_IMAGE_WIDTH, 800) == (clean.width, clean.height)
        assert not image.getexif()


def test_data_hidden_after_an_image_is_dropped():
    polyglot = image_bytes("PNG", (40, 40), exif=False) + b"<script>alert(1)</script>"
    clean = clean_image(upload("a.png", polyglot))
    assert b"<script>" not in clean.content.read()
    assert clean.extension == "png"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("page.png", b"<html><script>alert(1)</script></html>", "不是有效的图片"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "不支持 SVG"),
        ("gif.gif", b"GIF89a/*<script>alert(1)</script>*/", "不是有效的图片"),
        ("huge.png", huge_png(), "图片尺寸过大"),
        ("large.png", huge_png(8000, 6000), "图片尺寸过大，请缩小到 4000 万像素以内再上传（8000×6000 像素）"),
        ("bitmap.bmp", None, "只能上传 JPEG、PNG、GIF 或 WebP"),
        ("big.jpg", b"\xff\xd8" + b"0" * (10 * 1024 * 1024), "图片不能超过 10 MB"),
    ],
)
def test_bad_images_are_refused_with_a_reason(name, data, message):
    if data is None:
        data = image_bytes("BMP", (10, 10), exif=False)
    with pytest.raises(ValidationError, match=re.escape(message)):
        clean_image(upload(name, data))


def test_editor_upload_endpoint_stores_a_random_dated_name(admin_client, settings):
    response = admin_client.post(
        "/uploads/images/", {"upload": upload("我的照片.jpg", image_bytes())}
    )
    assert response.status_code == 200
    url = response.json()["url"]
    assert re.fullmatch(r"/media/images/\d{4}/\d{2}/[0-9a-f]{16}\.jpg", url)
    assert default_storage.exists(url.removeprefix(settings.MEDIA_URL))


def test_upload_endpoint_refuses_bad_files_and_strangers(admin_client, client):
    response = admin_client.post("/uploads/images/", {"upload": upload("x.png", b"<html>")})
    assert response.status_code == 400
    assert response.json() == {"error": {"message": "文件不是有效的图片，或者图片已损坏。"}}
    assert admin_client.post("/uploads/images/").json()["error"]["message"] == "没有收到图片。"
    anonymous = client.post("/uploads/images/", {"upload": upload("a.jpg", image_bytes())})
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]


PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [("通知.pdf", PDF, "PDF 文档"), ("计划.docx", SAMPLE_DOCX.read_bytes(), "Word 文档"),
     ("旧表.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "Excel 表格")],
)
def test_attachments_of_known_types_pass(name, data, expected):
    assert check_file(upload(name, data)) == expected


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("report.pdf", b"MZ\x90\x00" + b"\x00" * 100, "文件内容不是PDF 文档，与扩展名 .pdf 不符"),
        ("plan.xlsx", SAMPLE_DOCX.read_bytes(), "文件内容不是Excel 表格"),
        ("setup.exe", b"MZ\x90\x00", "不支持 .exe 文件"),
        ("page.html", b"<html>", "不支持 .html 文件"),
    ],
)
def test_attachments_that_are_not_what_they_claim_are_refused(name, data, message):
    with pytest.raises(ValidationError, match=re.escape(message)):
        check_file(upload(name, data))


def test_attachments_download_under_their_title_and_only_when_public(
    client, column_tree, make_article
):
    article = make_article(column_tree["updates"])
    attachment = Attachment(article=article, title="2020年工作计划")
    attachment.file.save("x.pdf", ContentFile(PDF))
    response = client.get(f"/attachments/{attachment.pk}/")
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''2020%E5%B9%B4" in disposition and disposition.endswith(".pdf")
    assert response["Content-Type"] == "application/octet-stream"
    assert b"".join(response.streaming_content) == PDF

    html = client.get(article.get_absolute_url()).content.decode()
    assert f'href="/attachments/{attachment.pk}/">2020年工作计划</a>' in html
    assert "（PDF，" in html

    article.status = "draft"
    article.save()
    assert client.get(f"/attachments/{attachment.pk}/").status_code == 404


def test_body_images_need_alt_text(column_tree, make_article):
    article = make_article(column_tree["updates"], body='<p><img src="/media/a.png"></p>')
    with pytest.raises(ValidationError, match="替代文字"):
        article.full_clean()
    article.body = '<p><img src="/media/a.png" alt="职工运动会"></p>'
    article.full_clean()


def test_uploaded_body_images_get_their_dimensions(column_tree, make_article):
    name = default_storage.save("images/2026/11/size.png", ContentFile(
        image_bytes("PNG", (640, 480), exif=False)))
    article = make_article(
        column_tree["updates"],
        body=f'<figure class="image"><img src="/media/{name}" alt="图"></figure>'
             '<p><img src="https://elsewhere.example/x.png" alt="外链"></p>',
    )
    article.refresh_from_db()
    assert f'<img src="/media/{name}" alt="图" width="640" height="480">' in article.body
    assert '<img src="https://elsewhere.example/x.png" alt="外链">' in article.body


# Through the admin: the same checks guard the article form's cover and attachments.


@pytest.fixture
def admin_draft(column_tree, make_article):
    return make_article(column_tree["updates"], title="附件测试", status="draft")


def post_article(client, article, files=None, **changes):
    from tests.editorial_fixtures import article_form_data

    data = article_form_data(article, **changes)
    return client.post(f"/admin/news/article/{article.pk}/change/", {**data, **(files or {})})


def test_admin_refuses_a_program_renamed_pdf_and_keeps_the_article(admin_client, admin_draft):
    response = post_article(admin_client, admin_draft, files={
        "attachments-TOTAL_FORMS": "1",
        "attachments-0-title": "通知",
        "attachments-0-order": "0",
        "attachments-0-file": upload("notice.pdf", b"MZ\x90\x00" + b"\x00" * 64),
    }, title="改过的标题")
    assert response.status_code == 200
    assert "文件内容不是PDF 文档，与扩展名 .pdf 不符" in response.content.decode()
    admin_draft.refresh_from_db()
    assert admin_draft.title == "附件测试" and admin_draft.attachments.count() == 0


def test_admin_reencodes_a_new_cover_and_refuses_a_fake_one(admin_client, admin_draft):
    fake = post_article(admin_client, admin_draft, files={"cover_image": upload("c.jpg", b"<html>")})
    assert "请上传一张有效的图片" in fake.content.decode()  # Django's ImageField, before ours
    huge_cover = {"cover_image": upload("h.png", huge_png(8000, 6000))}
    huge = post_article(admin_client, admin_draft, files=huge_cover)
    assert "图片尺寸过大" in huge.content.decode()
    response = post_article(admin_client, admin_draft, files={"cover_image": upload("c.jpg", image_bytes())},
                            cover_alt="封面")
    assert response.status_code == 302
    admin_draft.refresh_from_db()
    with admin_draft.cover_image.open("rb") as stored, Image.open(stored) as image:
        assert image.width == BODY_IMAGE_WIDTH and not image.getexif()


def test_only_administrators_get_the_source_view(admin_client, client, admin_draft):
    from django.contrib.auth.models import Group, User

    from core import roles

    url = f"/admin/news/article/{admin_draft.pk}/change/"
    assert "sourceEditing" in admin_client.get(url).content.decode()
    editor = User.objects.create_user("ed", password="ed-password-2026", is_staff=True)
    editor.groups.set([Group.objects.get(name=roles.EDITORS)])
    client.force_login(editor)
    page = client.get(url).content.decode()
    assert "insertTable" in page and "sourceEditing" not in page
