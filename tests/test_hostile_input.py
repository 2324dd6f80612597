"""Hostile input answers 400 or 404 with the portal's Chinese pages, never a 500 (cases found
by a fuzz run: issue 13)."""

import datetime as dt
import re

import pytest
from django.contrib.admin.sites import site
from django.test import Client
from simple_history.admin import SimpleHistoryAdmin

from core.admin import CheckedChoicesAdminMixin, HistoryAdmin
from news.models import Article
from workplans.models import Department, Leader, PlanItem


@pytest.fixture
def hostile(administrator):
    """管理员, with exceptions turned into the error pages as in production."""
    client = Client(raise_request_exception=False)
    client.force_login(administrator)
    return client


@pytest.fixture
def objects(live, make_plan, make_item):
    plan = make_plan(dt.date(2026, 11, 1))
    return {"article": live, "plan": plan, "item": make_item(plan)}


# Admin history, compare and preview with ids that cannot be ones --------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/admin/news/article/abc/history/",
        "/admin/news/article/{article}/history/abc/",
        "/admin/news/article/abc/preview/",
        "/admin/news/article/abc/history/compare/",
        "/admin/bulletins/bulletin/abc/history/",
        "/admin/bulletins/bulletin/{article}/history/abc/",
        "/admin/bulletins/bulletin/abc/preview/",
        "/admin/workplans/workplan/abc/history/",
        "/admin/workplans/workplan/{plan}/history/abc/",
        "/admin/workplans/workplan/{plan}/history/compare/",
        "/admin/workplans/planitem/abc/history/",
        "/admin/workplans/planitem/{item}/history/abc/",
        "/admin/workplans/planitem/{item}/history/99999999999999999999/",
    ],
)
def test_admin_history_and_preview_with_a_bad_id_answer_404(hostile, objects, url):
    url = url.format(**{name: obj.pk for name, obj in objects.items()})
    response = hostile.get(url)
    assert response.status_code == 404
    assert "抱歉，您访问的页面不存在" in response.content.decode()


def test_history_pages_still_work(hostile, objects):
    article, item = objects["article"], objects["item"]
    assert hostile.get(f"/admin/news/article/{article.pk}/history/").status_code == 200
    version = item.history.latest().history_id
    assert hostile.get(f"/admin/workplans/planitem/{item.pk}/history/{version}/").status_code == 200


def test_every_history_admin_checks_its_ids():
    """A second, unchecked copy of the history admin would fail here."""
    for model_admin in site._registry.values():
        if isinstance(model_admin, SimpleHistoryAdmin):
            assert isinstance(model_admin, HistoryAdmin), type(model_admin).__name__


# NUL bytes in the address or a list filter ------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/admin/news/article/?status=%00",
        "/admin/news/article/?q=%00",
        "/admin/audit/auditentry/?action__exact=%00",
        "/admin/workplans/planitem/?status=%00",
        "/admin/workplans/planitem/?%00=1",
        "/search/?q=%00",
        "/news/%00/",
    ],
)
def test_a_nul_byte_answers_the_portal_400_page(hostile, url):
    response = hostile.get(url)
    assert response.status_code == 400
    html = response.content.decode()
    assert "抱歉，请求的内容有误" in html
    assert "荆州市总工会" in html  # the site's name: the page is rendered with the request


def test_the_400_page_for_anonymous_visitors(db):
    response = Client(raise_request_exception=False).get("/?x=%00")
    assert response.status_code == 400 and "抱歉，请求的内容有误" in response.content.decode()


def test_the_audit_export_with_an_unknown_filter_goes_back_to_the_list(hostile):
    response = hostile.get("/admin/audit/auditentry/export.csv", {"page": ""})
    assert response.status_code == 302 and response["Location"] == "/admin/audit/auditentry/?e=1"


# Search with a page number past any end ---------------------------------------------------------


