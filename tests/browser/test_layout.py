"""Column pages use the content width: the sub-column sidebar takes a track only when it exists."""


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
