"""The site search: an index of every searchable item, kept current on save, queried by
character bigrams (see `news.tokenizer`).

One `SearchEntry` per article (bulletins included) and per plan item holds what the results
page shows (title, plain text, column, date, address) and the item's tokens:

- PostgreSQL: `vector`, a tsvector of the distinct tokens (no positions, hence no weights),
  under a GIN index. The lexemes are written and queried literally (`'高启'::tsquery`), not
  through a text-search parser, so they are exactly the tokenizer's output.
- SQLite: the tokens in the FTS5 table `news_searchentry_fts` (rowid = entry id), written
  here on save and emptied by a trigger when an entry row is deleted.

Either index finds the entries holding every token of every term; terms the tokens alone
can over-match (碳普惠 also has the bigrams of 普惠碳 + 碳普) are then checked as substrings
of the title or text. Title hits come first, then the newest.

Entries hold drafts too, so the admin's search can use the index; `public()` is what the
site shows.
"""

import datetime as dt
import html
import re
from contextlib import contextmanager

from django import forms
from django.apps import apps
from django.contrib.postgres.search import SearchVectorField
from django.core.paginator import Paginator
from django.db import connections, models, router, transaction
from django.db.models import Case, Count, F, Q, Value, When, Window
from django.db.models.expressions import RawSQL
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from .models import Article, Bulletin, BulletinSection, Column
from .tokenizer import (
    MAX_QUERY_LENGTH,
    MAX_QUERY_TERMS,
    MAX_TERM_LENGTH,
    needs_substring_check,
    query_terms,
    term_tokens,
    tokenize,
)

FTS_TABLE = "news_searchentry_fts"
SNIPPET_LENGTH = 80


class SearchEntryQuerySet(models.QuerySet):
    def public(self):
        """What readers may find: published, and for articles the publish time has come."""
        return self.filter(published=True).filter(
            Q(visible_from__isnull=True) | Q(visible_from__lte=timezone.now())
        )

    def matching(self, terms):
        """Entries containing every term (as a substring of the title or the text)."""
        tokens = list(dict.fromkeys(token for term in terms for token in term_tokens(term)))
        if not tokens:
            return self.none()
        if connections[self.db].vendor == "postgresql":
            lexemes = " & ".join(f"'{token}'" for token in tokens)
            entries = self.filter(MatchesLexemes(F("vector"), Value(lexemes)))
        else:
            # Tokens are letters and digits only and each is quoted: FTS5 syntax in a query
            # (quotes, *, NEAR, AND, column filters) cannot reach MATCH.
            fts_query = " ".join(f'"{token}"' for token in tokens)
            entries = self.filter(
                pk__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [fts_query])
            )
        for term in filter(needs_substring_check, terms):
            entries = entries.filter(_substring_of_title_or_text(term))
        return entries

    def ranked(self, terms):
        """Entries with the most terms in their title first, then the newest."""
        title_hits = sum((Case(When(title__icontains=term, then=1), default=0) for term in terms), Value(0))
        return self.annotate(title_hits=title_hits).order_by("-title_hits", "-date", "-pk")


def _substring_of_title_or_text(term):
    # Chinese has no case: a plain LIKE spares PostgreSQL an UPPER() of every candidate text.
    lookup = "icontains" if term.lower() != term.upper() else "contains"
    return Q(**{f"title__{lookup}": term}) | Q(**{f"text__{lookup}": term})


class MatchesLexemes(models.Func):
    """`vector @@ 'a' & 'b'::tsquery`: the lexemes as the tokenizer wrote them, unparsed."""

    template = "%(expressions)s::tsquery"
    arg_joiner = " @@ "
    output_field = models.BooleanField()


class SearchEntry(models.Model):
    class Kind(models.TextChoices):
        NEWS = "news", "新闻"
        BULLETIN = "bulletin", "工会要情"
        PLAN_ITEM = "plan_item", "计划事项"

    # Two explicit one-to-one links rather than a generic relation: deleting an article or a
    # plan item (or a whole plan) deletes its entry through the ordinary CASCADE, with no
    # signal to forget, and the database keeps the references valid.
    article = models.OneToOneField(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="search_entry"
    )
    plan_item = models.OneToOneField(
        "workplans.PlanItem",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="search_entry",
    )
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    title = models.CharField("标题", max_length=300)
    text = models.TextField("正文", help_text="去掉 HTML 的纯文本，用于核对关键词和摘要。")
    url = models.CharField("网址", max_length=300)
    column = models.ForeignKey(
        Column, verbose_name="栏目", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    date = models.DateTimeField("日期", help_text="文章的发布时间；计划事项为计划月份。")
    published = models.BooleanField("已发布", help_text="文章已发布，或计划事项所属计划已发布。")
    visible_from = models.DateTimeField(
        "公开时间", null=True, help_text="文章的发布时间，未到不公开；计划事项为空。"
    )
    vector = SearchVectorField(null=True, editable=False)  # PostgreSQL only; GIN in 0003

    objects = SearchEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "搜索索引条目"
        verbose_name_plural = "搜索索引条目"
        constraints = [
            models.CheckConstraint(
                condition=Q(article__isnull=False, plan_item__isnull=True)
                | Q(article__isnull=True, plan_item__isnull=False),
                name="search_entry_indexes_one_item",
            )
        ]

    def __str__(self):
        return self.title


# Indexing ------------------------------------------------------------------------------

_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|figure|figcaption|hr)\b[^>]*>", re.I
)