@pytest.mark.parametrize(
    "page", ["99999999999999999999", str(2**31 // 20 + 2), "9" * 5000, "-99999999999999999999", "2"]
)
def test_search_with_a_page_number_past_any_end_is_the_404_page(column_tree, make_article, page):
    for number in range(3):
        make_article(column_tree["updates"], title=f"扶贫工作第{number}期")
    client = Client(raise_request_exception=False)
    results = client.get("/search/", {"q": "扶贫"}).content.decode()
    assert "扶贫工作第0期" in re.sub(r"<[^>]+>", "", results)  # titles are highlighted
    response = client.get("/search/", {"q": "扶贫", "page": page})
    assert response.status_code == 404
    assert "抱歉，您访问的页面不存在" in response.content.decode()


# Autocomplete fields posted with values that cannot be ids --------------------------------------


def test_article_form_with_a_non_numeric_column(hostile, login, editor, column_tree):
    for client in (hostile, login(editor)):
        client.raise_request_exception = False
        response = client.post(
            "/admin/news/article/add/", {"title": "稿件", "column": "abc", "body": "<p>x</p>"}
        )
        assert response.status_code == 200
        assert "选择一个有效的选项" in response.content.decode()
    assert not Article.objects.exists()


@pytest.mark.parametrize("value", ["abc", "\x00", "-1", "99999999999999999999"])
def test_department_form_with_bad_members(hostile, value):
    response = hostile.post("/admin/workplans/department/add/", {"name": "办公室", "order": "1",
                                                                "members": [value]})
    assert response.status_code == 200
    assert 'id="id_members_error"' in response.content.decode()  # the form's own error, in Chinese
    assert not Department.objects.exists()


@pytest.mark.parametrize("value", ["abc", "\x00", "99999999999999999999"])
def test_leader_form_with_a_bad_user(hostile, value):
    response = hostile.post("/admin/workplans/leader/add/", {"name": "张三", "order": "1", "user": value})
    assert response.status_code == 200
    assert not Leader.objects.exists()


def test_plan_item_inline_with_a_non_numeric_leader(hostile, objects):
    response = hostile.post(
        "/admin/workplans/planitem/add/",
        {
            "plan": str(objects["plan"].pk), "order": "9", "content": "新任务", "status": "pending",
            "leader_links-TOTAL_FORMS": "1", "leader_links-INITIAL_FORMS": "0",
            "leader_links-0-leader": "abc", "leader_links-0-order": "0",
            "department_links-TOTAL_FORMS": "0", "department_links-INITIAL_FORMS": "0",
            "reports-TOTAL_FORMS": "0", "reports-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert PlanItem.objects.count() == 1  # only the fixture's item: nothing half-saved


def test_every_admin_with_autocomplete_or_many_to_many_fields_checks_posted_ids():
    """A new admin or inline with autocomplete_fields or a many-to-many field but without the
    mixin would fail here."""
    for model_admin in site._registry.values():
        for candidate in [model_admin, *(inline(model_admin.model, site) for inline in model_admin.inlines)]:
            editable_many = [field for field in candidate.model._meta.many_to_many
                             if field.remote_field.through._meta.auto_created]  # in the form
            if candidate.autocomplete_fields or editable_many:
                assert isinstance(candidate, CheckedChoicesAdminMixin), type(candidate).__name__


@pytest.mark.parametrize(
    ("url", "data"),
    [("/admin/auth/group/add/", {"name": "组", "permissions": ["99999999999999999999"]}),
     ("/admin/auth/user/{user}/change/", {"username": "root", "groups": ["99999999999999999999"]})],
)
def test_groups_and_permissions_with_an_id_past_the_range(admin_client, admin_user, url, data):
    admin_client.raise_request_exception = False
    response = admin_client.post(url.format(user=admin_user.pk), data)
    assert response.status_code == 200
    assert "不是一个有效的值" in response.content.decode()


# A refused form (CSRF) ------------------------------------------------------------------------


def test_a_refused_form_explains_in_chinese_and_keeps_the_typed_text(
    make_leader, make_plan, make_item
):
    leader = make_leader()
    item = make_item(make_plan(dt.date(2020, 11, 1)), [leader])
    client = Client(enforce_csrf_checks=True)
    client.force_login(leader.user)
    client.get(item.get_absolute_url())  # the page sets the CSRF cookie…
    client.cookies["csrftoken"] = "x" * 32  # …which another tab's new sign-in replaced
    response = client.post(
        item.get_absolute_url(),
        {"date": "2020-11-10", "status": "in_progress", "percent": "40",
         "text": "已召开筹备会，落实场地和经费。", "csrfmiddlewaretoken": "y" * 32},
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "页面已过期，提交没有成功" in html and "校验码已经失效" in html
    assert "荆州市总工会" in html and 'href="/static/css/portal.css"' in html  # the portal's page
    assert "已召开筹备会，落实场地和经费。</textarea>" in html
    assert "CSRF" not in html and "DEBUG" not in html
    assert not item.reports.exists()


def test_the_refused_sign_in_never_shows_the_password(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "leader1", "password": "Secret-2026-x"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "允许本站使用 Cookie" in html  # no CSRF cookie at all
    assert "leader1</textarea>" in html and "Secret-2026-x" not in html


@pytest.mark.parametrize("value", ["abc", "\x00", "99999999999999999999"])
def test_topic_form_with_bad_articles_and_column(hostile, value):
    response = hostile.post("/admin/news/topic/add/", {"title": "专题", "column": value, "articles": [value]})
    assert response.status_code == 200
    assert 'id="id_articles_error"' in response.content.decode()
