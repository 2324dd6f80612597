from django.contrib.sitemaps import Sitemap

from .models import Article, Column


class ArticleSitemap(Sitemap):
    limit = 5000

    def items(self):
        return Article.objects.published().select_related("column").order_by("-publish_at")

    def lastmod(self, item):
        return item.updated_at


class ColumnSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return Column.objects.all()


sitemaps = {"articles": ArticleSitemap, "columns": ColumnSitemap}
