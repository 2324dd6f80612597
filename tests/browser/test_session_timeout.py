"""The idle timeout's warning in a real browser (the page's timers on Playwright's clock)."""

from django.contrib.auth import get_user_model
from playwright.sync_api import expect


def test_the_warning_comes_before_the_timeout_and_going_on_moves_it(page, live_server, transactional_db):
    get_user_model().objects.create_user("leader1", password="Leader-2026-pass")
    page.clock.install()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("用户名").fill("leader1")
    page.get_by_label("密码").fill("Leader-2026-pass")
    page.get_by_role("button", name="登录").click()
    expect(page.locator("h1")).to_have_text("我的任务")
    warning = page.get_by_role("alertdialog")
    expect(warning).to_have_count(0)

    page.clock.run_for("27:59")
    expect(warning).to_have_count(0)
    page.clock.run_for("00:02")  # two minutes before the 30
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("约 2 分钟后将自动退出登录")
    warning.get_by_role("button", name="继续使用").click()
    expect(warning).to_be_hidden()

    page.clock.run_for("29:59")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("约 2 分钟后")
    page.clock.run_for("00:02")
    expect(warning).to_contain_text("由于 30 分钟没有操作，您已自动退出登录")
    expect(warning.get_by_role("link", name="重新登录")).to_have_attribute(
        "href", "/accounts/login/?next=%2Fplans%2Fmy%2F"
    )
