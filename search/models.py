"""The site search: an index of every searchable item, kept current on save, queried by
character bigrams (see `search.tokenizer`).

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

from django.contrib.postgres.search import SearchVectorField
from django.db import connections, models
from django.db.models import Case, F, Q, Value, When
from django.db.models.expressions import RawSQL
from django.utils import timezone

from news.models import Article, Column
from workplans.models import PlanItem

from .tokenizer import needs_substring_check, term_tokens

FTS_TABLE = "search_searchentry_fts"


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
        PlanItem,
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
