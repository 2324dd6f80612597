"""The view beacon counts one reading per client per article in the window (30 minutes by
default), with a key in the shared cache claimed atomically (cache.add). Under concurrency,
on PostgreSQL with Redis: tests/test_concurrency.py."""

import time

import pytest
from django.test import Client

from news.models import Article


def post(article, reader, **headers):
    return Client().post(f"/articles/{article.pk}/views/", REMOTE_ADDR=reader, **headers).json()


@pytest.fixture
def article(column_tree, make_article):
    return make_article(column_tree["updates"])


def test_posting_in_a_loop_counts_once(article):
    for _ in range(20):
        assert post(article, "198.51.100.5") == {"view_count": 1}
    assert post(article, "198.51.100.6") == {"view_count": 2}
    Article.objects.filter(pk=article.pk).update(view_count=0)
    assert Article.objects.get(pk=article.pk).view_count == 0


def test_each_article_is_counted_for_itself(article, column_tree, make_article):
    other = make_article(column_tree["updates"])
    assert post(article, "198.51.100.5") == {"view_count": 1}
    assert post(other, "198.51.100.5") == {"view_count": 1}


def test_the_window_is_30_minutes_and_the_reader_counts_again_after_it(article, settings):
    assert settings.VIEW_COUNT_WINDOW_SECONDS == 30 * 60
    settings.VIEW_COUNT_WINDOW_SECONDS = 1  # the key's lifetime in the shared cache
    assert post(article, "198.51.100.5") == {"view_count": 1}
    assert post(article, "198.51.100.5") == {"view_count": 1}
    time.sleep(1.1)
    assert post(article, "198.51.100.5") == {"view_count": 2}


def test_a_zero_window_counts_every_request(article, settings):
    settings.VIEW_COUNT_WINDOW_SECONDS = 0
    post(article, "198.51.100.5")
    assert post(article, "198.51.100.5") == {"view_count": 2}


def test_readers_behind_the_proxy_count_as_themselves_and_spoofing_does_not_help(article, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    assert post(article, "10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.1") == {"view_count": 1}
    assert post(article, "10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.2") == {"view_count": 2}
    # A client that is no proxy, inventing forwarded addresses: still one client.
    for n in range(5):
        post(article, "198.51.100.9", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert Article.objects.get(pk=article.pk).view_count == 3
