"""Reading a search: the form, its results and the snippets shown with them."""

import re
from contextlib import contextmanager

from django import forms
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connections, router, transaction
from django.db.models import Count, Window
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import SearchEntry
from .tokenizer import MAX_QUERY_LENGTH, MAX_QUERY_TERMS, MAX_TERM_LENGTH, query_terms

SNIPPET_LENGTH = 80


@contextmanager
def search_transaction(using=None):
    """A read transaction in which PostgreSQL answers from the GIN index.

    Without table statistics (a fresh or small table) the planner may prefer a sequential
    scan that reads every tsvector; inside the search it is never the faster plan.
    """
    using = using or router.db_for_read(SearchEntry)
    with transaction.atomic(using=using):
        if connections[using].vendor == "postgresql":
            with connections[using].cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")
        yield


class SinglePassPaginator(Paginator):
    """Counts the results inside the page query (COUNT(*) OVER ()), so the search's costly
    substring check runs once per page instead of once for the count and again for the page.

    Bad page numbers raise as Paginator.page() does; core.pagination.page_or_404 turns them
    into the 404 every paginated list gives.
    """

    # An OFFSET past any possible result is past the end without asking the database, whose
    # integer it may not fit (twenty digits raised "bigint out of range" on PostgreSQL and
    # OverflowError on SQLite).
    max_offset = 2**31 - 1

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("页码不是整数。") from None
        if number < 1:
            raise EmptyPage("页码小于 1。")
        bottom = (number - 1) * self.per_page
        if bottom > self.max_offset:
            raise EmptyPage("没有这一页。")
        counted = self.object_list.annotate(full_count=Window(Count("pk")))
        rows = list(counted[bottom : bottom + self.per_page])
        if not rows:  # no results (page 1 is then an empty page), or past the end (EmptyPage)
            return super().page(number)
        self.__dict__["count"] = rows[0].full_count  # fills the cached_property
        return self._get_page(rows, number, self)



def _terms_pattern(terms):
    return re.compile("|".join(map(re.escape, sorted(terms, key=len, reverse=True))), re.I)


def highlight(text, terms):
    """`text` escaped, every hit of `terms` in <mark> (titles and snippets alike)."""
    pieces, position = [], 0
    for hit in _terms_pattern(terms).finditer(text):
        pieces += [escape(text[position : hit.start()]), f"<mark>{escape(hit.group())}</mark>"]
        position = hit.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))


def snippet(text, terms, length=SNIPPET_LENGTH):
    """About `length` characters of `text` around the first hit, escaped, hits in <mark>."""
    first = _terms_pattern(terms).search(text)
    start = max(0, first.start() - length // 4) if first else 0
    prefix = "…" if start else ""
    suffix = "…" if start + length < len(text) else ""
    return mark_safe(prefix + highlight(text[start : start + length], terms) + suffix)


class SearchForm(forms.Form):
    q = forms.CharField(
        label="关键词",
        required=False,
        help_text=f"多个词用空格分开，最多 {MAX_QUERY_TERMS} 个词，每个词最多 {MAX_TERM_LENGTH} 个字。",
        widget=forms.TextInput(attrs={"type": "search", "maxlength": MAX_QUERY_LENGTH}),
    )
    column = forms.TypedChoiceField(
        label="栏目",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "没有这个栏目，请从列表中选择。"},
    )
    kind = forms.ChoiceField(
        label="类型",
        required=False,
        choices=[("", "全部类型"), *SearchEntry.Kind.choices],
        error_messages={"invalid_choice": "没有这种类型，请从列表中选择。"},
    )
    date_from = forms.DateField(
        label="从",
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "“从”的日期格式应为 年-月-日，例如 2024-05-01。"},
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label="到",
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "“到”的日期格式应为 年-月-日，例如 2024-05-31。"},
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, tree, **kwargs):
        super().__init__(*args, **kwargs)
        self.tree = tree
        self.fields["column"].choices = [("", "全部栏目")] + [
            (column.pk, "　" * (len(tree.ancestors(column)) - 1) + column.name)
            for column in self.tree.in_order()
        ]

    def clean_q(self):
        return " ".join(self.cleaned_data["q"][:MAX_QUERY_LENGTH].split())

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError("开始日期不能晚于结束日期。")
        terms = query_terms(cleaned.get("q", ""), limit=None)
        if len(terms) > MAX_QUERY_TERMS:
            self.add_error("q", f"最多 {MAX_QUERY_TERMS} 个词，现在有 {len(terms)} 个，请删去一些再搜索。")
        cleaned["terms"] = terms[:MAX_QUERY_TERMS]
        return cleaned

    @property
    def has_filters(self):
        return any(self.cleaned_data.get(name) for name in ("column", "kind", "date_from", "date_to"))

    def results(self):
        """The public entries matching the valid form, best first."""
        data = self.cleaned_data
        entries = SearchEntry.objects.public().matching(data["terms"])
        if data["column"]:
            entries = entries.filter(column_id__in=self.tree.descendant_ids(self.tree.by_id[data["column"]]))
        if data["kind"]:
            entries = entries.filter(kind=data["kind"])
        if data["date_from"]:
            entries = entries.filter(date__date__gte=data["date_from"])
        if data["date_to"]:
            entries = entries.filter(date__date__lte=data["date_to"])
        return entries.ranked(data["terms"]).defer("vector")
