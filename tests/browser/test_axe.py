"""axe-core (bundled by axe-playwright-python, no outside request) finds no accessibility
violation on each public page type, at desktop and phone widths, and in 长者模式."""

import pytest
from axe_playwright_python.sync_playwright import Axe


def described(violations):
    """Each violation with the elements it names, so a failure says where to look."""
    return [
        (v["id"], v["impact"], [(n["target"], n.get("failureSummary")) for n in v["nodes"]])
        for v in violations
    ]


@pytest.fixture
def paths(demo):
    from bulletins.models import Bulletin
    from news.models import Article, Topic
    from workplans.models import WorkPlan

    article = Article.objects.filter(bulletin__isnull=True, column__slug="updates").last()
    return [
        "/",
        "/news/bulletins/",
        "/news/news-center/",
        article.get_absolute_url(),
        Bulletin.objects.get().get_absolute_url(),
        "/search/?q=工人文化宫",
        "/plans/",
        WorkPlan.objects.get().get_absolute_url(),
        Topic.objects.first().get_absolute_url(),
    ]


@pytest.mark.parametrize("width", [1280, 375])
def test_public_pages_have_no_axe_violations(browser, live_server, paths, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    page = context.new_page()
    axe = Axe()
    found = {}
    for path in paths:
        page.goto(live_server.url + path)
        violations = axe.run(page).response["violations"]
        if violations:
            found[path] = described(violations)
    context.close()
    assert not found, found


def test_senior_mode_has_no_axe_violations(page, live_server, paths):
    page.goto(live_server.url + paths[3])
    page.evaluate("localStorage.setItem('jzgh-a11y', JSON.stringify({text: true, contrast: true}))")
    axe = Axe()
    found = {}
    for path in paths[:5]:
        page.goto(live_server.url + path)
        violations = axe.run(page).response["violations"]
        if violations:
            found[path] = described(violations)
    assert not found, found
