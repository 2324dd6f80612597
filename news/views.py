from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView, TemplateView

from .models import Article, ColumnTree, SiteSettings
from .search import SearchEntry, SearchForm, SinglePassPaginator, search_transaction, snippet
from .tokenizer import MAX_QUERY_LENGTH

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
        bulletin_column = self.tree.by_id.get(SiteSettings.for_request(self.request).home_bulletin_column_id)
        bulletins = []
        if bulletin_column:
            bulletins = (
                Article.objects.published()
                .in_column(self.tree, bulletin_column)
                .newest_first()
                .select_related("column")[:HOME_ARTICLES_PER_COLUMN]
            )
        return super().get_context_data(
            column_blocks=[
                (column, articles_by_root.get(column.pk, [])) for column in self.tree.roots
            ],
            bulletin_column=bulletin_column,
            bulletins=bulletins,
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
            .select_related("column", "bulletin__series", "bulletin__work_plan")
            .prefetch_related("attachments")
        )

    def get_template_names(self):
        if self.object.as_bulletin:
            return ["news/bulletin.html"]
        return [self.template_name]

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
            **self.object.page_parts(include_draft_plan=self.request.user.is_staff),
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


class SearchView(ColumnTreeMixin, TemplateView):
    """Search results from the index (`news.search`), filtered and paginated; a form when
    there is nothing to search for."""

    template_name = "news/search.html"
    paginate_by = 20

    def get_context_data(self, **kwargs):
        form = SearchForm(self.request.GET, tree=self.tree)
        context = {"form": form, "query": form.data.get("q", "")[:MAX_QUERY_LENGTH], "page_obj": None}
        if form.is_valid():
            context["query"] = form.cleaned_data["q"]
            if form.cleaned_data["terms"]:
                context["page_obj"] = self.results_page(form)
        return super().get_context_data(**context, **kwargs)

    def results_page(self, form):
        terms = form.cleaned_data["terms"]
        with search_transaction():
            # get_page: a page number that is not a number, or past the end, shows a page of
            # results rather than an error.
            page = SinglePassPaginator(form.results(), self.paginate_by).get_page(
                self.request.GET.get("page")
            )
            page.object_list = list(page.object_list)
        for entry in page.object_list:
            entry.snippet = snippet(entry.text, terms)
            is_plan_item = entry.kind == SearchEntry.Kind.PLAN_ITEM
            entry.column_name = "工作计划" if is_plan_item else self.tree.by_id[entry.column_id].name
        return page
