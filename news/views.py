from pathlib import PurePath

from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView, TemplateView

from .models import Article, Attachment, ColumnTree

HOME_ARTICLES_PER_COLUMN = 8


class ColumnTreeMixin:
    @property
    def tree(self):
        return ColumnTree.for_request(self.request)

    def column_trail(self, column):
        """Breadcrumb (name, url) pairs from the top column down to `column`."""
        return [(c.name, c.get_absolute_url()) for c in self.tree.ancestors(column)]


class HomeView(ColumnTreeMixin, TemplateView):
    template_name = "news/home.html"

    def get_context_data(self, **kwargs):
        articles_by_root = {}
        latest = Article.objects.published().latest_per_root(self.tree, HOME_ARTICLES_PER_COLUMN)
        for article in latest.select_related("column"):
            root = self.tree.root_of(self.tree.by_id[article.column_id])
            articles_by_root.setdefault(root.pk, []).append(article)
        featured_column = self.tree.featured_on_home
        featured = []
        if featured_column:
            featured = (
                Article.objects.published()
                .in_column(self.tree, featured_column)
                .newest_first()
                .select_related("column")[:HOME_ARTICLES_PER_COLUMN]
            )
        return super().get_context_data(
            column_blocks=[
                (column, articles_by_root.get(column.pk, [])) for column in self.tree.roots
            ],
            featured_column=featured_column,
            featured_articles=featured,
            **kwargs,
        )


class ColumnView(ColumnTreeMixin, ListView):
    template_name = "news/column.html"
    paginate_by = 20
    context_object_name = "articles"

    def get_queryset(self):
        self.column = self.tree.by_slug.get(self.kwargs["slug"])
        if self.column is None:
            raise Http404("没有这个栏目。")
        return (
            Article.objects.published()
            .in_column(self.tree, self.column)
            .newest_first()
            .select_related("column")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            column=self.column,
            breadcrumb=self.column_trail(self.column),
            subcolumns=self.tree.children(self.column),
            **kwargs,
        )


class ArticleView(ColumnTreeMixin, DetailView):
    template_name = "news/article.html"
    context_object_name = "article"

    def get_queryset(self):
        return (
            Article.objects.visible_to(self.request.user)
            .select_subclasses()
            .select_related("column")
            .prefetch_related("attachments")
        )

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
        previous_article, next_article = self.object.neighbours()
        return super().get_context_data(
            breadcrumb=self.column_trail(self.tree.by_id[self.object.column_id]),
            breadcrumb_links_last=True,
            **self.object.page_context(self.request.user),
            previous_article=previous_article,
            next_article=next_article,
            is_preview=not self.object.is_public,
            **kwargs,
        )


@csrf_exempt  # a public counter carries no authority worth forging, and pages stay cacheable
@require_POST
def count_view(request, pk):
    """Count one reading of a public article.

    The article page asks for this after it loads rather than counting while rendering, so
    the page itself can be cached and the count is still exact.
    """
    article = get_object_or_404(Article.objects.published(), pk=pk)
    return JsonResponse({"view_count": article.count_view()})


def download_attachment(request, pk):
    """Serve an attachment as a download under its readable name, never inline; only while
    its article may be seen by this reader."""
    attachment = get_object_or_404(Attachment, pk=pk)
    if not Article.objects.visible_to(request.user).filter(pk=attachment.article_id).exists():
        raise Http404("没有这个附件。")
    extension = PurePath(attachment.file.name).suffix.lower()
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404("附件文件已不存在。") from None
    return FileResponse(
        handle, as_attachment=True, filename=f"{attachment.title}{extension}",
        content_type="application/octet-stream",
    )
