from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Article, Column, Topic


class HomeSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["news:home"]

    def location(self, item):
        return reverse(item)


class ArticleSitemap(Sitemap):
    limit = 5000

    def items(self):
        return Article.objects.published().listed().select_related("column").order_by("-publish_at", "-pk")

    def lastmod(self, item):
        return item.updated_at


class ColumnSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return Column.objects.all()


class TopicSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Topic.objects.filter(is_active=True)


sitemaps = {"home": HomeSitemap, "columns": ColumnSitemap, "topics": TopicSitemap, "articles": ArticleSitemap}
