"""The <meta> tags of 《政府网站网页设计规范》 (SiteName … Url) for every public page.

One function builds them from the site settings, the column and the article; the base
template prints whatever list a view put in the context (`government_meta`).
"""

from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import format_html_join

from core.text import description as text_description

# The tags in the order the specification lists them.
TAGS = (
    "SiteName", "SiteDomain", "SiteIDCode", "ColumnName", "ColumnType", "ArticleTitle",
    "PubDate", "ContentSource", "Keywords", "Author", "Description", "Image", "Url",
)
SHARE_IMAGE = "img/share.png"


def _date(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def page_meta(request, site, *, tree=None, column=None, article=None, title=None, published=None,
              description=None, keywords=()):
    """The 13 tags (PageMeta), in the specification's order.

    `column` is the page's column (an article's own column for an article page), `title`
    the page's title where there is no article, `published` the newest date the page shows,
    `keywords` words added after the site's and the column's names.
    """
    home = column is None and article is None
    root = tree.root_of(column) if tree is not None and column is not None else column
    column_name = column.name if column else "首页"
    if article is not None:
        title, published = article.title, article.publish_at
        description = article.description
    image = article.cover_image.url if article is not None and article.cover_image else static(SHARE_IMAGE)
    keywords = [site.site_name, *([root.name] if root and root != column else []),
                *([column.name] if column else []), *keywords]
    values = {
        "SiteName": site.site_name,
        "SiteDomain": site.domain or request.get_host(),
        "SiteIDCode": site.site_code,
        "ColumnName": column_name,
        "ColumnType": (column.column_type or root.name) if column else "首页",
        "ArticleTitle": title or (site.site_name if home else column_name),
        "PubDate": _date(published),
        "ContentSource": (article.source if article is not None else "") or site.host_organization,
        "Keywords": ",".join(dict.fromkeys(keywords)),
        "Author": (article.author if article is not None else "") or site.host_organization,
        "Description": text_description(description or "", site.description, site.site_name),
        "Image": request.build_absolute_uri(image),
        "Url": request.build_absolute_uri(request.path),
    }
    return PageMeta([(name, values[name]) for name in TAGS])


class PageMeta:
    """The tags, in order, and the description the page's own <meta name="description"> uses."""

    def __init__(self, tags):
        self.tags = tags
        self.values = dict(tags)

    @property
    def tags_html(self):
        """The <meta> elements, one a line (a template loop over 13 tags cost more than the
        rest of the page's head)."""
        return format_html_join("\n  ", '<meta name="{}" content="{}">', self.tags)

    @property
    def description(self):
        return self.values["Description"]

    def __getitem__(self, name):
        return self.values[name]
