"""The 无障碍 / 长者模式 toolbar: each mode changes what the reader sees, is remembered
across pages, works from the keyboard alone, and read-aloud speaks Chinese."""

import re

import pytest
from playwright.sync_api import expect

# Stub the voice: record what would be spoken instead of speaking.
SPEECH_STUB = """
window.__spoken = [];
Object.defineProperty(window, "speechSynthesis", {value: {
  speak: (u) => window.__spoken.push({text: u.text, lang: u.lang}),
  cancel: () => {}, speaking: false,
}});
"""


def style(page, selector, prop):
    return page.locator(selector).first.evaluate(f"el => getComputedStyle(el).{prop}")


def px(page, selector, prop):
    return float(style(page, selector, prop).removesuffix("px"))


@pytest.fixture
def article_url(demo):
    from news.models import Article

    return Article.objects.filter(bulletin__isnull=True, column__slug="updates").last().get_absolute_url()


def open_toolbar(page):
    page.get_by_role("button", name="无障碍 / 长者模式").click()
    expect(page.get_by_role("group", name="无障碍和长者模式设置")).to_be_visible()


def test_modes_change_computed_styles_and_persist_across_pages(page, live_server, article_url):
    page.goto(live_server.url + article_url)
    body = ".article-body p"
    size, height = px(page, body, "fontSize"), px(page, body, "lineHeight")
    colour, background = style(page, "body", "color"), style(page, "body", "backgroundColor")
    assert "cursor-large" not in style(page, "body", "cursor")

    open_toolbar(page)
    page.get_by_role("button", name="大字大行距").click()
    expect(page.get_by_role("button", name="大字大行距")).to_have_attribute("aria-pressed", "true")
    assert px(page, body, "fontSize") >= size * 1.25
    assert px(page, body, "lineHeight") / px(page, body, "fontSize") >= 1.9
    assert px(page, body, "lineHeight") > height

    page.get_by_role("button", name="高对比度").click()
    assert style(page, "body", "backgroundColor") == "rgb(0, 0, 0)" != background
    assert style(page, body, "color") == "rgb(255, 255, 255)" != colour
    assert style(page, ".breadcrumb a", "color") == "rgb(255, 255, 0)"

    page.get_by_role("button", name="大鼠标").click()
    assert "cursor-large.svg" in style(page, "body", "cursor")
    assert "cursor-large-pointer.svg" in style(page, ".breadcrumb a", "cursor")

    page.get_by_role("button", name="阅读辅助线").click()
    assert style(page, ".reading-guide", "display") == "block"
    page.mouse.move(200, 300)
    assert "300" in page.locator(".reading-guide").evaluate("el => el.style.transform")

    # Another page: every mode is still on, before anyone touches the toolbar.
    page.get_by_role("link", name="首页", exact=True).first.click()
    expect(page).to_have_url(live_server.url + "/")
    assert style(page, "body", "backgroundColor") == "rgb(0, 0, 0)"
    assert px(page, ".article-list a", "fontSize") >= 18 * 1.25
    assert "cursor-large.svg" in style(page, "body", "cursor")
    open_toolbar(page)
    for name in ("大字大行距", "高对比度", "大鼠标", "阅读辅助线"):
        expect(page.get_by_role("button", name=name)).to_have_attribute("aria-pressed", "true")

    page.get_by_role("button", name="恢复默认").click()
    assert style(page, "body", "backgroundColor") == background
    page.reload()
    assert style(page, "body", "backgroundColor") == background


def test_toolbar_works_by_keyboard_alone_with_visible_focus(page, live_server, article_url):
    page.goto(live_server.url + article_url)
    page.keyboard.press("Tab")  # the skip link
    toggle = page.get_by_role("button", name="无障碍 / 长者模式")
    for _ in range(10):
        if toggle.evaluate("el => el === document.activeElement"):
            break
        page.keyboard.press("Tab")
    assert toggle.evaluate("el => el === document.activeElement")
    assert style(page, ".a11y-toggle", "outlineStyle") == "solid"  # :focus-visible ring
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    assert page.evaluate("document.activeElement.textContent") == "大字大行距"  # focus moved in
    page.keyboard.press("Space")
    assert page.evaluate("document.documentElement.dataset.a11yText") == "on"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.documentElement.dataset.a11yContrast") == "on"
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    assert toggle.evaluate("el => el === document.activeElement")


def test_read_aloud_speaks_the_article_or_the_selection_in_chinese(page, live_server, article_url):
    page.add_init_script(SPEECH_STUB)
    page.goto(live_server.url + article_url)
    open_toolbar(page)
    page.get_by_role("button", name="朗读（选中的文字或正文）").click()
    spoken = page.evaluate("window.__spoken")
    assert spoken and all(item["lang"] == "zh-CN" for item in spoken)
    title = page.locator("h1").inner_text()
    assert spoken[0]["text"].startswith(title[:10])
    assert all(re.search(r"[\u4e00-\u9fff]", item["text"]) for item in spoken)
    expect(page.get_by_role("status").filter(has_text="正在朗读")).to_be_visible()

    page.evaluate("window.__spoken = []")
    page.locator("h1").evaluate(
        "el => { const r = document.createRange(); r.selectNodeContents(el);"
        " getSelection().removeAllRanges(); getSelection().addRange(r); }"
    )
    page.get_by_role("button", name="朗读（选中的文字或正文）").click()
    assert [item["text"] for item in page.evaluate("window.__spoken")] == [title]


def test_with_scripts_off_the_toolbar_stays_out_of_the_way(browser, live_server, article_url):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + article_url)
    assert not page.locator("[data-a11y-toggle]").is_visible()
    assert not page.locator("#a11y-panel").is_visible()
    assert page.locator(".article-body").is_visible()
    assert px(page, ".article-body p", "fontSize") >= 18
    context.close()


def test_the_carousel_turns_by_itself_except_in_senior_mode(page, live_server, demo):
    from news.models import HomeBlock

    assert HomeBlock.objects.filter(kind=HomeBlock.Kind.CAROUSEL).exists()
    page.goto(live_server.url + "/")
    pause = page.locator("[data-carousel-pause]")
    expect(pause).to_have_text("暂停轮播")
    expect(pause).to_have_attribute("aria-pressed", "false")

    # 长者模式 (larger text or high contrast): slides stay until the reader moves them.
    for mode in ("text", "contrast"):
        page.evaluate(f"localStorage.setItem('jzgh-a11y', JSON.stringify({{{mode}: true}}))")
        page.reload()
        expect(pause).to_have_text("继续轮播")
        expect(pause).to_have_attribute("aria-pressed", "true")
        assert style(page, "[data-carousel] .slide.is-current", "animationName") == "none"
        page.get_by_role("button", name="下一张").click()
        expect(page.locator("[data-carousel-position]")).to_have_text(re.compile(r"^2 / \d+$"))
