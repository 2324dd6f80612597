from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Rss201rev2Feed

from core.models import SiteSettings

from .models import Article, ColumnTree

FEED_SIZE = 30


class LatestArticlesFeed(Feed):
    """The site's newest articles, every column; a column's own feed is ColumnFeed."""

    feed_type = Rss201rev2Feed
    language = "zh-cn"  # what feed readers expect; the pages themselves say zh-CN

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return None

    def site(self):
        return SiteSettings.for_request(self.request)

    def title(self, obj=None):
        return f"{self.site().site_name} 最新信息"

    def link(self, obj=None):
        return "/"

    def description(self, obj=None):
        return self.site().description or self.title(obj)

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj=None):
        return self.articles(obj).select_related("column").order_by("-publish_at", "-pk")[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.description

    def item_author_name(self, item):
        return item.author or item.source or None

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.column.name]


class ColumnFeed(LatestArticlesFeed):
    """/news/<column>/feed/: the newest articles of a column and the columns below it."""

    def get_object(self, request, slug):
        self.request = request
        self.tree = ColumnTree.for_request(request)
        column = self.tree.by_slug.get(slug)
        if column is None:
            raise Http404("没有这个栏目。")
        return column

    def title(self, obj=None):
        return f"{self.site().site_name} {obj.name}"

    def link(self, obj=None):
        return obj.get_absolute_url()

    def description(self, obj=None):
        return obj.description or self.title(obj)

    def articles(self, obj):
        return Article.objects.published().in_column(self.tree, obj)
