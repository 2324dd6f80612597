"""Pending revisions of published articles, previews, the revision history, diff and restore."""

import datetime

import pytest
from django.core.management import call_command

from bulletins.models import Bulletin
from news import workflow
from news.diff import text_diff
from news.models import Article, PendingRevision
from tests.editorial_fixtures import article_form_data


def change_url(article, model="article"):
    app = "bulletins" if model == "bulletin" else "news"
    return f"/admin/{app}/{model}/{article.pk}/change/"


@pytest.fixture
def edited(login, editor, live):
    """The published article after an editor changed its title and body in the admin."""
    data = article_form_data(live, title="修改后的标题", body="<p>修改后的正文。</p><script>x()</script>")
    response = login(editor).post(change_url(live), data)
    assert response.status_code == 302
    return live


def test_editing_a_published_article_keeps_the_public_version(edited, client):
    live = Article.objects.get(pk=edited.pk)
    assert(live.title, live.status) ==("已发布稿件", Article.Status.PUBLISHED)
    html = client.get(live.get_absolute_url()).content.decode()
    assert "已发布稿件" in html and "原来的正文。" in html and "修改后的标题" not in html
    revision = live.revision
    assert revision.status == Article.Status.DRAFT
    assert revision.values["title"] == "修改后的标题"
    assert "<script>" not in revision.values["body"]  # sanitized as a real save would


def test_the_change_form_edits_the_revision(edited, login, editor):
    html = login(editor).get(change_url(edited)).content.decode()
    assert 'value="修改后的标题"' in html
    assert "下面是<strong>修订版本</strong>" in html


