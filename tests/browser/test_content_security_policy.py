"""The Content-Security-Policy in a real browser: the public pages, the admin's article form
with CKEditor 5 and the leaders' workspace load and run their scripts with nothing refused
(the `browser` fixture fails a test on any violation Chromium reports)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from core import roles
from news.models import Article
from tests.browser.test_workspace import sign_in
from workplans.models import Leader

PASSWORD = "jzgh-csp-test-2026"


def test_public_pages_admin_editor_and_workspace_run_under_the_policy(browser, page, live_server, demo):
    article = Article.objects.published().first()
    for path in (
        "/",
        "/news/news-center/",
        article.get_absolute_url(),
        "/search/?q=工会",
        "/plans/",
        "/accounts/login/",
    ):
        response = page.goto(live_server.url + path)
        assert response.ok, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
    # The scripts ran: the a11y toolbar's toggle is shown by a11y.js, the view beacon counted.
    page.goto(live_server.url + article.get_absolute_url())
    expect(page.locator("[data-a11y-toggle]")).to_be_visible()
    page.locator("[data-a11y-toggle]").click()
    expect(page.locator("#a11y-panel")).to_be_visible()

    User = get_user_model()
    editor = User.objects.create_user("csp-editor", password=PASSWORD, is_staff=True)
    editor.groups.add(Group.objects.get(name=roles.EDITORS))
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("用户名").fill("csp-editor")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.goto(live_server.url + "/admin/news/article/add/")
    editable = page.locator(".field-body .ck-editor__editable")
    editable.click()
    page.keyboard.type("内容安全策略下的编辑器。")
    expect(editable).to_contain_text("内容安全策略下的编辑器。")
    page.locator(".field-column .select2-selection").click()
    expect(page.locator(".select2-results__option").first).to_be_visible()
    page.context.clear_cookies()

    leader_user = User.objects.create_user("csp-leader", password=PASSWORD)
    Leader.objects.filter(name="高启秀").update(user=leader_user)
    sign_in(page, live_server, "csp-leader", PASSWORD)
    expect(page.locator("h1")).to_have_text("我的任务")
    page.locator("table.my-tasks tbody tr").first.get_by_role("link").click()
    expect(page.get_by_label("进展情况")).to_be_visible()
