"""Keep the page cache exact for bulletins' own parts (core.page_cache); a bulletin itself is
an article, which the news app watches."""

from core import page_cache

from .models import BulletinSection, BulletinSeries


def connect():
    page_cache.watch(BulletinSeries, BulletinSection)
