"""Public pages cost a fixed number of queries, however many articles exist."""

import pytest

from news.models import HomeBlock, PortalLink, Topic

# Measured for anonymous readers. The first request after a change reads what is kept for
# the content generation (core.page_cache.remember): the column tree and site settings, the
# home page's blocks (the configured blocks, every block's articles in one query, 专题专栏,
# service entries and links together), a column's count and page, an article's previous and
# next, the article with its attachments; and asks when the next scheduled article appears.
# Later requests run none. The same budgets hold for 5 and 500 articles. Before these were
# kept, every request ran home 6, column 4, article 6.
FIRST_BUDGETS = {"home": 7, "column": 5, "article": 7}
PAGE_BUDGETS = {"home": 0, "column": 0, "article": 0}


@pytest.fixture(params=[5, 500], ids=["5-articles", "500-articles"])
def populated(request, column_tree, make_article, site_settings):
    column_tree["bulletins"].featured_on_home = True
    column_tree["bulletins"].save()
    columns = [column_tree[key] for key in ("updates", "bulletins", "notices", "policy")]
    articles = [
        make_article(columns[number % len(columns)], days_ago=number % 300 + 1,
                     cover_image="covers/x.png" if number % 3 == 0 else "")
        for number in range(request.param)
    ]
    HomeBlock.objects.create(kind=HomeBlock.Kind.CAROUSEL, count=5)
    for order, column in enumerate(columns, 1):
        HomeBlock.objects.create(column=column, count=8, order=order)
    for number in range(3):
        topic = Topic.objects.create(title=f"专题{number}", slug=f"topic-{number}")
        topic.articles.set(articles[:5])
        PortalLink.objects.create(kind="service", name=f"服务{number}", url="/news/policy/")
        PortalLink.objects.create(kind="friend", name=f"链接{number}", url="https://www.acftu.org/")
    return articles


def urls_for(articles, column_tree):
    return {
        "home": "/",
        "column": f"{column_tree['news'].get_absolute_url()}?page=1",
        "article": articles[len(articles) // 2].get_absolute_url(),
    }


@pytest.mark.parametrize("page", sorted(PAGE_BUDGETS))
def test_public_pages_run_a_fixed_number_of_queries(
    client, populated, column_tree, django_assert_max_num_queries, page, uncached_pages
):
    url = urls_for(populated, column_tree)[page]
    with django_assert_max_num_queries(FIRST_BUDGETS[page]):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(PAGE_BUDGETS[page]):
        response = client.get(url)
    assert response.status_code == 200


@pytest.fixture(params=[5, 150], ids=["5-articles", "150-articles"])
def many_articles(request, column_tree, make_article, make_staff):
    authors = [make_staff(f"author{number}") for number in range(5)]
    for number in range(request.param):
        make_article(column_tree["updates"], created_by=authors[number % len(authors)])


@pytest.mark.parametrize("per_page", [20, 100])
def test_the_article_changelist_runs_a_fixed_number_of_queries(
    many_articles, login, administrator, django_assert_max_num_queries, per_page, monkeypatch, settings
):
    """Session and user, permissions, the filters' choices, the count, the page, the date
    hierarchy: none per row. Sessions read from the cache, as in production."""
    from news.admin import ArticleAdmin

    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    monkeypatch.setattr(ArticleAdmin, "list_per_page", per_page)
    client = login(administrator)
    client.get("/admin/news/article/")  # the session and the permission caches
    with django_assert_max_num_queries(10):
        response = client.get("/admin/news/article/")
    assert response.status_code == 200
    assert "author0" in response.content.decode()


@pytest.fixture(params=[3, 60], ids=["3-each", "60-each"])
def office_rows(request, column_tree, make_staff, make_plan, make_item, make_leader, make_department):
    """Bulletins, plans and plan items by several authors, leaders and departments."""
    import datetime as dt

    from bulletins.models import Bulletin, BulletinSeries

    series = BulletinSeries.objects.create(name="工会要情摘报", column=column_tree["bulletins"])
    authors = [make_staff(f"author{number}") for number in range(3)]
    leaders = [make_leader(f"领导{number}") for number in range(3)]
    departments = [make_department(f"部室{number}") for number in range(3)]
    for number in range(request.param):
        bulletin = Bulletin.objects.create(series=series, year=2020, number=number + 1,
                                           subject=f"第{number}期", created_by=authors[number % 3])
        plan = make_plan(dt.date(2000 + number // 12, number % 12 + 1, 1), bulletin=bulletin)
        make_item(plan, leaders=[leaders[number % 3]], departments=departments[: number % 3 + 1])
    return range(request.param)


@pytest.mark.parametrize("path", ["/admin/bulletins/bulletin/", "/admin/workplans/workplan/",
                                  "/admin/workplans/planitem/"])
def test_the_office_changelists_run_a_fixed_number_of_queries(
    office_rows, login, administrator, django_assert_max_num_queries, path, settings
):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    client = login(administrator)
    client.get(path)  # the session and the permission caches
    with django_assert_max_num_queries(10):
        response = client.get(path)
    assert response.status_code == 200
    changelist = response.context["cl"]
    assert changelist.result_count >= len(office_rows) and len(changelist.result_list) > 0


@pytest.mark.parametrize("page", ["home", "column", "sitemap"])
def test_lists_leave_the_article_bodies_in_the_database(client, populated, column_tree, page, uncached_pages):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = {**urls_for(populated, column_tree), "sitemap": "/sitemap.xml"}[page]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    article_queries = [query["sql"] for query in queries if '"news_article"' in query["sql"]]
    assert article_queries and not any('"news_article"."body"' in sql for sql in article_queries)


def test_the_neighbours_of_an_article_come_without_their_bodies(
    column_tree, make_article, django_assert_num_queries
):
    older, article, newer = (make_article(column_tree["updates"], days_ago=days) for days in (3, 2, 1))
    previous, following = article.neighbours()
    with django_assert_num_queries(0):
        assert (previous.title, following.get_absolute_url()) == (older.title, newer.get_absolute_url())
    assert "body" in previous.get_deferred_fields()
