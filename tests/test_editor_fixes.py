"""Small fixes editors asked for (issue 16): 待发布, returned revisions, removing bulletin
sections, the author on the page, and the wording of messages and pages."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bulletins.models import Bulletin
from core.uploads import IMAGE_FORMATS
from news import workflow
from news.models import Article, PendingRevision
from tests.editorial_fixtures import article_form_data
from tests.test_revisions import bulletin_form_data, change_url

CHANGELIST = "/admin/news/article/"


@pytest.fixture
def scheduled(column_tree, make_article, editor):
    return make_article(column_tree["updates"], title="定时发布的通知", created_by=editor,
                        publish_at=timezone.now() + timedelta(days=2))


def test_a_scheduled_article_reads_as_pending_publication_with_its_time(login, editor, scheduled, live):
    html = login(editor).get(CHANGELIST).content.decode()
    when = timezone.localtime(scheduled.publish_at).strftime("%Y-%m-%d %H:%M")
    assert f"待发布（{when}）" in html
    rows = login(editor).get(CHANGELIST).context["cl"].result_list
    assert {article.title: article.state_label for article in rows}["已发布稿件"] == "已发布"


def test_the_scheduled_filter_lists_only_scheduled_articles(login, reviewer, scheduled, live, draft):
    client = login(reviewer)
    assert list(client.get(CHANGELIST + "?schedule=scheduled").context["cl"].result_list) == [scheduled]
    assert list(client.get(CHANGELIST + "?schedule=live").context["cl"].result_list) == [live]
    assert set(Article.objects.scheduled()) == {scheduled}
    assert scheduled.is_scheduled and not live.is_scheduled and not draft.is_scheduled


def test_a_reviewers_send_back_of_a_revision_reaches_its_editor(login, editor, reviewer, live):
    login(editor).post(change_url(live), article_form_data(live, title="改过的标题", _transition="submit"))
    article = Article.objects.get(pk=live.pk)
    data = article_form_data(article, _transition="send_back", review_comment="请核对日期。")
    response = login(reviewer).post(change_url(live), data)
    assert response.status_code == 302
    revision = PendingRevision.objects.get()
    assert revision.status == Article.Status.RETURNED and revision.edited_by == editor
    assert list(Article.objects.returned_to(editor)) == [article]
    assert "被退回：<strong>1</strong>" in login(editor).get("/admin/").content.decode()
    assert not Article.objects.returned_to(reviewer).exists()


@pytest.fixture
def draft_bulletin(db):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    return Bulletin.objects.get()


@pytest.mark.parametrize("role", ["editor", "reviewer"])
def test_editors_and_reviewers_may_remove_a_section_of_a_draft_bulletin(draft_bulletin, login, role, request):
    Bulletin.objects.filter(pk=draft_bulletin.pk).update(status=Article.Status.DRAFT)
    client = login(request.getfixturevalue(role))
    before = draft_bulletin.sections.count()
    removed = draft_bulletin.sections.last()
    index = before - 1
    data = bulletin_form_data(draft_bulletin, client, **{f"sections-{index}-DELETE": "on"})
    response = client.post(change_url(draft_bulletin, "bulletin"), data)
    assert response.status_code == 302, response.context["errors"]
    assert draft_bulletin.sections.count() == before - 1
    assert not draft_bulletin.sections.filter(pk=removed.pk).exists()


def test_removing_a_section_of_a_published_bulletin_waits_for_review(draft_bulletin, login, editor, reviewer,
                                                                        client):
    bulletin = draft_bulletin
    bulletin.status = Article.Status.PUBLISHED
    bulletin.save()
    before = bulletin.sections.count()
    removed = bulletin.sections.first()
    editor_client = login(editor)
    data = bulletin_form_data(bulletin, editor_client, **{"sections-0-DELETE": "on"})
    response = editor_client.post(change_url(bulletin, "bulletin"), data)
    assert response.status_code == 302, response.context["errors"]
    assert bulletin.sections.count() == before  # the public keeps every section until approval
    article = Article.objects.get(pk=bulletin.pk)
    workflow.submit(article, editor)
    workflow.approve(article, reviewer)
    assert bulletin.sections.count() == before - 1
    assert not bulletin.sections.filter(pk=removed.pk).exists()
    assert removed.heading not in client.get(bulletin.get_absolute_url()).content.decode()


def test_the_author_is_shown_on_the_public_page_when_set(column_tree, make_article, client):
    with_author = make_article(column_tree["updates"], author="李明")
    without = make_article(column_tree["updates"])
    assert "作者:李明" in client.get(with_author.get_absolute_url()).content.decode()
    assert "作者:" not in client.get(without.get_absolute_url()).content.decode()


def test_the_alt_text_error_names_the_editors_button(login, editor, column_tree):
    new = Article(column=column_tree["updates"], title="无替换文本", publish_at=timezone.now())
    data = article_form_data(new, body='<p>x</p><img src="/media/images/a.jpg">')
    response = login(editor).post("/admin/news/article/add/", data)
    html = response.content.decode()
    assert "更改图片替换文本" in html and "替代文本”" not in html


def test_the_button_named_by_the_alt_text_error_exists_in_the_editors_translation():
    from pathlib import Path

    import django_ckeditor_5

    static = Path(django_ckeditor_5.__file__).parent / "static/django_ckeditor_5"
    translation = static / "dist/translations/zh-cn.js"
    assert '"Change image text alternative":"更改图片替换文本"' in translation.read_text(encoding="utf-8")


def test_the_delete_page_says_the_article_goes_to_the_recycle_bin(login, editor, draft):
    html = login(editor).get(f"/admin/news/article/{draft.pk}/delete/").content.decode()
    assert "移入回收站" in html and "恢复" in html
    assert "以下所有相关的项目都将被删除" not in html and "是的，我确定" not in html


def test_svg_uploads_get_a_clear_message(login, editor):
    svg = SimpleUploadedFile("logo.svg", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>',
                             content_type="image/svg+xml")
    response = login(editor).post("/uploads/images/", {"upload": svg})
    assert response.status_code == 400
    assert "不支持 SVG" in response.json()["error"]["message"]


def test_the_file_picker_offers_only_what_the_server_accepts():
    accepted = {name.lower() for name in IMAGE_FORMATS}
    assert set(settings.CKEDITOR_5_UPLOAD_FILE_TYPES) == accepted
    for config in settings.CKEDITOR_5_CONFIGS.values():
        assert set(config["image"]["upload"]["types"]) == accepted


def test_a_png_still_uploads(login, editor):
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (20, 20)).save(buffer, "PNG")
    upload = SimpleUploadedFile("a.png", buffer.getvalue(), content_type="image/png")
    assert login(editor).post("/uploads/images/", {"upload": upload}).status_code == 200
