from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.generic import TemplateView

from core import page_cache
from core.pagination import page_or_404
from news.models import ColumnTree

from .forms import SearchForm, SinglePassPaginator, highlight, search_transaction, snippet
from .models import SearchEntry
from .tokenizer import MAX_QUERY_LENGTH


class SearchView(TemplateView):
    """Search results from the index, filtered and paginated; a form when there is nothing
    to search for."""

    template_name = "search/search.html"
    paginate_by = 20

    def get_context_data(self, **kwargs):
        form = SearchForm(self.request.GET, tree=ColumnTree.for_request(self.request))
        context = {
            "form": form, "query": form.data.get("q", "")[:MAX_QUERY_LENGTH], "page_obj": None,
            "breadcrumb": [("站内搜索", reverse("search:search"))],
            # What the page shows below the header depends on its address alone (the same for
            # every reader): kept for the content generation, per address.
            "search_fragment": page_cache.per_address(self.request, "search"),
        }
        if form.is_valid():
            context["query"] = form.cleaned_data["q"]
            if form.cleaned_data["terms"]:
                # Read only when the kept fragment is rendered afresh.
                context["page_obj"] = SimpleLazyObject(lambda: self.results_page(form))
        return super().get_context_data(**context, **kwargs)

    def results_page(self, form):
        terms = form.cleaned_data["terms"]
        with search_transaction():
            # The rule of every paginated list: a bad page number is a 404.
            paginator = SinglePassPaginator(form.results(), self.paginate_by)
            page = page_or_404(paginator, self.request.GET.get("page"))
            page.object_list = list(page.object_list)
        tree = ColumnTree.for_request(self.request)
        for entry in page.object_list:
            entry.snippet = snippet(entry.text, terms)
            entry.title_html = highlight(entry.title, terms)
            is_plan_item = entry.kind == SearchEntry.Kind.PLAN_ITEM
            entry.column_name = "工作计划" if is_plan_item else tree.by_id[entry.column_id].name
        return page
