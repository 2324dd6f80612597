"""A progress report typed while the site is down is not lost (static/js/draft-keeper.js)."""

from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.test_workspace import sign_in

# What the site answers while the database is down (core.middleware).
MAINTENANCE = (Path(__file__).resolve().parents[2] / "templates" / "503.html").read_text()
TEXT = "已召开专题会议，落实三项措施，下周报送方案。"


def test_report_typed_during_an_outage_is_restored_then_cleared_after_success(page, live_server, demo):
    user = get_user_model().objects.create_user("gaoqixiu", password="jzgh-test-2026", first_name="高启秀")
    apps.get_model("workplans", "Leader").objects.filter(name="高启秀").update(user=user)
    sign_in(page, live_server, "gaoqixiu", "jzgh-test-2026")
    page.locator("table.my-tasks tbody tr").nth(0).get_by_role("link").click()
    item_url = page.url

    # The database is down: the submission answers 503.
    def outage(route):
        if route.request.method == "POST":
            route.fulfill(status=503, body=MAINTENANCE, content_type="text/html; charset=utf-8",
                          headers={"Retry-After": "30"})
        else:
            route.continue_()

    page.route("**/plans/items/**", outage)
    page.get_by_label("完成情况").select_option(label="进行中")  # 未开始 takes 0 %
    page.get_by_label("完成进度（%）").fill("30")
    page.get_by_label("进展情况").fill(TEXT)
    page.get_by_role("button", name="提交反馈").click()
    expect(page.locator("h1")).to_have_text("系统维护中，请稍后再试")

    # Later, the leader opens the item again: what they typed is back.
    page.unroute("**/plans/items/**")
    page.goto(item_url)
    expect(page.get_by_label("进展情况")).to_have_value(TEXT)
    expect(page.get_by_label("完成进度（%）")).to_have_value("30")
    expect(page.get_by_label("完成情况")).to_have_value("in_progress")
    expect(page.locator(".draft-notice")).to_contain_text("已恢复您上次未能提交的内容")

    # Submitted successfully: the report is saved and the draft is gone.
    page.get_by_role("button", name="提交反馈").click()
    expect(page.locator(".report-history")).to_contain_text(TEXT)
    page.goto(item_url)
    expect(page.get_by_label("进展情况")).to_have_value("")
    expect(page.locator(".draft-notice")).to_have_count(0)


def test_article_typed_in_the_editor_survives_a_failed_save(browser, live_server, transactional_db):
    from django.contrib.auth.models import Group, User

    from tests.browser.test_editorial import PASSWORD, log_in

    call_command("migrate", verbosity=0)  # the groups (created after migrate)
    user = User.objects.create_user("reviewer", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="审核"))
    page = log_in(browser, live_server, "reviewer")
    page.goto(live_server.url + "/admin/news/article/add/")
    page.locator("#id_title").fill("职工书屋建设情况")
    editable = page.locator(".field-body .ck-editor__editable")
    editable.click()
    page.keyboard.type("全市已建成职工书屋一百二十家。")

    page.route("**/admin/news/article/add/", lambda route: route.fulfill(
        status=503, body=MAINTENANCE, content_type="text/html; charset=utf-8")
        if route.request.method == "POST" else route.continue_())
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator("h1")).to_have_text("系统维护中，请稍后再试")

    page.unroute("**/admin/news/article/add/")
    page.goto(live_server.url + "/admin/news/article/add/")
    expect(page.locator("#id_title")).to_have_value("职工书屋建设情况")
    expect(page.locator(".field-body .ck-editor__editable")).to_contain_text("全市已建成职工书屋一百二十家。")
    expect(page.locator(".draft-notice")).to_be_visible()
    page.locator(".draft-notice button").click()  # 放弃草稿
    expect(page.locator("#id_title")).to_have_value("")
    expect(page.locator(".draft-notice")).to_have_count(0)


def test_a_saved_article_leaves_no_draft_behind(browser, live_server, transactional_db):
    """After a successful save (to the change list, a page without the form) neither the add
    page nor the change page brings old text back over what is stored."""
    from django.contrib.auth.models import Group, User

    from tests.browser.test_editorial import PASSWORD, choose_column, log_in

    call_command("migrate", verbosity=0)
    apps.get_model("news", "Column").objects.create(name="工会动态", slug="updates")
    user = User.objects.create_user("reviewer", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="审核"))
    page = log_in(browser, live_server, "reviewer")
    page.goto(live_server.url + "/admin/news/article/add/")
    page.locator("#id_title").fill("职工书屋建设情况")
    choose_column(page, "工会动态")
    page.locator(".field-body .ck-editor__editable").click()
    page.keyboard.type("全市已建成职工书屋一百二十家。")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator(".messagelist")).to_be_visible()

    page.goto(live_server.url + "/admin/news/article/add/")
    expect(page.locator("#id_title")).to_have_value("")
    expect(page.locator(".draft-notice")).to_have_count(0)

    page.goto(live_server.url + "/admin/news/article/")
    page.get_by_role("link", name="职工书屋建设情况").click()
    change_url = page.url
    page.locator("#id_title").fill("职工书屋建设情况（修订）")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator(".messagelist")).to_be_visible()
    page.goto(change_url)
    expect(page.locator("#id_title")).to_have_value("职工书屋建设情况（修订）")
    expect(page.locator(".draft-notice")).to_have_count(0)
