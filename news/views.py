from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView, TemplateView

from core import page_cache, private_files
from core.client_ip import client_ip
from core.models import SiteSettings
from core.pagination import PageOr404Mixin

from .meta import page_meta
from .models import Article, Attachment, ColumnArticles, ColumnTree, Topic, home_newest, home_page


class ColumnTreeMixin:
    @property
    def tree(self):
        return ColumnTree.for_request(self.request)

    def column_trail(self, column):
        """Breadcrumb (name, url) pairs from the top column down to `column`."""
        return [(c.name, c.get_absolute_url()) for c in self.tree.ancestors(column)]

    def government_meta(self, **values):
        return page_meta(self.request, SiteSettings.for_request(self.request), tree=self.tree, **values)


class HomeView(ColumnTreeMixin, TemplateView):
    """The home page: the configured blocks (HomeBlock), 专题专栏, service entries and
    友情链接 (news.models.home_page: read once per content generation, with a fixed number of
    queries: blocks, their articles in one query, topics, links)."""

    template_name = "news/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            government_meta=self.government_meta(
                published=home_newest(), keywords=[column.name for column in self.tree.navigation]
            ),
            # Read only when the template renders its kept fragment afresh.
            home=SimpleLazyObject(home_page),
            **kwargs,
        )


class TopicView(ColumnTreeMixin, PageOr404Mixin, ListView):
    """/topics/<slug>/: a 专题's articles, from its column or hand-picked."""

    template_name = "news/topic.html"
    paginate_by = 20
    context_object_name = "articles"

    def get_queryset(self):
        self.topic = get_object_or_404(Topic, slug=self.kwargs["slug"], is_active=True)
        return self.topic.article_list(self.tree)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        newest = max((article.publish_at for article in context["articles"]), default=None)
        context.update(
            government_meta=self.government_meta(
                title=self.topic.title, published=newest,
                description=self.topic.description or self.topic.title, keywords=[self.topic.title],
            ),
            topic=self.topic,
            breadcrumb=[(self.topic.title, self.topic.get_absolute_url())],
        )
        return context


class ColumnView(ColumnTreeMixin, PageOr404Mixin, ListView):
    template_name = "news/column.html"
    paginate_by = 20
    context_object_name = "articles"

    def get_queryset(self):
        self.column = self.tree.by_slug.get(self.kwargs["slug"])
        if self.column is None:
            raise Http404("没有这个栏目。")
        return ColumnArticles(self.tree, self.column)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        newest = max((article.publish_at for article in context["articles"]), default=None)
        context.update(
            government_meta=self.government_meta(
                column=self.column, published=newest,
                description=self.column.description or self.column.name,
            ),
            column=self.column,
            breadcrumb=self.column_trail(self.column),
            subcolumns=self.tree.children(self.column),
            # The page links keep the address's other parameters: kept per address.
            list_fragment=page_cache.per_address(self.request, "column"),
            feed_url=reverse("news:column-feed", kwargs={"slug": self.column.slug}),
        )
        return context


class ArticleView(ColumnTreeMixin, DetailView):
    template_name = "news/article.html"
    context_object_name = "article"

    def get_object(self):
        article = Article.objects.for_page(self.kwargs["pk"], self.request.user)
        if article is None:
            raise Http404("没有这篇文章，或它尚未公开。")
        return article

    def get_template_names(self):
        return self.object.page_template_names()

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        # The id is the article's identity; an old address (moved column, corrected date)
        # still works and points search engines at the current one.
        if request.path != self.object.get_absolute_url():
            return redirect(self.object, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        column = self.tree.by_id[self.object.column_id]
        is_preview = not self.object.is_public
        return super().get_context_data(
            government_meta=self.government_meta(column=column, article=self.object),
            breadcrumb=self.column_trail(column),
            breadcrumb_links_last=True,
            # Read only when the kept fragment is rendered afresh.
            **self.object.page_context(self.request.user),
            neighbours=SimpleLazyObject(self.object.neighbours),
            is_preview=is_preview,
            article_fragment=page_cache.public_fragment(self.request, f"article:{self.object.pk}"),
            **kwargs,
        )


@csrf_exempt  # a public counter carries no authority worth forging, and pages stay cacheable
@require_POST
def count_view(request, pk):
    """Count one reading of a public article: once per client address per article in the
    counting window (Article.count_view).

    The article page asks for this after it loads rather than counting while rendering, so
    the page itself can be cached and the count is still exact.
    """
    article = get_object_or_404(Article.objects.published(), pk=pk)
    return JsonResponse({"view_count": article.count_view(client_ip(request))})


def download_attachment(request, pk):
    """Serve an attachment as a download under its readable name, never inline; only while
    its article may be seen by this reader (core.private_files, which also serves the
    file's own /files/ address)."""
    attachment = get_object_or_404(Attachment, pk=pk)
    download = attachment.download_for(request.user)
    if download is None:
        raise Http404("没有这个附件。")
    return private_files.file_response(download)
