"""Column pages use the content width: the sub-column sidebar takes a track only when it exists."""

import pytest


def _widths(page, url):
    page.goto(url)
    return page.evaluate(
        """() => ({
            list: document.querySelector('.column-main .article-list').getBoundingClientRect().width,
            content: document.querySelector('main').getBoundingClientRect().width,
        })"""
    )


def test_column_without_subcolumns_uses_the_full_width(page, live_server, demo):
    widths = _widths(page, live_server.url + "/news/bulletins/")
    assert widths["list"] >= 0.6 * widths["content"], widths


def test_column_with_subcolumns_keeps_its_sidebar(page, live_server, demo):
    widths = _widths(page, live_server.url + "/news/news-center/")
    assert page.locator("nav.subcolumns").is_visible()
    assert 0.4 * widths["content"] < widths["list"] < widths["content"], widths


LAYOUT_SHIFT = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) { if (!entry.hadRecentInput) { total += entry.value; } }
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 500);
})"""


@pytest.mark.parametrize("width", [412, 1280])
def test_pages_do_not_shift_as_their_scripts_start(browser, live_server, demo, width):
    """The 无障碍 toggle is there from the first paint (a stylesheet rule, not a script that
    unhides it later), so nothing below it moves: Lighthouse counted 0.65 of layout shift."""
    from news.models import Article

    context = browser.new_context(viewport={"width": width, "height": 823}, locale="zh-CN")
    page = context.new_page()
    article = Article.objects.filter(bulletin__isnull=True, column__slug="updates").last()
    for path in ["/", "/plans/", article.get_absolute_url()]:
        page.goto(live_server.url + path, wait_until="load")
        assert page.evaluate(LAYOUT_SHIFT) < 0.02, path
        assert page.locator("[data-a11y-toggle]").is_visible()
    context.close()