def plain_text(rich_text):
    """The text of sanitized HTML: block tags become spaces (so two paragraphs do not join
    into false bigrams), inline tags vanish (so <b>劳动</b>竞赛 stays 劳动竞赛)."""
    return html.unescape(strip_tags(_BLOCK_TAG.sub(" ", rich_text)))


def _joined(*texts):
    """`texts` as one line, whitespace collapsed: what snippets are cut from."""
    return " ".join(" ".join(texts).split())


def _plan_item_model():
    # workplans imports news.models, which imports this module: look the model up, do not
    # import it, so the import order of the two apps never matters.
    return apps.get_model("workplans", "PlanItem")


def _article_entry(article):
    bulletin = article if isinstance(article, Bulletin) else article.as_bulletin
    parts = [article.summary, plain_text(article.body)]
    if bulletin:
        parts.append(bulletin.summary_title)
        for section in bulletin.sections.all():
            parts += [section.heading, plain_text(section.body)]
    return SearchEntry(
        article_id=article.pk,
        kind=SearchEntry.Kind.BULLETIN if bulletin else SearchEntry.Kind.NEWS,
        title=article.title,
        text=_joined(*parts),
        url=article.get_absolute_url(),
        column_id=article.column_id,
        date=article.publish_at,
        published=article.status == Article.Status.PUBLISHED,
        visible_from=article.publish_at,
    )


def _plan_item_entry(item):
    leaders = "、".join(leader.name for leader in item.ordered_leaders)
    return SearchEntry(
        plan_item_id=item.pk,
        kind=SearchEntry.Kind.PLAN_ITEM,
        title=Truncator(" ".join(item.content.split())).chars(120),
        text=_joined(
            item.content,
            f"责任领导：{leaders}" if leaders else "",
            "责任部室：" + "、".join(item.department_names) if item.department_names else "",
        ),
        url=f"{item.plan.get_absolute_url()}#item-{item.pk}",
        column_id=None,
        date=timezone.make_aware(dt.datetime.combine(item.plan.month, dt.time())),
        published=item.plan.is_published,
        visible_from=None,
    )


def _articles(queryset):
    return queryset.select_related("column", "bulletin").prefetch_related("bulletin__sections")


def _plan_items(queryset):
    return queryset.select_related("plan").with_responsibility()


def _tokens(entry):
    return dict.fromkeys(tokenize(entry.title) + tokenize(entry.text))


def _store(entries, link_field, linked_ids):
    """Replace the entries of the items `linked_ids` (their `link_field`) with `entries`."""
    using = router.db_for_write(SearchEntry)
    postgres = connections[using].vendor == "postgresql"
    if postgres:
        for entry in entries:
            entry.vector = " ".join(f"'{token}'" for token in _tokens(entry))
    with transaction.atomic(using=using):
        SearchEntry.objects.filter(**{f"{link_field}__in": linked_ids}).delete()
        created = SearchEntry.objects.bulk_create(entries)
        if not postgres:
            with connections[using].cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {FTS_TABLE} (rowid, tokens) VALUES (%s, %s)",
                    [(entry.pk, " ".join(_tokens(entry))) for entry in created],
                )


def index_articles(queryset):
    """(Re)index the articles of `queryset`; deleted ones simply have no entry left."""
    articles = list(_articles(queryset))
    _store([_article_entry(article) for article in articles], "article", [a.pk for a in articles])


def index_plan_items(queryset):
    items = list(_plan_items(queryset))
    _store([_plan_item_entry(item) for item in items], "plan_item", [item.pk for item in items])


