"""The review workflow(先审后发): who may take which step, in the model and through the admin."""

from datetime import timedelta

import pytest
from django.utils import timezone

from audit.models import AuditEntry
from news import workflow
from news.models import Article
from news.workflow import WorkflowError
from tests.editorial_fixtures import article_form_data, messages_of

CHANGELIST = "/admin/news/article/"


def run_action(client, action, *articles, url=CHANGELIST, **extra):
    data = {"action": action, "index": "0", "_selected_action": [article.pk for article in articles]}
    return client.post(url, {**data, **extra}, follow=True)


def change_url(article):
    return f"/admin/news/article/{article.pk}/change/"


def reload(article):
    return Article.objects.get(pk=article.pk)


def test_draft_is_submitted_sent_back_resubmitted_and_published(draft, editor, reviewer):
    workflow.submit(draft, editor)
    assert reload(draft).status == Article.Status.PENDING
    workflow.send_back(draft, reviewer, "标题请写全称。")
    draft = reload(draft)
    assert(draft.status, draft.review_comment) ==(Article.Status.RETURNED, "标题请写全称。")
    workflow.submit(draft, editor)
    assert reload(draft).review_comment == ""
    workflow.approve(draft, reviewer)
    draft = reload(draft)
    assert draft.status == Article.Status.PUBLISHED and draft.first_published_at is not None
    assert draft in Article.objects.published()
    workflow.withdraw(draft, reviewer)
    assert draft not in Article.objects.published()
    assert reload(draft).status == Article.Status.WITHDRAWN


@pytest.mark.parametrize("step", ["approve", "withdraw", "send_back"])
def test_editors_cannot_take_reviewers_steps(draft, editor, step):
    workflow.submit(draft, editor)
    with pytest.raises(WorkflowError, match="您没有审核发布权限"):
        workflow.take(draft, step, editor, "意见")
    assert reload(draft).status == Article.Status.PENDING


def test_sending_back_needs_a_comment(draft, editor, reviewer):
    workflow.submit(draft, editor)
    with pytest.raises(WorkflowError, match="必须填写退回意见"):
        workflow.send_back(draft, reviewer, "   ")
    assert reload(draft).status == Article.Status.PENDING


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.RETURNED, Article.Status.WITHDRAWN])
def test_only_pending_items_can_be_approved(draft, reviewer, status):
    draft.status = status
    draft.save()
    with pytest.raises(WorkflowError, match="只有“待审核”的稿件可以审核通过并发布"):
        workflow.approve(draft, reviewer)
    assert reload(draft).status == status


def test_approved_item_with_a_future_time_goes_live_then(draft, editor, reviewer, client, time_machine):
    draft.publish_at = timezone.now() + timedelta(hours=2)
    draft.save()
    workflow.submit(draft, editor)
    workflow.approve(draft, reviewer)
    url = reload(draft).get_absolute_url()
    assert client.get(url).status_code == 404
    assert draft not in Article.objects.published()
    time_machine.move_to(timezone.now() + timedelta(hours=3))
    assert client.get(url).status_code == 200
    assert draft in Article.objects.published()


# Through the admin ---------------------------------------------------------------------------


def test_editor_writes_and_submits_from_the_add_form(login, editor, column_tree):
    data = article_form_data(
        Article(title="新稿件", column=column_tree["updates"], publish_at=timezone.now(), body="<p>正文</p>"),
        _transition="submit",
    )
    response = login(editor).post("/admin/news/article/add/", data)
    assert response.status_code == 302, messages_of(response)
    article = Article.objects.get(title="新稿件")
    assert(article.status, article.created_by) ==(Article.Status.PENDING, editor)


def test_editor_posting_status_published_is_refused_and_nothing_saved(login, editor, draft):
    data = article_form_data(draft, title="改过的标题", status="published")
    response = login(editor).post(change_url(draft), data)
    assert response.status_code == 200
    assert "状态不能在表单中直接修改" in response.content.decode()
    assert(reload(draft).title, reload(draft).status) ==("待审稿件", Article.Status.DRAFT)


def test_editor_posting_the_approve_button_is_refused_and_nothing_saved(login, editor, draft):
    workflow.submit(draft, editor)
    data = article_form_data(draft, title="改过的标题", _transition="approve")
    response = login(editor).post(change_url(draft), data)
    assert response.status_code == 200
    assert "您没有审核发布权限" in response.content.decode()
    assert(reload(draft).title, reload(draft).status) ==("待审稿件", Article.Status.PENDING)


def test_editor_sees_only_the_submit_button(login, editor, draft):
    html = login(editor).get(change_url(draft)).content.decode()
    assert 'value="submit"' in html
    assert 'value="approve"' not in html and 'value="withdraw"' not in html


