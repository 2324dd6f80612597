"""The per-column list queries (ArticleQuerySet.newest_per_column and friends) return exactly
what the plain `column_id IN (…) ORDER BY …` query returns, on SQLite and on PostgreSQL
(where they are a UNION ALL of per-column LIMITs)."""

import datetime as dt

import pytest
from django.utils import timezone

from news.models import Article, ColumnArticles, ColumnTree, HomeBlock


@pytest.fixture
def spread(column_tree, make_article):
    columns = [column_tree[key] for key in ("news", "updates", "notices", "bulletins", "policy")]
    now = timezone.now()
    for number in range(90):
        make_article(columns[number % 5], publish_at=now - dt.timedelta(hours=number % 37, minutes=number),
                     pinned=number % 29 == 0)
    # Not public: a draft, a scheduled one, one in the recycle bin.
    make_article(columns[1], status=Article.Status.DRAFT)
    make_article(columns[1], publish_at=now + dt.timedelta(days=1))
    make_article(columns[2], deleted_at=now)
    return ColumnTree(column_tree["news"].__class__.objects.all())


def test_a_column_page_is_the_plain_query_sliced(spread, column_tree):
    ids = spread.descendant_ids(column_tree["news"])
    plain = list(Article.objects.published().filter(column_id__in=ids).newest_first())
    listing = ColumnArticles(spread, column_tree["news"], Article.objects.published())
    assert listing.count() == len(plain) == 72
    for start, stop in [(0, 20), (20, 40), (60, 80), (70, 90)]:
        assert [a.pk for a in listing[start:stop]] == [a.pk for a in plain[start:stop]]
    assert listing[0:1][0].column.slug  # columns come from the tree


def test_the_home_page_blocks_get_the_newest_of_their_columns(spread, column_tree):
    blocks = HomeBlock.defaults(spread) + [HomeBlock(kind=HomeBlock.Kind.LIST, column=None, count=5)]
    HomeBlock.fill(blocks, spread)
    for block in blocks:
        expected = list(block.articles_query(spread)[: block.count])
        assert [a.pk for a in block.articles] == [a.pk for a in expected], block.column


def test_neighbours_are_the_adjacent_public_articles(spread, column_tree):
    public = Article.objects.published().filter(column=column_tree["updates"])
    siblings = list(public.order_by("publish_at", "pk"))
    for index, article in enumerate(siblings):
        before, after = article.neighbours()
        assert before == (siblings[index - 1] if index else None)
        assert after == (siblings[index + 1] if index + 1 < len(siblings) else None)


def test_neighbours_break_ties_on_the_id(column_tree, make_article):
    moment = timezone.now() - dt.timedelta(days=1)
    first, second, third = (make_article(column_tree["updates"], publish_at=moment) for _ in range(3))
    assert second.neighbours() == (first, third)
    assert first.neighbours() == (None, second)
