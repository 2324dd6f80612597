"""Public pages cost a fixed number of queries, however many articles exist."""

import pytest

# Measured for anonymous readers: column tree + site settings, then the page's own queries
# (home: latest per column, latest bulletins; column: count, page; article: article,
# attachments, previous, next). The same budget holds for 5 and 500 articles.
PAGE_BUDGETS = {"home": 4, "column": 4, "article": 6}


@pytest.fixture(params=[5, 500], ids=["5-articles", "500-articles"])
def populated(request, column_tree, make_article, site_settings):
    column_tree["bulletins"].featured_on_home = True
    column_tree["bulletins"].save()
    columns = [column_tree[key] for key in ("updates", "bulletins", "notices", "policy")]
    articles = [
        make_article(columns[number % len(columns)], days_ago=number % 300 + 1)
        for number in range(request.param)
    ]
    return articles


def urls_for(articles, column_tree):
    return {
        "home": "/",
        "column": f"{column_tree['news'].get_absolute_url()}?page=1",
        "article": articles[len(articles) // 2].get_absolute_url(),
    }


@pytest.mark.parametrize("page", sorted(PAGE_BUDGETS))
def test_public_pages_run_a_fixed_number_of_queries(
    client, populated, column_tree, django_assert_max_num_queries, page
):
    url = urls_for(populated, column_tree)[page]
    with django_assert_max_num_queries(PAGE_BUDGETS[page]):
        response = client.get(url)
    assert response.status_code == 200