def rebuild(batch_size=500, progress=None):
    """Reindex everything, `batch_size` items per transaction; `progress(label, done, total)`."""
    steps = [("文章", Article, index_articles), ("计划事项", _plan_item_model(), index_plan_items)]
    for label, model, index in steps:
        ids = list(model.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), batch_size):
            index(model.objects.filter(pk__in=ids[start : start + batch_size]))
            if progress:
                progress(label, min(start + batch_size, len(ids)), len(ids))


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
    """

    def get_page(self, number):
        try:
            number = max(int(number), 1)
        except (TypeError, ValueError):
            number = 1
        bottom = (number - 1) * self.per_page
        counted = self.object_list.annotate(full_count=Window(Count("pk")))
        rows = list(counted[bottom : bottom + self.per_page])
        if not rows:  # no results, or past the end: the usual count, then the last page
            return super().get_page(number)
        self.__dict__["count"] = rows[0].full_count  # fills the cached_property
        return self._get_page(rows, number, self)


# Keeping the index current ---------------------------------------------------------------


def _index_article_now_and_at_commit(pk):
    """Index at once, so code in the same transaction sees the entry, and again at commit:
    the importer bulk-creates a bulletin's sections and an item's leaders after saving the
    bulletin or item, and bulk_create sends no signals."""
    index_articles(Article.objects.filter(pk=pk))
    transaction.on_commit(lambda: index_articles(Article.objects.filter(pk=pk)))


def _index_plan_items_now_and_at_commit(queryset):
    index_plan_items(queryset)
    transaction.on_commit(lambda: index_plan_items(queryset.all()))


def _deleted_on_its_own(sender, origin):
    """Whether a section or link was itself deleted, not swept along with its bulletin or
    item (whose entry CASCADE removes)."""
    return getattr(origin, "model", type(origin)) is sender


def _on_article_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _index_article_now_and_at_commit(instance.pk)


def _on_section_changed(sender, instance, raw=False, origin=None, **kwargs):
    if not raw and (origin is None or _deleted_on_its_own(sender, origin)):
        index_articles(Article.objects.filter(pk=instance.bulletin_id))


def _on_plan_item_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _index_plan_items_now_and_at_commit(type(instance).objects.filter(pk=instance.pk))


def _on_item_link_changed(sender, instance, raw=False, origin=None, **kwargs):
    if not raw and (origin is None or _deleted_on_its_own(sender, origin)):
        index_plan_items(_plan_item_model().objects.filter(pk=instance.item_id))


def _on_item_links_changed(sender, instance, action, model, pk_set, **kwargs):
    PlanItem = _plan_item_model()
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if isinstance(instance, PlanItem):
        index_plan_items(PlanItem.objects.filter(pk=instance.pk))
    else:  # item.leaders.add() from the leader's side
        index_plan_items(PlanItem.objects.filter(pk__in=pk_set or ()))


def _on_plan_saved(sender, instance, raw=False, **kwargs):
    """A plan's status and month decide its items' visibility and date."""
    if not raw:
        index_plan_items(instance.items.all())


def _on_person_saved(sender, instance, raw=False, **kwargs):
    """A leader's or department's name is part of the text of every item naming them."""
    if not raw:
        index_plan_items(instance.plan_items.all())


def connect_signals():
    from workplans.models import Department, Leader, PlanItem, PlanItemDepartment, PlanItemLeader, WorkPlan

    receivers = [
        (post_save, _on_article_saved, [Article, Bulletin]),
        (post_save, _on_section_changed, [BulletinSection]),
        (post_delete, _on_section_changed, [BulletinSection]),
        (post_save, _on_plan_item_saved, [PlanItem]),
        (post_save, _on_item_link_changed, [PlanItemLeader, PlanItemDepartment]),
        (post_delete, _on_item_link_changed, [PlanItemLeader, PlanItemDepartment]),
        (m2m_changed, _on_item_links_changed, [PlanItem.leaders.through, PlanItem.departments.through]),
        (post_save, _on_plan_saved, [WorkPlan]),
        (post_save, _on_person_saved, [Leader, Department]),
    ]
    for signal, receiver, senders in receivers:
        for sender in senders:
            signal.connect(
                receiver, sender=sender, dispatch_uid=f"search.{receiver.__name__}.{sender._meta.label}"
            )


# Reading a query -------------------------------------------------------------------------


def snippet(text, terms, length=SNIPPET_LENGTH):
    """About `length` characters of `text` around the first hit, escaped, hits in <mark>."""
    pattern = re.compile("|".join(map(re.escape, sorted(terms, key=len, reverse=True))), re.I)
    first = pattern.search(text)
    start = max(0, first.start() - length // 4) if first else 0
    window = text[start : start + length]
    pieces, position = [], 0
    for hit in pattern.finditer(window):
        pieces += [escape(window[position : hit.start()]), f"<mark>{escape(hit.group())}</mark>"]
        position = hit.end()
    pieces.append(escape(window[position:]))
    prefix = "…" if start else ""
    suffix = "…" if start + length < len(text) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)


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
            for column in self._columns_in_tree_order()
        ]

    def _columns_in_tree_order(self):
        pending, ordered = list(reversed(self.tree.roots)), []
        while pending:
            column = pending.pop()
            ordered.append(column)
            pending.extend(reversed(self.tree.children(column)))
        return ordered

    def clean_q(self):
        return " ".join(self.cleaned_data["q"][:MAX_QUERY_LENGTH].split())

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError("开始日期不能晚于结束日期。")
        cleaned["terms"] = query_terms(cleaned.get("q", ""))
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


class IndexSearchAdminMixin:
    """The admin's search box answered from the search index, drafts and future items
    included; an ordinary article list otherwise."""

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        entries = SearchEntry.objects.matching(query_terms(search_term))
        return queryset.filter(pk__in=entries.values("article_id")), False
