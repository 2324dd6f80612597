import pytest
from django.core.exceptions import ValidationError

from news.models import Column, ColumnTree


def load_tree():
    return ColumnTree(Column.objects.all())


def test_ancestors_run_from_root_to_column(column_tree):
    tree = load_tree()
    path = tree.ancestors(tree.by_slug["bulletins"])
    assert [column.name for column in path] == ["新闻中心", "公示公告", "工会要情"]


def test_descendants_include_the_column_and_every_level_below(column_tree):
    tree = load_tree()
    ids = tree.descendant_ids(tree.by_slug["news-center"])
    expected = {column_tree[key].pk for key in ("news", "notices", "bulletins", "updates")}
    assert set(ids) == expected


def test_children_and_roots_follow_display_order(column_tree):
    tree = load_tree()
    assert [c.name for c in tree.roots] == ["新闻中心", "政策法规"]
    assert [c.name for c in tree.children(column_tree["news"])] == ["工会动态", "公示公告"]


def test_navigation_hides_columns_not_shown_in_nav(column_tree, make_column):
    make_column("内部栏目", show_in_nav=False)
    assert [c.name for c in load_tree().navigation] == ["新闻中心", "政策法规"]


def test_a_column_cannot_become_its_own_ancestor(column_tree):
    news = column_tree["news"]
    news.parent = column_tree["bulletins"]
    with pytest.raises(ValidationError) as error:
        news.full_clean()
    assert "上级栏目不能是本栏目或其下级栏目" in str(error.value)


def test_column_page_shows_breadcrumb_and_subcolumns(client, column_tree, make_article):
    make_article(column_tree["bulletins"], title="工会要情摘报样例")
    response = client.get("/news/notices/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "您的位置:" in html
    assert '<a href="/news/news-center/">新闻中心</a> &gt; <span aria-current="page">公示公告</span>' in html
    assert '<a href="/news/bulletins/">工会要情</a>' in html  # sub-column link
    assert "工会要情摘报样例" in html  # articles of descendants are listed


def test_column_page_lists_newest_first_with_iso_dates(client, column_tree, make_article):
    make_article(column_tree["updates"], title="较早的文章", days_ago=10)
    make_article(column_tree["updates"], title="较新的文章", days_ago=1)
    html = client.get("/news/updates/").content.decode()
    assert html.index("较新的文章") < html.index("较早的文章")
    assert '<time datetime="' in html


def test_pinned_articles_lead_the_list(client, column_tree, make_article):
    make_article(column_tree["updates"], title="普通新文章", days_ago=1)
    make_article(column_tree["updates"], title="置顶旧文章", days_ago=30, pinned=True)
    html = client.get("/news/updates/").content.decode()
    assert html.index("置顶旧文章") < html.index("普通新文章")