def test_preview_shows_the_revision_marked_noindex(edited, login, reviewer):
    response = login(reviewer).get(f"/admin/news/article/{edited.pk}/preview/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "修改后的标题" in html and "修改后的正文。" in html
    assert '<meta name="robots" content="noindex">' in html and "预览" in html


def test_preview_needs_staff(edited, client):
    assert client.get(f"/admin/news/article/{edited.pk}/preview/").status_code == 302  # to log-in


def test_approving_the_revision_updates_the_live_article(edited, login, editor, reviewer, client):
    article = Article.objects.get(pk=edited.pk)
    changes = {"title": "修改后的标题", "body": "<p>修改后的正文。</p>", "_transition": "submit"}
    data = article_form_data(article, **changes)
    login(editor).post(change_url(edited), data)
    assert PendingRevision.objects.get().status == Article.Status.PENDING
    assert "待我审核：<strong>1</strong>" in login(reviewer).get("/admin/").content.decode()
    workflow.approve(Article.objects.get(pk=edited.pk), reviewer)
    live = Article.objects.get(pk=edited.pk)
    assert(live.title, live.status) ==("修改后的标题", Article.Status.PUBLISHED)
    assert not PendingRevision.objects.exists()
    assert "修改后的正文。" in client.get(live.get_absolute_url()).content.decode()
    assert live.history.first().history_user == reviewer


def test_a_returned_revision_shows_its_comment_and_returns_to_draft_on_edit(edited, login, editor, reviewer):
    article = Article.objects.get(pk=edited.pk)
    workflow.submit(article, editor)
    workflow.send_back(article, reviewer, "标题太长。")
    assert Article.objects.returned_to(editor).get() == article
    html = login(editor).get(change_url(article)).content.decode()
    assert "标题太长。" in html
    login(editor).post(change_url(article), article_form_data(article, title="短标题"))
    assert PendingRevision.objects.get().status == Article.Status.DRAFT


def test_withdrawing_keeps_the_pending_edits(edited, reviewer):
    workflow.withdraw(Article.objects.get(pk=edited.pk), reviewer)
    article = Article.objects.get(pk=edited.pk)
    assert(article.title, article.status) ==("修改后的标题", Article.Status.WITHDRAWN)


def test_editor_cannot_change_attachments_of_a_published_article(edited, login, editor):
    form = login(editor).get(change_url(edited)).context["inline_admin_formsets"][0]
    assert not form.has_add_permission and not form.has_change_permission


@pytest.fixture
def bulletin(db, editor):
    call_command("load_demo", verbosity=0)
    bulletin = Bulletin.objects.get()
    bulletin.status = Article.Status.PUBLISHED
    bulletin.save()
    return bulletin


def form_values(form):
    """What a browser would post for `form`'s current values(split date-times included)."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if hasattr(field.widget, "widgets"):  # SplitDateTimeWidget: date and time inputs
            for index, part in enumerate(field.widget.decompress(value)):
                data[f"{form.add_prefix(name)}_{index}"] = str(part) if part else ""
        elif value not in(None, False):
            data[form.add_prefix(name)] = value
    return data


def bulletin_form_data(bulletin, client, **changes):
    """The bulletin change form's own initial values(sections included), with `changes`."""
    context = client.get(change_url(bulletin, "bulletin")).context
    data = form_values(context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update({management.add_prefix(name): value for name, value in management.initial.items()})
        for form in inline.formset.forms:
            data.update(form_values(form))
    data.update(changes)
    return data


def test_bulletin_section_edits_wait_for_approval(bulletin, login, editor, reviewer, client):
    section_ids = set(bulletin.sections.values_list("pk", flat=True))
    editor_client = login(editor)
    data = bulletin_form_data(bulletin, editor_client, **{"sections-0-heading": "新的第一部分小标题"})
    response = editor_client.post(change_url(bulletin, "bulletin"), data)
    assert response.status_code == 302, response.context["errors"]
    public = client.get(bulletin.get_absolute_url()).content.decode()
    assert "新的第一部分小标题" not in public
    preview = login(reviewer).get(f"/admin/bulletins/bulletin/{bulletin.pk}/preview/").content.decode()
    assert "新的第一部分小标题" in preview and "noindex" in preview
    assert bulletin.sections.first().heading != "新的第一部分小标题"  # the preview left no trace
    assert PendingRevision.objects.filter(article_id=bulletin.pk).exists()
    article = Article.objects.get(pk=bulletin.pk)
    workflow.submit(article, editor)
    workflow.approve(article, reviewer)
    headings = list(bulletin.sections.values_list("heading", flat=True))
    assert headings[0] == "新的第一部分小标题" and len(headings) == 6
    assert set(bulletin.sections.values_list("pk", flat=True)) == section_ids  # rows kept
    assert "新的第一部分小标题" in client.get(bulletin.get_absolute_url()).content.decode()


# History ------------------------------------------------------------------------------------


def test_every_save_is_a_revision_with_who_and_what(login, editor, draft):
    login(editor).post(change_url(draft), article_form_data(draft, title="第二版标题"))
    records = list(draft.history.all())
    assert len(records) == 2
    assert records[0].history_user == editor and records[0].title == "第二版标题"
    assert "title" in [change.field for change in records[0].diff_against(records[1]).changes]


def test_history_page_and_field_by_field_comparison(login, editor, draft):
    client = login(editor)
    body = "<p>第一段。</p><p>新增的第二段。</p>"
    client.post(change_url(draft), article_form_data(draft, title="第二版标题", body=body))
    history = client.get(f"/admin/news/article/{draft.pk}/history/").content.decode()
    assert "对比所选的两个版本" in history
    new, old = draft.history.all()
    html = client.get(
        f"/admin/news/article/{draft.pk}/history/compare/?old={old.history_id}&new={new.history_id}"
    ).content.decode()
    assert "标题" in html and "待审稿件" in html and "第二版标题" in html
    assert "<ins>新增的第二段。</ins>" in html


def test_compare_without_versions_goes_back_to_the_history(login, editor, draft):
    response = login(editor).get(f"/admin/news/article/{draft.pk}/history/compare/?old=x")
    assert response.status_code == 302 and response.url.endswith(f"/{draft.pk}/history/")


def test_restoring_an_old_version_of_a_draft(login, editor, draft):
    client = login(editor)
    client.post(change_url(draft), article_form_data(draft, title="第二版标题"))
    first = draft.history.earliest()
    restore_url = f"/admin/news/article/{draft.pk}/history/{first.history_id}/"
    assert "待审稿件" in client.get(restore_url).content.decode()
    response = client.post(restore_url, article_form_data(draft, title="待审稿件"))
    assert response.status_code == 302
    assert Article.objects.get(pk=draft.pk).title == "待审稿件"
    assert draft.history.count() == 3


def test_restoring_an_old_version_of_a_published_article_needs_review(login, editor, live, client):
    live.title = "第二版"
    live.save()
    first = live.history.earliest()
    restore_url = f"/admin/news/article/{live.pk}/history/{first.history_id}/"
    response = login(editor).post(restore_url, article_form_data(live, title="已发布稿件"))
    assert response.status_code == 302
    article = Article.objects.get(pk=live.pk)
    assert(article.title, article.status) ==("第二版", Article.Status.PUBLISHED)
    assert article.revision.values["title"] == "已发布稿件"


def test_text_diff_marks_changed_characters():
    html = text_diff("<p>全市职工</p><p>不变</p>", "<p>全省职工</p><p>不变</p><p>新段</p>")
    assert '<p class="diff-changed">全<del>市</del><ins>省</ins>职工</p>' in html
    assert '<p class="diff-same">不变</p>' in html and '<p class="diff-added"><ins>新段</ins></p>' in html
    assert "&lt;b&gt;" in text_diff("", "<p>&lt;b&gt;</p>")  # text stays text


def test_plans_keep_revisions(make_plan, make_item):
    plan = make_plan(datetime.date(2026, 11, 1))
    item = make_item(plan)
    item.content = "改过的内容"
    item.save()
    assert plan.history.count() >= 1 and item.history.count() == 2


def test_a_published_article_without_edits_has_no_revision(login, reviewer, live):
    html = login(reviewer).get(change_url(live)).content.decode()
    assert "修订版本</strong>" not in html and "保存修改会生成修订版本" in html
    assert live.revision is None
