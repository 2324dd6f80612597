import re

from playwright.sync_api import expect


def test_reader_goes_home_column_article_and_changes_font_size(page, live_server, demo):
    page.goto(live_server.url + "/")
    expect(page.locator("h2#block-bulletins")).to_have_text("工会要情")

    page.get_by_role("navigation", name="主导航").get_by_role("link", name="新闻中心").click()
    expect(page.locator("h1")).to_have_text("新闻中心")
    page.get_by_role("link", name="工会要情摘报2020年第六十二期:荆州市总工会十月份工作").first.click()

    expect(page).to_have_url(re.compile(r"/news/bulletins/2021/01/\d+/$"))
    expect(page.get_by_role("navigation", name="您的位置")).to_have_text(
        "您的位置:首页 > 新闻中心 > 公示公告 > 工会要情"
    )
    expect(page.locator(".article-meta")).to_contain_text("信息来源:办公室 | 发布时间 2021-01-07")
    expect(page.locator(".view-count")).to_have_text("1")  # counted once the page loaded

    body = page.locator(".article-body").first
    medium = body.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    page.get_by_role("button", name="大", exact=True).click()
    large = body.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    assert large > medium * 1.2
    expect(page.get_by_role("button", name="大", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )

    # The choice is remembered on the next page.
    page.get_by_role("link", name="工会要情", exact=True).first.click()
    assert page.evaluate("document.documentElement.dataset.fontSize") == "large"


def test_phone_width_has_no_sideways_scrolling(browser, live_server, demo):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    for path in ["/", "/news/bulletins/", "/plans/"]:
        page.goto(live_server.url + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow == 0, path
    context.close()
