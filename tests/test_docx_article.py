"""从Word导入文章: a .docx built with python-docx becomes a draft article."""

import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from imports.docx_article import DocxImportError, article_from_docx
from news.models import Article
from tests.docx_samples import office_notice

URL = "/admin/import/article/"


def test_the_documents_structure_becomes_rich_text(settings):
    converted = article_from_docx(office_notice())
    body = converted.body
    assert converted.title == "关于开展冬季送温暖活动的通知"
    assert "关于开展冬季送温暖活动的通知" not in body  # the title is not repeated in the body
    red_line = '<span class="text-red"><strong>荆州市总工会</strong></span>'
    assert f'<p class="text-center no-indent">{red_line}</p>' in body
    assert '<p class="no-indent">各县市区总工会：</p>' in body
    assert "<p>现将有关事项<strong>通知</strong>如下，请<em>认真</em>落实<u>到位</u>。</p>" in body
    assert "<h2>一、工作任务</h2>" in body
    assert "<ol><li>摸清底数</li><li>建立台账</li></ol><ul><li>及时报送</li></ul>" in body
    assert '<td rowspan="2">已核实</td>' in body and body.count("<tr>") == 3
    assert '<p class="text-right no-indent">荆州市总工会</p>' in body


def test_pictures_are_re_encoded_through_the_upload_policy_with_no_invented_alt_text():
    converted = article_from_docx(office_notice())
    [src] = re.findall(r'src="([^"]+)"', converted.body)
    assert converted.images == 1 and 'alt=""' in converted.body
    assert re.fullmatch(r"/media/images/\d{4}/\d{2}/[0-9a-f]+\.png", src)
    with default_storage.open(src.removeprefix("/media/")) as file, Image.open(file) as image:
        assert image.size == (1200, 675)  # scaled to the body width, as every upload is
    assert 'width="1200" height="675"' in converted.body


def test_words_own_picture_description_is_kept_as_alt_text():
    assert 'alt="慰问现场"' in article_from_docx(office_notice(picture_description="慰问现场")).body


@pytest.mark.parametrize("data", [b"", b"not a zip", b"PK\x03\x04broken"])
def test_a_file_that_is_not_a_docx_gets_a_clear_message(data):
    with pytest.raises(DocxImportError, match="不是有效的 Word"):
        article_from_docx(data)


def upload(client, data=None, name="通知.docx"):
    return client.post(URL, {"file": SimpleUploadedFile(name, data or office_notice())})


def test_editor_previews_then_saves_a_draft(login, editor, column_tree):
    client = login(editor)
    preview = upload(client)
    assert preview.status_code == 200 and not Article.objects.exists()
    html = preview.content.decode()
    assert 'id="import-preview"' in html and "<ol><li>摸清底数</li>" in html and "更改图片替换文本" in html
    body = preview.context["confirm_form"].initial["body"]
    response = client.post(URL, {"confirm": "1", "title": "关于开展冬季送温暖活动的通知",
                                 "column": column_tree["updates"].pk, "body": body})
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/admin/news/article/{article.pk}/change/"
    assert (article.status, article.created_by, article.column) == (
        Article.Status.DRAFT, editor, column_tree["updates"])
    assert "<ol><li>摸清底数</li><li>建立台账</li></ol>" in article.body
    assert article.history.first().history_change_reason == "从Word导入"


def test_the_draft_cannot_be_saved_with_a_picture_lacking_alt_text(login, editor, column_tree):
    from tests.editorial_fixtures import article_form_data

    client = login(editor)
    body = upload(client).context["confirm_form"].initial["body"]
    client.post(URL, {"confirm": "1", "title": "通知", "column": column_tree["updates"].pk, "body": body})
    article = Article.objects.get()
    response = client.post(f"/admin/news/article/{article.pk}/change/",
                           article_form_data(article, _transition="submit"))
    assert response.status_code == 200 and "更改图片替换文本" in response.content.decode()
    assert Article.objects.get().status == Article.Status.DRAFT


def test_a_crafted_confirmation_is_sanitized(login, editor, column_tree):
    client = login(editor)
    response = client.post(URL, {"confirm": "1", "title": "", "column": column_tree["updates"].pk,
                                 "body": "<p>正文</p><script>alert(1)</script>"})
    assert response.status_code == 200 and "<script>alert(1)" not in response.content.decode()
    client.post(URL, {"confirm": "1", "title": "标题", "column": column_tree["updates"].pk,
                      "body": '<p onclick="x()">正文</p><script>alert(1)</script>'})
    assert Article.objects.get().body == "<p>正文</p>"


@pytest.mark.parametrize(("name", "data", "message"), [
    ("通知.doc", b"\xd0\xcf\x11\xe0old word", "只能导入 Word 文档（.docx）"),
    ("通知.docx", b"this is text", "不是有效的 Word"),
])
def test_bad_files_are_refused_with_a_reason(login, editor, name, data, message):
    response = upload(login(editor), data, name)
    assert response.status_code == 200 and message in response.content.decode()
    assert not Article.objects.exists()


def test_the_import_needs_the_permission_to_add_articles(login, make_staff, client):
    assert login(make_staff("nobody")).get(URL).status_code == 403
    assert client.get(URL).status_code == 302  # to the sign-in page


def test_the_article_list_links_to_the_import(login, editor):
    assert 'href="/admin/import/article/"' in login(editor).get("/admin/news/article/").content.decode()
