"""The one rule for page numbers of every paginated public list (columns, topics, search).

A missing ?page= is page 1 and `last` the last page; anything else that is not an existing
page (text, 0, past the end) is a 404 with a Chinese message, so a search engine never
indexes a copy of page 1 under another address.
"""

from django.core.paginator import InvalidPage
from django.http import Http404
from django.utils.functional import SimpleLazyObject

from core import page_cache


def page_or_404(paginator, number):
    if number == "last":
        number = paginator.num_pages
    try:
        return paginator.page(number or 1)
    except InvalidPage:
        raise Http404("没有这一页。") from None


class PageOr404Mixin:
    """A ListView paginated by page_or_404."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = page_or_404(paginator, self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()


class KeptCount:
    """The queryset `read()` builds, as a paginator reads it, its count kept for the content
    generation under `name` (core.page_cache.remember): for a public list whose rows a kept
    fragment shows, so that a page of it costs no query, and no queryset is even built until
    a value is read afresh. `read()` must give the public's rows: the count is named by `name`
    alone."""

    def __init__(self, name, read):
        self.name, self.read = name, read

    def count(self):
        return page_cache.remember(f"count:{self.name}", lambda: self.read().count())

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        return SimpleLazyObject(lambda: list(self.read()[index]))
