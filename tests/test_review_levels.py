"""Two-level review (初审 then 终审 by 签发) as a site setting, and per-column rights."""

import pytest
from django.contrib.auth.models import Group

from audit.models import AuditEntry
from core import roles
from core.models import SiteSettings
from news import workflow
from news.models import Article, ColumnRights, PendingRevision
from tests.editorial_fixtures import article_form_data

CHANGE = "/admin/news/article/{}/change/"


@pytest.fixture
def two_levels(db):
    site = SiteSettings.load()
    site.review_levels = 2
    site.save()


@pytest.fixture
def signer(make_staff):
    return make_staff("signer1", roles.SIGNERS)


def test_one_level_stays_the_default(db, editor, reviewer, draft):
    assert SiteSettings.load().review_levels == 1
    workflow.submit(draft, editor)
    assert "first_review" not in workflow.allowed(draft, reviewer)
    workflow.approve(draft, reviewer)
    assert draft.status == Article.Status.PUBLISHED


def test_two_levels_need_a_first_review_then_a_sign_off(two_levels, editor, reviewer, signer, draft):
    workflow.submit(draft, editor)
    with pytest.raises(workflow.WorkflowError, match="只有“初审通过，待终审”的稿件"):
        workflow.approve(draft, signer)  # the 终审 waits for the 初审
    workflow.first_review(draft, reviewer)
    assert Article.objects.get(pk=draft.pk).status == Article.Status.FIRST_REVIEWED
    assert not Article.objects.published().exists()
    with pytest.raises(workflow.WorkflowError, match="签发"):
        workflow.approve(draft, reviewer)
    assert "approve" in workflow.allowed(draft, signer)
    workflow.approve(draft, signer)
    assert Article.objects.published().get() == draft
    steps = [(step.action, step.user) for step in workflow.review_steps(draft)]
    assert steps == [(AuditEntry.Action.SUBMIT, editor), (AuditEntry.Action.FIRST_REVIEW, reviewer),
                     (AuditEntry.Action.PUBLISH, signer)]
    assert all(step.created_at for step in workflow.review_steps(draft))


def test_the_signer_may_send_back_after_the_first_review(two_levels, editor, reviewer, signer, draft):
    workflow.submit(draft, editor)
    workflow.first_review(draft, reviewer)
    workflow.send_back(draft, signer, "标题请改为正式名称。")
    assert Article.objects.returned_to(editor).get() == draft


def test_a_revision_goes_through_both_levels(two_levels, login, editor, reviewer, signer, live):
    data = article_form_data(live, title="修订标题", _transition="submit")
    login(editor).post(CHANGE.format(live.pk), data)
    article = Article.objects.get(pk=live.pk)
    workflow.first_review(article, reviewer)
    assert PendingRevision.objects.get().status == Article.Status.FIRST_REVIEWED
    assert Article.objects.get(pk=live.pk).title != "修订标题"
    workflow.approve(Article.objects.get(pk=live.pk), signer)
    assert Article.objects.get(pk=live.pk).title == "修订标题"


def test_the_change_form_offers_each_level_its_button_and_lists_the_steps(two_levels, login, editor, reviewer,
                                                                          signer, draft):
    workflow.submit(draft, editor)
    html = login(reviewer).get(CHANGE.format(draft.pk)).content.decode()
    assert 'value="first_review"' in html and 'value="approve"' not in html
    login(reviewer).post(CHANGE.format(draft.pk), article_form_data(draft, _transition="first_review"))
    html = login(signer).get(CHANGE.format(draft.pk)).content.decode()
    assert "终审签发并发布" in html and 'id="review-steps"' in html and "reviewer1：初审通过" in html
    login(signer).post(CHANGE.format(draft.pk), article_form_data(draft, _transition="approve"))
    assert Article.objects.get(pk=draft.pk).status == Article.Status.PUBLISHED


def test_the_signers_group_exists_with_the_sign_off_permission(db):
    roles.sync_groups()
    group = Group.objects.get(name=roles.SIGNERS)
    assert group.permissions.filter(codename="sign_off_article").exists()
    reviewers = Group.objects.get(name=roles.REVIEWERS)
    assert not reviewers.permissions.filter(codename="sign_off_article").exists()


# Column rights ------------------------------------------------------------------------------


@pytest.fixture
def correspondent(make_staff, column_tree):
    """A 县市区 correspondent limited to 公示公告 (and 工会要情 below it)."""
    user = make_staff("correspondent", roles.EDITORS)
    rights = ColumnRights.objects.create(user=user)
    rights.columns.add(column_tree["notices"])
    return user


@pytest.fixture
def two_columns(column_tree, make_article, editor):
    return {
        "own": make_article(column_tree["bulletins"], title="本栏目稿件", status=Article.Status.DRAFT,
                            created_by=editor),
        "other": make_article(column_tree["updates"], title="其他栏目稿件", status=Article.Status.DRAFT,
                              created_by=editor),
    }


def test_a_limited_editor_lists_and_opens_only_their_columns(login, correspondent, two_columns, column_tree):
    client = login(correspondent)
    listed = client.get("/admin/news/article/").context["cl"].result_list
    assert list(listed) == [two_columns["own"]]
    assert client.get(CHANGE.format(two_columns["own"].pk)).status_code == 200
    assert client.get(CHANGE.format(two_columns["other"].pk)).status_code == 302  # "does not exist"
    assert client.get(f"/admin/news/article/{two_columns['other'].pk}/preview/").status_code == 404
    assert client.get(two_columns["other"].get_absolute_url()).status_code == 404
    assert client.get(two_columns["own"].get_absolute_url()).status_code == 200


def test_a_limited_editor_can_only_choose_their_columns(login, correspondent, column_tree):
    client = login(correspondent)
    choices = client.get("/admin/autocomplete/", {"app_label": "news", "model_name": "article",
                                                   "field_name": "column", "term": ""}).json()["results"]
    assert {choice["text"] for choice in choices} == {"公示公告", "工会要情"}
    data = article_form_data(Article(column=column_tree["updates"], title="越权"), _transition="")
    response = client.post("/admin/news/article/add/", data)
    assert response.status_code == 200 and not Article.objects.filter(title="越权").exists()


def test_the_workflow_refuses_other_columns(correspondent, make_staff, two_columns):
    limited_reviewer = make_staff("limited_reviewer", roles.REVIEWERS)
    ColumnRights.objects.create(user=limited_reviewer).columns.add(two_columns["own"].column)
    with pytest.raises(workflow.WorkflowError, match="负责栏目"):
        workflow.submit(two_columns["other"], correspondent)
    workflow.submit(two_columns["own"], correspondent)
    workflow.approve(two_columns["own"], limited_reviewer)
    workflow.submit(two_columns["other"], make_staff("free_editor", roles.EDITORS))
    with pytest.raises(workflow.WorkflowError, match="负责栏目"):
        workflow.approve(two_columns["other"], limited_reviewer)


def test_list_actions_skip_other_columns(login, make_staff, two_columns, editor):
    limited_reviewer = make_staff("limited_reviewer", roles.REVIEWERS)
    ColumnRights.objects.create(user=limited_reviewer).columns.add(two_columns["own"].column)
    for article in two_columns.values():
        workflow.submit(article, editor)
    login(limited_reviewer).post("/admin/news/article/", {
        "action": "approve_selected", "index": "0",
        "_selected_action": [article.pk for article in two_columns.values()]})
    assert set(Article.objects.published()) == {two_columns["own"]}


def test_an_unlimited_editor_keeps_every_column(login, editor, two_columns):
    assert len(login(editor).get("/admin/news/article/").context["cl"].result_list) == 2