@pytest.mark.parametrize("action", ["approve_selected", "withdraw_selected", "purge_selected"])
def test_editor_posting_a_reviewers_action_is_refused(login, editor, draft, live, action):
    workflow.submit(draft, editor)
    response = run_action(login(editor), action, draft, live)
    assert "您没有执行该操作的权限，没有做任何修改。" in messages_of(response)
    assert reload(draft).status == Article.Status.PENDING
    assert reload(live).status == Article.Status.PUBLISHED


def test_reviewer_publishes_pending_items_in_bulk_and_is_told_about_the_rest(
    login, editor, reviewer, draft, live
):
    workflow.submit(draft, editor)
    response = run_action(login(reviewer), "approve_selected", draft, live)
    messages = messages_of(response)
    assert "已发布 1 篇。" in messages
    assert any("只有“待审核”的修订版本可以审核通过并发布" in message for message in messages)
    assert reload(draft).status == Article.Status.PUBLISHED


def test_reviewer_withdraws_in_bulk(login, reviewer, live, client):
    run_action(login(reviewer), "withdraw_selected", live)
    assert reload(live).status == Article.Status.WITHDRAWN
    assert client.get(live.get_absolute_url()).status_code == 404


def test_send_back_without_comment_is_refused_then_the_editor_sees_the_comment(
    login, editor, reviewer, draft
):
    workflow.submit(draft, editor)
    reviewer_client = login(reviewer)
    response = reviewer_client.post(change_url(draft), article_form_data(draft, _transition="send_back"))
    assert "退回时必须填写退回意见" in response.content.decode()
    assert reload(draft).status == Article.Status.PENDING

    data = article_form_data(draft, _transition="send_back", review_comment="请补充活动时间。")
    assert reviewer_client.post(change_url(draft), data).status_code == 302
    assert reload(draft).status == Article.Status.RETURNED
    html = login(editor).get(change_url(draft)).content.decode()
    assert "审核人员的退回意见" in html and "请补充活动时间。" in html


def test_admin_index_counts_what_waits_for_each_user(login, editor, reviewer, draft, make_article,
                                                     column_tree):
    returned = make_article(column_tree["updates"], status=Article.Status.DRAFT, created_by=editor)
    workflow.submit(returned, editor)
    workflow.send_back(returned, reviewer, "重写")
    workflow.submit(draft, editor)
    reviewer_page = login(reviewer).get("/admin/").content.decode()
    assert "待我审核：<strong>1</strong>" in reviewer_page
    editor_page = login(editor).get("/admin/").content.decode()
    assert "被退回：<strong>1</strong>" in editor_page and "待我审核" not in editor_page
    listed = login(editor).get(CHANGELIST + "?review=returned").context["cl"].result_list
    assert list(listed) == [returned]


def test_admin_index_groups_models_by_task(admin_client):
    groups = [app["name"] for app in admin_client.get("/admin/").context["app_list"]]
    assert groups == ["内容发布", "工作计划", "系统设置"]


# Recycle bin ------------------------------------------------------------------------------------


def test_deleting_moves_to_the_recycle_bin_and_restore_brings_it_back(login, editor, draft):
    client = login(editor)
    client.post(f"/admin/news/article/{draft.pk}/delete/", {"post": "yes"})
    trashed = reload(draft)
    assert trashed.deleted_at is not None
    assert draft not in client.get(CHANGELIST).context["cl"].result_list
    assert draft in client.get(CHANGELIST + "?trash=1").context["cl"].result_list
    run_action(client, "restore_selected", draft, url=CHANGELIST + "?trash=1")
    assert reload(draft).deleted_at is None
    logged = AuditEntry.objects.filter(object_id=str(draft.pk), content_type__model="article").order_by("pk")
    actions = list(logged.values_list("action", flat=True))
    assert actions == [AuditEntry.Action.DELETE, AuditEntry.Action.RESTORE]


def test_trashed_published_article_leaves_the_site_and_comes_back_unpublished(login, reviewer, live, client):
    run_action(login(reviewer), "delete_selected", live, post="yes")
    assert client.get(live.get_absolute_url()).status_code == 404
    assert live not in Article.objects.published()
    workflow.restore(reload(live), reviewer)
    assert reload(live).status == Article.Status.WITHDRAWN  # back on the site only after review


def test_editors_cannot_delete_published_articles(editor, live):
    with pytest.raises(WorkflowError, match="只有审核人员可以删除"):
        workflow.trash(live, editor)
    assert reload(live).deleted_at is None


def test_only_administrators_purge_and_only_from_the_recycle_bin(login, reviewer, administrator, draft):
    with pytest.raises(WorkflowError, match="不在回收站中"):
        workflow.purge(draft, administrator)
    workflow.trash(draft, reviewer)
    with pytest.raises(WorkflowError, match="只有管理员可以彻底删除"):
        workflow.purge(draft, reviewer)
    run_action(login(administrator), "purge_selected", draft, url=CHANGELIST + "?trash=1")
    assert not Article.objects.filter(pk=draft.pk).exists()
    assert AuditEntry.objects.filter(action=AuditEntry.Action.PURGE, object_repr="待审稿件").exists()
