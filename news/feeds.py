from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Rss201rev2Feed

from core.models import SiteSettings

from .models import Article

FEED_SIZE = 30


class LatestArticlesFeed(Feed):
    feed_type = Rss201rev2Feed
    link = "/"

    def title(self):
        return f"{SiteSettings.load().site_name} 最新信息"

    def description(self):
        return SiteSettings.load().description or self.title()

    def items(self):
        return Article.objects.published().select_related("column").order_by("-publish_at")[
            :FEED_SIZE
        ]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or item.body

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.column.name]
