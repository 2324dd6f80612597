"""Keep the page cache exact for the news app's models (core.page_cache).

Any save or deletion of an article (a bulletin too: it is an article), an attachment, a
column, a home-page block, a topic or a portal link starts a new content generation:
publishing, withdrawing, approving an edit, moving column, the recycle bin and its restore
all save the article. A scheduled article appears by
itself, so its publish time bounds how long any page is kept.
"""

from core import page_cache

from .models import Article, Attachment, Column, HomeBlock, PortalLink, Topic


def next_scheduled_publish(now):
    return Article.objects.next_scheduled_publish(now)


def connect():
    page_cache.watch(Article, Attachment, Column, HomeBlock, Topic, PortalLink)
    page_cache.register_next_change(next_scheduled_publish)
