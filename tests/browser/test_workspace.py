from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from workplans.models import Leader


def sign_in(page, live_server, username, password):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def test_leader_reports_an_item_done_and_the_overview_shows_it(browser, page, live_server, demo):
    User = get_user_model()
    leader = User.objects.create_user("gaoqixiu", password="jzgh-test-2026", first_name="高启秀")
    Leader.objects.filter(name="高启秀").update(user=leader)
    User.objects.create_superuser("office", password="jzgh-test-2026")

    sign_in(page, live_server, "gaoqixiu", "jzgh-test-2026")
    expect(page.locator("h1")).to_have_text("我的任务")
    rows = page.locator("table.my-tasks tbody tr")
    expect(rows).to_have_count(5)
    expect(page.locator(".summary-done dd")).to_have_text("0")

    rows.nth(2).get_by_role("link").click()
    expect(page.locator("h1")).to_contain_text("第3项")
    page.get_by_label("完成情况").select_option(label="已完成")
    page.get_by_label("完成进度（%）").fill("100")
    page.get_by_label("进展情况").fill("青年职工交友活动已举办，120人参加。")
    page.get_by_role("button", name="提交反馈").click()
    expect(page.get_by_role("status")).to_contain_text("已完成")
    expect(page.locator(".report-history")).to_contain_text("120人参加")

    page.get_by_role("link", name="我的任务").first.click()
    expect(page.locator(".summary-done dd")).to_have_text("1")
    page.get_by_role("button", name="退出").click()
    expect(page.get_by_role("link", name="登录")).to_be_visible()

    sign_in(page, live_server, "office", "jzgh-test-2026")
    page.goto(live_server.url + "/plans/overview/?month=2020-11")
    leader_row = page.locator("table.tally-table").first.locator("tr", has_text="高启秀")
    expect(leader_row.locator('td[data-label="已完成"]')).to_have_text("1")
    expect(leader_row.locator('td[data-label="完成率"]')).to_contain_text("20%")
