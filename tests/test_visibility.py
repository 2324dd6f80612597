from datetime import timedelta

import pytest
from django.utils import timezone

from news.models import Article


@pytest.fixture
def articles(column_tree, make_article):
    column = column_tree["updates"]
    return {
        "published": make_article(column, title="已发布文章"),
        "draft": make_article(column, title="草稿文章", status=Article.Status.DRAFT),
        "future": make_article(
            column, title="定时文章", publish_at=timezone.now() + timedelta(hours=2)
        ),
    }


def test_published_queryset_excludes_drafts_and_future(articles):
    assert list(Article.objects.published()) == [articles["published"]]


@pytest.mark.parametrize("key", ["draft", "future"])
def test_public_gets_404_for_hidden_articles(client, articles, key):
    response = client.get(articles[key].get_absolute_url())
    assert response.status_code == 404
    assert "您访问的页面不存在" in response.content.decode()


@pytest.mark.parametrize("key", ["draft", "future"])
def test_staff_preview_hidden_articles_marked_noindex(admin_client, articles, key):
    response = admin_client.get(articles[key].get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "预览：本文尚未公开" in html
    assert '<meta name="robots" content="noindex">' in html
    assert "data-count-url=\"\"" in html  # previews are not counted as readings


@pytest.mark.parametrize("url", ["/", "/news/updates/", "/feed/", "/sitemap.xml", "/search/?q=文章"])
def test_hidden_articles_stay_out_of_lists_feed_and_sitemap(client, articles, url):
    html = client.get(url).content.decode()
    assert articles["published"].get_absolute_url() in html
    for key in ("draft", "future"):
        assert articles[key].get_absolute_url() not in html
        assert articles[key].title not in html


def test_scheduled_article_appears_when_its_time_comes(client, articles, time_machine):
    url = articles["future"].get_absolute_url()
    assert client.get(url).status_code == 404
    time_machine.move_to(timezone.now() + timedelta(hours=3))
    assert client.get(url).status_code == 200
    assert "定时文章" in client.get("/news/updates/").content.decode()


def test_first_published_at_is_set_once_and_kept(articles):
    draft = articles["draft"]
    assert draft.first_published_at is None
    draft.status = Article.Status.PUBLISHED
    draft.save()
    first = draft.first_published_at
    assert first is not None
    draft.publish_at = timezone.now() - timedelta(days=400)  # back-dating the display date
    draft.save()
    draft.refresh_from_db()
    assert draft.first_published_at == first
