import functools
import hashlib
import operator
from pathlib import PurePath

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import connections, models, transaction
from django.db.models import F, Q
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.encoding import is_protected_type
from model_utils.managers import InheritanceQuerySet
from simple_history.models import HistoricalRecords

from core import page_cache, private_files
from core.fields import RichTextField
from core.memo import kept_on
from core.models import SiteSettings
from core.permissions import may_preview
from core.request_cache import once_per_request
from core.text import description as text_description
from core.uploads import ARTICLE_ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES, FileTypeValidator, RandomUploadPath


class LinkValidator:
    """A site path (/news/…) or a full http(s) address; never javascript: or data:."""

    message = "请填写以 / 开头的本站地址，或以 http:// 、https:// 开头的完整网址。"

    def __call__(self, value):
        if value.startswith("/") and not value.startswith("//"):
            return
        try:
            URLValidator(schemes=["http", "https"], message=self.message)(value)
        except ValidationError:
            raise ValidationError(self.message) from None

    def __eq__(self, other):
        return isinstance(other, LinkValidator)

    def deconstruct(self):
        return ("news.models.LinkValidator", (), {})


class Column(models.Model):
    """A 栏目: a node of the site's column tree (新闻中心 > 公示公告 > 工会要情)."""

    parent = models.ForeignKey(
        "self",
        verbose_name="上级栏目",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="留空表示顶级栏目；顶级栏目出现在网站导航和首页。",
    )
    name = models.CharField("栏目名称", max_length=50)
    slug = models.SlugField(
        "网址标识",
        max_length=50,
        unique=True,
        help_text="出现在网址中，只能用英文字母、数字、连字符；与名称无关，改名不会改变网址。",
    )
    order = models.PositiveIntegerField("排序", default=0, help_text="数字小的排在前面。")
    show_in_nav = models.BooleanField("在导航中显示", default=True)
    featured_on_home = models.BooleanField(
        "首页单独列出",
        default=False,
        help_text="首页在各顶级栏目之外单独列出此栏目的最新文章（例如“工会要情”）；只取排序最前的一个。",
    )
    description = models.TextField("栏目说明", blank=True)
    column_type = models.CharField(
        "栏目类型",
        max_length=50,
        blank=True,
        help_text="网页 ColumnType 标签的内容，例如 政务动态、信息公开、办事服务；留空时取顶级栏目名称。",
    )
    update_interval_days = models.PositiveIntegerField(
        "应更新周期（天）",
        null=True,
        blank=True,
        help_text="超过这么多天没有新文章，栏目监测就提醒办公室（新闻类栏目一般 14 天）；"
        "留空表示不需要定期更新（如机构介绍）。",
    )

    class Meta:
        verbose_name = "栏目"
        verbose_name_plural = "栏目"
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        # Worked out once per slug (see Article.get_absolute_url).
        return kept_on(self, "_absolute_url", (self.slug, get_script_prefix()),
                       lambda: reverse("news:column", kwargs={"slug": self.slug}))

    def clean(self):
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": "上级栏目不能是本栏目或其下级栏目。"})
            ancestor = ancestor.parent


class ColumnTree:
    """The whole column tree, loaded with one query.

    The tree is small (dozens of columns) and every public page needs it for navigation
    and breadcrumbs, so walking it in memory keeps each page's query count fixed.
    """

    def __init__(self, columns):
        self.columns = list(columns)
        self.by_id = {column.pk: column for column in self.columns}
        self.by_slug = {column.slug: column for column in self.columns}
        self._children = {}
        for column in self.columns:
            self._children.setdefault(column.parent_id, []).append(column)
            column.get_absolute_url()  # kept with the tree (Column.get_absolute_url)

    @classmethod
    def for_request(cls, request):
        """The tree, loaded once per request however many templates and views ask for it, and
        from the database once per content generation (a column's save starts a new one)."""
        return once_per_request(request, "column_tree", cls.current)

    @classmethod
    def current(cls):
        return page_cache.remember("column-tree", lambda: cls(Column.objects.all()))

    def children(self, column=None):
        return self._children.get(column.pk if column else None, [])

    @property
    def roots(self):
        return self.children(None)

    @property
    def navigation(self):
        return [column for column in self.roots if column.show_in_nav]

    @property
    def featured_on_home(self):
        """The column the home page lists on its own (Column.featured_on_home), or None."""
        return next((column for column in self.columns if column.featured_on_home), None)

    def in_order(self):
        """Every column, depth first in navigation order (新闻中心, 工会动态, 公示公告, …)."""
        pending, ordered = list(reversed(self.roots)), []
        while pending:
            column = pending.pop()
            ordered.append(column)
            pending.extend(reversed(self.children(column)))
        return ordered

    def ancestors(self, column):
        """The path from the root down to `column`, both included."""
        path = []
        while column is not None:
            path.append(column)
            column = self.by_id.get(column.parent_id)
        return path[::-1]

    def root_of(self, column):
        return self.ancestors(column)[0]

    def descendant_ids(self, column):
        """`column`'s id and the ids of every column below it."""
        ids, pending = [], [column]
        while pending:
            current = pending.pop()
            ids.append(current.pk)
            pending.extend(self.children(current))
        return ids


class ArticleQuerySet(InheritanceQuerySet):
    """Articles; `select_subclasses()` (django-model-utils) returns bulletins as bulletins."""

    def not_in_trash(self):
        return self.filter(deleted_at__isnull=True)

    def in_trash(self):
        return self.filter(deleted_at__isnull=False)

    def published(self):
        """What the public may see: published, the publish time has come, not in the bin.

        Visibility is a query on the clock, so a back-dated or scheduled article needs
        no job to appear or disappear. `Article.is_public` is the same rule for one article.
        """
        return self.not_in_trash().filter(status=Article.Status.PUBLISHED, publish_at__lte=timezone.now())

    def listed(self):
        """For lists (home blocks, columns, topics, 上一篇/下一篇, the sitemap): without the
        body, which a list never shows and which runs to tens of kilobytes in a bulletin."""
        return self.defer("body")

    def scheduled(self, now=None):
        """待发布: approved (published) with a publish time still to come."""
        return self.not_in_trash().filter(
            status=Article.Status.PUBLISHED, publish_at__gt=now or timezone.now()
        )

    def next_scheduled_publish(self, now):
        """The earliest publish time after `now` of an article that will then become public
        with no further step (ArticleQuerySet.published() on a later clock), or None."""
        return self.scheduled(now).order_by("publish_at").values_list("publish_at", flat=True).first()

    def visible_to(self, user):
        """What `user` may open: everything outside the bin for those who may preview
        (core.permissions.may_preview) within their columns (ColumnRights), the published
        articles for everyone else."""
        if not may_preview(user, self.model):
            return self.published()
        if ColumnRights.column_ids(user) is None:
            return self.not_in_trash()
        return self.not_in_trash().within_columns_of(user) | self.published()

    def for_page(self, pk, viewer):
        """The article `pk` as its page shows it to `viewer` (its kind, column and attachments),
        or None; kept for the content generation for those who see what the public sees
        (core.page_cache.remember_for_public). Its view count is then the one it was read
        with; the page shows the live count once it has counted the reading."""
        def read():
            return (
                self.visible_to(viewer).select_subclasses().select_related("column")
                .prefetch_related("attachments").filter(pk=pk).first()
            )

        return page_cache.remember_for_public(f"article-page:{pk}", viewer, self.model, read)

    def within_columns_of(self, user):
        """The articles in the columns `user` may work on (ColumnRights.column_ids)."""
        ids = ColumnRights.column_ids(user)
        return self if ids is None else self.filter(column_id__in=ids)

    def awaiting_review(self):
        """Submitted articles and published articles with a submitted revision (either review
        level: 待审核 and 初审通过，待终审)."""
        waiting = [Article.Status.PENDING, Article.Status.FIRST_REVIEWED]
        return self.filter(
            Q(status__in=waiting) | Q(status=Article.Status.PUBLISHED, pending_revision__status__in=waiting),
            deleted_at__isnull=True,
        )

    def returned_to(self, user):
        """What reviewers sent back to `user`: articles they created, revisions they wrote."""
        returned = Article.Status.RETURNED
        return self.filter(
            Q(status=returned, created_by=user)
            | Q(
                status=Article.Status.PUBLISHED,
                pending_revision__status=returned,
                pending_revision__edited_by=user,
            ),
            deleted_at__isnull=True,
        )

    def in_column(self, tree, column):
        return self.filter(column_id__in=tree.descendant_ids(column))

    def newest_first(self):
        return self.order_by("-pinned", "-publish_at", "-pk")

    def newest_per_column(self, column_ids, per_column):
        """The newest `per_column` articles of each of `column_ids`, all newest first.

        Each column reads its own newest-first index (`article_column_newest`) and stops, and
        the database merges the short lists (a UNION ALL of per-column LIMITs; on databases
        that cannot limit the parts of a UNION, such as SQLite, per-column LIMIT subqueries).
        So the cost does not grow with the number of articles, where `column_id IN (…)
        ORDER BY … LIMIT` reads and sorts every article of those columns.
        """
        ordered = self.newest_first()
        parts = [ordered.filter(column_id=column_id)[:per_column] for column_id in column_ids]
        return self.merge_newest(parts)

    def merge_newest(self, parts):
        """The rows of `parts` (sliced, newest-first querysets of articles) in one query,
        newest first; a row in two parts comes twice. Where the database cannot limit the
        parts of a UNION, the rows are chosen by subqueries and read with this queryset's
        fields (listed() leaves out the bodies)."""
        if not parts:
            return self.none()
        if len(parts) == 1:
            return parts[0]
        if connections[self.db].features.supports_slicing_ordering_in_compound:
            return parts[0].union(*parts[1:], all=True).order_by("-pinned", "-publish_at", "-id")
        any_part = functools.reduce(operator.or_, (Q(pk__in=part.values("pk")) for part in parts))
        return self.filter(any_part).newest_first()

    def newest_across(self, column_ids, start, stop):
        """Articles `start`…`stop` (newest first) of all of `column_ids` together."""
        column_ids = list(column_ids)
        if stop <= start or not column_ids:
            return []
        return list(self.newest_per_column(column_ids, stop)[start:stop])


class ColumnArticles:
    """A column's public articles (with every column below it), newest first, as a paginator
    reads them. The count and each page are kept for the content generation
    (core.page_cache.remember), so they are read once per change rather than on every
    request: the count with one count query, a page with one `newest_across` query, its rows
    with their columns taken from the tree and their addresses worked out. `queryset` must
    be the public's (by default Article.objects.published().listed(), built only when a
    value is read afresh): the kept values are named by the columns alone."""

    def __init__(self, tree, column, queryset=None):
        self.tree, self._queryset = tree, queryset
        self.column_ids = tree.descendant_ids(column)
        self.name = ",".join(map(str, sorted(self.column_ids)))

    @property
    def queryset(self):
        return Article.objects.published().listed() if self._queryset is None else self._queryset

    def count(self):
        count = lambda: self.queryset.filter(column_id__in=self.column_ids).count()  # noqa: E731
        return page_cache.remember("column-count:" + self.name, count)

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step:
            raise TypeError("ColumnArticles only supports slices (pages).")
        start, stop = index.start or 0, index.stop if index.stop is not None else self.count()
        return page_cache.remember(f"column-page:{self.name}:{start}:{stop}", lambda: self._read(start, stop))

    def _read(self, start, stop):
        # The tree as kept now, not the request's: what is kept for a generation is read
        # after it began (the request's tree may be older).
        tree = ColumnTree.current()
        articles = self.queryset.newest_across(self.column_ids, start, stop)
        for article in articles:
            article.column = tree.by_id[article.column_id]
            article.get_absolute_url(), article.publish_day  # kept with the rows
        return articles


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PENDING = "pending", "待审核"
        FIRST_REVIEWED = "first_reviewed", "初审通过，待终审"
        RETURNED = "returned", "退回修改"
        PUBLISHED = "published", "已发布"
        WITHDRAWN = "withdrawn", "已撤回"

    title = models.CharField("标题", max_length=200)
    column = models.ForeignKey(
        Column, verbose_name="栏目", on_delete=models.PROTECT, related_name="articles"
    )
    source = models.CharField("信息来源", max_length=100, blank=True, default="办公室")
    author = models.CharField("作者", max_length=100, blank=True)
    summary = models.TextField(
        "摘要", blank=True, help_text="用于列表、搜索结果和网页描述；留空时取正文开头。"
    )
    body = RichTextField("正文", blank=True)
    cover_image = models.ImageField(
        "封面图片", upload_to=RandomUploadPath("covers"), blank=True, max_length=200
    )
    cover_alt = models.CharField(
        "封面图片说明", max_length=200, blank=True, help_text="为视障读者朗读的图片文字说明。"
    )
    pinned = models.BooleanField("置顶", default=False, help_text="置顶的文章排在列表最前面。")
    view_count = models.PositiveIntegerField("浏览次数", default=0, editable=False)
    status = models.CharField(
        "状态",
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
        help_text="编辑提交审核，审核人员审核通过后发布或退回修改；状态只能通过审核按钮改变。",
    )
    review_comment = models.TextField(
        "退回意见", blank=True, editable=False, help_text="审核人员退回时填写；再次提交审核后清空。"
    )
    publish_at = models.DateTimeField(
        "发布时间",
        default=timezone.now,
        db_index=True,
        help_text="页面上显示的发布时间，可以补填过去的日期；"
        "设为将来的时间则到时自动公开。",
    )
    first_published_at = models.DateTimeField(
        "首次发布于",
        null=True,
        editable=False,
        help_text="第一次发布的真实时间，由系统记录，不可修改。",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    deleted_at = models.DateTimeField(
        "移入回收站于",
        null=True,
        editable=False,
        help_text="不为空表示在回收站中：不对外公开，可以恢复；只有管理员可以彻底删除。",
    )

    # A kind of article made of ordered parts (a bulletin's sections) names here the relation
    # and the fields of each part that an edit of the published article keeps for review.
    revised_parts = None

    objects = ArticleQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["view_count", "updated_at"])

    class Meta:
        verbose_name = "文章"
        verbose_name_plural = "文章"
        ordering = ["-pinned", "-publish_at", "-pk"]
        permissions = [
            ("publish_article", "可以发布和撤回文章"),
            ("purge_article", "可以彻底删除回收站中的文章"),
            ("sign_off_article", "可以终审签发文章（两级审核）"),
        ]
        # The public's articles (ArticleQuerySet.published() but the clock): partial
        # indexes hold only these, so drafts and the recycle bin cost the public pages nothing.
        indexes = [
            # Lists are newest first, pinned on top: the feed and the sitemap walk this.
            models.Index(fields=["-pinned", "-publish_at", "-id"], name="article_newest_first"),
            # One column's list (newest_per_column: home page and column pages).
            models.Index(
                fields=["column", "-pinned", "-publish_at", "-id"], name="article_column_newest",
                condition=Q(status="published", deleted_at__isnull=True),
            ),
            # 上一篇/下一篇 and a column's count.
            models.Index(
                fields=["column", "publish_at", "id"], name="article_column_sequence",
                condition=Q(status="published", deleted_at__isnull=True),
            ),
            # The admin's list (everything outside the recycle bin): its count and the span of
            # its 发布年份 filter read this index alone, not every article's row and body.
            models.Index(
                fields=["publish_at"], name="article_not_in_trash", condition=Q(deleted_at__isnull=True)
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.status == self.Status.PUBLISHED and self.first_published_at is None:
            self.first_published_at = timezone.now()
            if update_fields := kwargs.get("update_fields"):
                kwargs["update_fields"] = {*update_fields, "first_published_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        # Worked out once for what it is made of (column, publish time, id) and kept on the
        # object (core.memo.kept_on): a list kept for the content generation
        # (core.page_cache.remember) carries its rows' addresses, and a page that asks twice
        # pays once.
        key = (self.column.slug, self.publish_at, self.pk, get_script_prefix())
        return kept_on(self, "_absolute_url", key, self._address)

    def _address(self):
        published = timezone.localtime(self.publish_at)
        return reverse(
            "news:article",
            kwargs={
                "column": self.column.slug,
                "year": published.year,
                "month": f"{published.month:02d}",
                "pk": self.pk,
            },
        )

    @property
    def publish_day(self):
        """The publish date as lists and the article's line show it: 2026-12-01, local time
        (the `date:"Y-m-d"` filter gives the same, at several times the cost per row); kept
        on the object like the address."""
        return kept_on(self, "_publish_day", self.publish_at,
                       lambda: timezone.localtime(self.publish_at).strftime("%Y-%m-%d"))

    @property
    def is_listed(self):
        """Published and not in the recycle bin: public once its publish time has come."""
        return self.deleted_at is None and self.status == self.Status.PUBLISHED

    @property
    def is_public(self):
        """ArticleQuerySet.published() for this one article (a test keeps the two equal)."""
        return self.is_listed and self.publish_at <= timezone.now()

    @property
    def is_scheduled(self):
        """ArticleQuerySet.scheduled() for this one article: 待发布 until its publish time."""
        return self.is_listed and self.publish_at > timezone.now()

    @property
    def state_label(self):
        """The state an editor reads in lists: 待发布 (with its time) for a scheduled article."""
        if self.is_scheduled:
            return f"待发布（{timezone.localtime(self.publish_at):%Y-%m-%d %H:%M}）"
        return self.get_status_display()

    # The public page ---------------------------------------------------------------------

    def page_template_names(self):
        """A kind of article (a bulletin) has its own page template, else the article's."""
        opts = self._meta
        return [f"{opts.app_label}/{opts.model_name}.html", "news/article.html"]

    def page_context(self, viewer):
        """What the page shows beside the article itself; kinds of article add their parts."""
        return {}

    def refresh_derived_fields(self):
        """Recompute fields derived from others (a bulletin's title) after edits in memory."""

    def description_sources(self):
        """The texts a page description is taken from, first non-empty wins: the summary,
        then the body; kinds of article with parts (a bulletin's sections) add theirs."""
        return [self.summary, self.body]

    @functools.cached_property
    def description(self):
        """The page's <meta name="description">: the summary, else the start of the text;
        worked out once for this reading of the article (and kept with it)."""
        return text_description(*self.description_sources())

    # Review workflow ---------------------------------------------------------------------

    @property
    def revision(self):
        """The pending revision of this published article, or None."""
        try:
            return self.pending_revision
        except PendingRevision.DoesNotExist:
            return None

    @property
    def edits_go_to_revision(self):
        """Whether saving edits must leave the live row alone (the article is published)."""
        return self.pk is not None and self.status == self.Status.PUBLISHED

    def reload_unrevised_fields(self):
        """Reload from the database every field edits never change (state, counts, dates).

        A form built on an old revision (the history's 恢复) or a crafted POST then cannot
        change the workflow state or reset the view count.
        """
        revised = {field.name for field in PendingRevision.revised_fields(self)}
        self.refresh_from_db(fields=[
            field.name for field in type(self)._meta.concrete_fields
            if field.name not in revised and not field.primary_key
        ])

    def save_as(self, user, reason):
        """Save, naming `user` and `reason` in the revision history."""
        self._history_user, self._change_reason = user, reason
        self.save()

    def count_view(self, client=None):
        """Count a reading by `client` (its address) and return the count: one per client per
        article within VIEW_COUNT_WINDOW_SECONDS, so that reloading or posting in a loop adds
        nothing. The first reading in the window claims a key with cache.add, atomic in the
        shared cache (Redis across app nodes); the count is added in the database without a
        read-modify-write race."""
        window = settings.VIEW_COUNT_WINDOW_SECONDS
        if client is None or window <= 0 or cache.add(self.view_key(client), 1, window):
            Article.objects.filter(pk=self.pk).update(view_count=F("view_count") + 1)
        self.refresh_from_db(fields=["view_count"])
        return self.view_count

    def view_key(self, client):
        digest = hashlib.sha256(str(client).encode()).hexdigest()[:32]
        return f"article-view:{self.pk}:{digest}"

    def neighbours(self):
        """(上一篇, 下一篇): the public articles published just before and after, same column.
        Kept for the content generation (core.page_cache.remember), for this article where it
        stands (column and publish time), with their addresses worked out."""
        key = f"neighbours:{self.pk}:{self.column_id}:{self.publish_at.isoformat()}"
        return page_cache.remember(key, self._read_neighbours)

    def _read_neighbours(self):
        siblings = Article.objects.published().listed().filter(column_id=self.column_id)
        # The range on publish_at is the index condition (`article_column_sequence`) and the
        # tie-break on id a filter, so each side reads the index from this article and
        # stops at the first row.
        before = siblings.filter(
            Q(publish_at__lt=self.publish_at) | Q(pk__lt=self.pk), publish_at__lte=self.publish_at
        ).order_by("-publish_at", "-pk")
        after = siblings.filter(
            Q(publish_at__gt=self.publish_at) | Q(pk__gt=self.pk), publish_at__gte=self.publish_at
        ).order_by("publish_at", "pk")
        found = (before.select_related("column").first(), after.select_related("column").first())
        for article in found:
            if article is not None:
                article.get_absolute_url()  # kept with them
        return found


class Attachment(models.Model):
    article = models.ForeignKey(
        Article, verbose_name="文章", on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField("附件名称", max_length=200, help_text="读者看到的文件名。")
    file = models.FileField(
        "文件",
        upload_to=RandomUploadPath("attachments"),
        max_length=200,
        validators=[FileTypeValidator(ARTICLE_ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES)],
    )
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title

    @property
    def extension(self):
        return PurePath(self.file.name).suffix.lstrip(".").upper()

    def download_for(self, user):
        """The file under its readable name, while `user` may see the article; else None."""
        if not Article.objects.visible_to(user).filter(pk=self.article_id).exists():
            return None
        suffix = PurePath(self.file.name).suffix.lower()
        return private_files.Download(self.file.name, f"{self.title}{suffix}")

    @classmethod
    def authorize_download(cls, request, name):
        """core.private_files' check for the attachments folder."""
        attachment = cls.objects.filter(file=name).first()
        return attachment.download_for(request.user) if attachment else None


class PendingRevision(models.Model):
    """Edits to a published article that wait for review (先审后发).

    The public keeps seeing the live article; the admin's change form edits these values
    instead, and approval copies them onto the live article in one transaction.
    """

    article = models.OneToOneField(
        Article, verbose_name="文章", on_delete=models.CASCADE, related_name="pending_revision"
    )
    status = models.CharField(
        "状态",
        max_length=20,
        choices=[(status, status.label) for status in (
            Article.Status.DRAFT, Article.Status.PENDING, Article.Status.FIRST_REVIEWED,
            Article.Status.RETURNED)],
        default=Article.Status.DRAFT,
    )
    values = models.JSONField(
        "修改后的内容", encoder=DjangoJSONEncoder, help_text="文章各字段修改后的值（已净化）。"
    )
    parts = models.JSONField(
        "修改后的组成部分",
        encoder=DjangoJSONEncoder,
        null=True,
        help_text="由多个部分组成的文章（如工会要情的综述各部分）修改后的各部分；为空表示未修改。",
    )
    review_comment = models.TextField("退回意见", blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="修改人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "待审核修订"
        verbose_name_plural = "待审核修订"

    def __str__(self):
        return f"{self.article}（修订）"

    @staticmethod
    def revised_fields(article):
        return [
            field for field in type(article)._meta.concrete_fields
            if field.editable and not field.primary_key and field.name != "status"
        ]

    @classmethod
    def capture(cls, article, user, reviewing=False):
        """Keep `article`'s unsaved edits as its revision, back to draft if it was returned.

        `edited_by` names the editor who wrote the revision: a reviewer's save while
        reviewing it (`reviewing`, e.g. when sending it back) keeps that editor, so the
        send-back reaches them (ArticleQuerySet.returned_to).

        Each field's `pre_save` runs as a real save would: rich text is sanitized and a new
        cover image is stored, so a preview shows exactly what approval will publish.
        """
        values = {}
        for field in cls.revised_fields(article):
            value = field.pre_save(article, False)
            values[field.attname] = value if is_protected_type(value) else field.value_to_string(article)
        revision = article.revision or cls(article=article)
        revision.values = values
        if not (reviewing and revision.edited_by_id):
            revision.edited_by = user
        if revision.status == Article.Status.RETURNED:
            revision.status = Article.Status.DRAFT
        revision.save()
        article.pending_revision = revision
        return revision

    def _parts_relation(self, article):
        """(related manager name, the part model, its link to the article, the kept fields)."""
        relation, field_names = article.revised_parts
        rel = article._meta.get_field(relation)
        return relation, rel.related_model, rel.field.attname, field_names

    def set_parts(self, parts):
        """Keep the edited parts: dicts of id (None for a new one) and the kept fields, each
        value prepared as a save would (rich text sanitized)."""
        _, model, _, field_names = self._parts_relation(self.specific_article())
        prepared = []
        for part in parts:
            values = dict(part)
            for name in field_names:
                values[name] = model._meta.get_field(name).pre_save(model(**{name: part[name]}), False)
            prepared.append(values)
        self.parts = prepared
        self.save(update_fields=["parts", "updated_at"])

    def part_objects(self, article=None):
        """The revised parts as unsaved model objects (the form's initial), or the live ones."""
        article = article or self.specific_article()
        relation, model, link, _ = self._parts_relation(article)
        if self.parts is None:
            return list(getattr(article, relation).all())
        return [model(**{link: self.article_id}, **part) for part in self.parts]

    def specific_article(self):
        """The article as its own kind (a bulletin as a Bulletin)."""
        return Article.objects.select_subclasses().get(pk=self.article_id)

    def overlay(self, article):
        """Set the revised values on `article` in memory (nothing is saved)."""
        fields = {field.attname: field for field in self.revised_fields(article)}
        for attname, value in self.values.items():
            if attname in fields:
                setattr(article, attname, fields[attname].to_python(value))
        article.refresh_derived_fields()

    def apply(self, user):
        """Publish the revision: copy it onto the live article and parts, then drop it.

        Parts keep their rows (and so whatever links to them, such as the plan items a
        bulletin section reports): edited ones are updated, new ones created, removed ones
        deleted.
        """
        article = self.specific_article()
        with transaction.atomic():
            self.overlay(article)
            article.review_comment = ""
            article.save_as(user, "审核通过修订")
            if self.parts is not None:
                kept = []
                for part in self.part_objects(article):
                    part._history_user = user
                    part.save()
                    kept.append(part.pk)
                getattr(article, article.revised_parts[0]).exclude(pk__in=kept).delete()
            self.delete()
        return article



# The home page -----------------------------------------------------------------------------


class HomeBlockQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True).select_related("column")


class HomeBlock(models.Model):
    """A block of the home page: which column feeds it, where it stands, how many items.

    With no block configured, the home page shows the featured column and each top column
    (`HomeBlock.defaults`), so a new site has a home page before anyone configures one.
    """

    class Kind(models.TextChoices):
        CAROUSEL = "carousel", "图片新闻（轮播）"
        LIST = "list", "文章列表"

    kind = models.CharField("类型", max_length=20, choices=Kind.choices, default=Kind.LIST)
    title = models.CharField("标题", max_length=50, blank=True, help_text="留空时用栏目名称。")
    column = models.ForeignKey(
        Column,
        verbose_name="栏目",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="home_blocks",
        help_text="本栏目及其下级栏目的最新文章；图片新闻可以留空，表示全站有封面图片的文章。",
    )
    count = models.PositiveSmallIntegerField(
        "条数", default=8, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    order = models.PositiveIntegerField("排序", default=0, help_text="数字小的排在前面。")
    is_active = models.BooleanField("显示", default=True)

    objects = HomeBlockQuerySet.as_manager()

    class Meta:
        verbose_name = "首页区块"
        verbose_name_plural = "首页区块"
        ordering = ["order", "pk"]

    def __str__(self):
        return self.heading

    def clean(self):
        if self.kind == self.Kind.LIST and self.column_id is None:
            raise ValidationError({"column": "文章列表需要选择栏目。"})

    @property
    def heading(self):
        if self.title:
            return self.title
        if self.column is not None:
            return self.column.name
        return "图片新闻" if self.kind == self.Kind.CAROUSEL else "文章列表"

    @property
    def anchor(self):
        """The id of the block's heading: block-<column slug>, else block-<kind>-<pk>."""
        return f"block-{self.column.slug}" if self.column else f"block-{self.kind}-{self.pk or 0}"

    @property
    def is_carousel(self):
        return self.kind == self.Kind.CAROUSEL

    @classmethod
    def defaults(cls, tree):
        """The blocks of an unconfigured home page: the featured column, each top column."""
        columns = ([tree.featured_on_home] if tree.featured_on_home else []) + tree.roots
        return [cls(kind=cls.Kind.LIST, column=column, count=8, order=n) for n, column in enumerate(columns)]

    def candidates(self):
        """The public articles this block may show, in any column."""
        articles = Article.objects.published().listed()
        return articles.exclude(cover_image="") if self.is_carousel else articles

    def column_ids(self, tree):
        """The columns this block shows: its column and those below it, or all."""
        return tree.descendant_ids(self.column) if self.column is not None else list(tree.by_id)

    def articles_query(self, tree):
        """This block's candidates, newest first (not yet cut to `count`)."""
        return self.candidates().filter(column_id__in=self.column_ids(tree)).newest_first()

    def takes(self, tree, article):
        """Whether `article` belongs to this block (the same rule as articles_query, in memory)."""
        if self.is_carousel and not article.cover_image:
            return False
        if self.column is None:
            return True
        if not hasattr(self, "_column_ids"):
            self._column_ids = set(tree.descendant_ids(self.column))
        return article.column_id in self._column_ids

    @classmethod
    def fill(cls, blocks, tree):
        """Set `block.articles` on every block from one query.

        Each block reads the newest `count` rows of each of its columns from the per-column
        index and the database merges them (ArticleQuerySet.merge_newest), so the home page
        costs one query whatever the blocks and however many articles exist; the rows are
        then dealt out in memory, with their columns from the tree.
        """
        parts = [
            block.candidates().filter(column_id=column_id).newest_first()[: block.count]
            for block in blocks for column_id in block.column_ids(tree)
        ]
        rows, seen = [], set()
        for article in Article.objects.listed().merge_newest(parts):
            if article.pk not in seen:  # an article in two blocks' parts comes twice
                seen.add(article.pk)
                article.column = tree.by_id[article.column_id]
                rows.append(article)
        for block in blocks:
            block.articles = [article for article in rows if block.takes(tree, article)][: block.count]
            if block.column is not None:
                block.column.get_absolute_url()  # kept with the block (Column.get_absolute_url)
            for article in block.articles:
                article.get_absolute_url(), article.publish_day  # kept with the rows
        return blocks


def home_page():
    """What the home page shows: the site's name, its blocks with their articles (empty blocks
    left out), the active 专题专栏 and portal links. Kept for the content generation (blocks, topics, links,
    articles and columns all start a new one when saved, news.signals), so the home page
    reads them once per change rather than on every request."""

    def read():
        tree = ColumnTree.current()  # as kept now: a request's tree may be older
        blocks = list(HomeBlock.objects.active()) or HomeBlock.defaults(tree)
        HomeBlock.fill(blocks, tree)
        blocks = [block for block in blocks if block.articles]
        links = list(PortalLink.objects.filter(is_active=True))
        return {
            "site_name": SiteSettings.current().site_name,
            "blocks": blocks,
            "newest": max((a.publish_at for block in blocks for a in block.articles), default=None),
            "topics": list(Topic.objects.filter(is_active=True)),
            "services": [link for link in links if link.kind == PortalLink.Kind.SERVICE],
            "friend_links": [link for link in links if link.kind == PortalLink.Kind.FRIEND],
        }

    return page_cache.remember("home-page", read)


def home_newest():
    """The newest publish time the home page shows (its PubDate), kept apart from the rest
    of home_page(), so that a page whose blocks are a kept fragment does not read them."""
    return page_cache.remember("home-newest", lambda: home_page()["newest"])


class Topic(models.Model):
    """A 专题专栏: a banner on the home page leading to a column or a hand-picked list."""

    title = models.CharField("专题名称", max_length=100)
    slug = models.SlugField("网址标识", max_length=50, unique=True)
    banner = models.ImageField("横幅图片", upload_to=RandomUploadPath("topics"), blank=True, max_length=200)
    banner_alt = models.CharField(
        "横幅图片说明", max_length=200, blank=True,
        help_text="为视障读者朗读的图片文字说明；留空时用专题名称。",
    )
    description = models.TextField("专题简介", blank=True)
    column = models.ForeignKey(
        Column,
        verbose_name="对应栏目",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="topics",
        help_text="选择栏目时专题显示该栏目的文章；不选则显示下面挑选的文章。",
    )
    articles = models.ManyToManyField(Article, verbose_name="挑选的文章", blank=True, related_name="topics")
    order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("显示", default=True)

    class Meta:
        verbose_name = "专题专栏"
        verbose_name_plural = "专题专栏"
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("news:topic", kwargs={"slug": self.slug})

    def article_list(self, tree):
        articles = Article.objects.published().listed()
        if self.column_id is not None:
            articles = articles.in_column(tree, tree.by_id[self.column_id])
        else:
            articles = articles.filter(topics=self)
        return articles.newest_first().select_related("column")


class PortalLink(models.Model):
    """A service entry (入会, 法律援助 …) or a 友情链接, managed in the admin."""

    class Kind(models.TextChoices):
        SERVICE = "service", "服务入口"
        FRIEND = "friend", "友情链接"

    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    name = models.CharField("名称", max_length=50)
    url = models.CharField(
        "链接地址", max_length=300, validators=[LinkValidator()],
        help_text="本站地址以 / 开头（如 /news/services/），外部网站写完整地址（https://…）。",
    )
    note = models.CharField("说明", max_length=100, blank=True, help_text="服务入口下方的一句话说明。")
    order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("显示", default=True)

    class Meta:
        verbose_name = "服务入口和友情链接"
        verbose_name_plural = "服务入口和友情链接"
        ordering = ["kind", "order", "pk"]

    def __str__(self):
        return self.name

    @property
    def is_external(self):
        return not self.url.startswith("/")


class MonitorReport(models.Model):
    """A weekly column-monitor report that was mailed: one per ISO week (unique), so the
    command can run from cron daily, twice, or after a missed week, and mails once."""

    week = models.DateField("所在周（周一）", unique=True)
    sent_at = models.DateTimeField("发送时间", auto_now_add=True)
    recipients = models.TextField("收件人", blank=True)
    text = models.TextField("报告内容", blank=True)

    class Meta:
        verbose_name = "栏目监测报告"
        verbose_name_plural = "栏目监测报告"
        ordering = ["-week"]

    def __str__(self):
        return f"{self.week:%Y-%m-%d} 当周栏目监测报告"


class SensitiveWord(models.Model):
    """A 敏感词: a draft that contains it cannot be submitted (news.content_check)."""

    word = models.CharField("敏感词", max_length=50, unique=True)
    note = models.CharField("说明", max_length=200, blank=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "敏感词"
        verbose_name_plural = "敏感词"
        ordering = ["word"]

    def __str__(self):
        return self.word

    def clean(self):
        self.word = self.word.strip()
        if not self.word:
            raise ValidationError({"word": "敏感词不能为空。"})


class WordingRule(models.Model):
    """A serious wrong wording (严重错误表述) and its correct form: the check warns."""

    wrong = models.CharField("错误表述", max_length=100, unique=True)
    right = models.CharField("正确表述", max_length=100)
    note = models.CharField("说明", max_length=200, blank=True,
                            help_text="例如 领导职务、国家名称、固定提法。")
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "规范表述"
        verbose_name_plural = "规范表述（错误 → 正确）"
        ordering = ["wrong"]

    def __str__(self):
        return f"{self.wrong} → {self.right}"

    def clean(self):
        self.wrong, self.right = self.wrong.strip(), self.right.strip()
        if not self.wrong or not self.right:
            raise ValidationError("错误表述和正确表述都必须填写。")
        if self.wrong == self.right:
            raise ValidationError({"right": "正确表述与错误表述相同。"})


class ColumnRights(models.Model):
    """栏目权限: limits an editor or reviewer to chosen columns and everything below them.

    A staff account with no row here (or no columns chosen) works on every column, as before.
    The admin's lists, forms, actions and previews, the workflow and the public preview all
    ask `column_ids`.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="column_rights"
    )
    columns = models.ManyToManyField(
        Column, verbose_name="可编辑的栏目", blank=True,
        help_text="只能编辑、审核和预览这些栏目及其下级栏目的文章；不选则不限栏目。",
    )

    class Meta:
        verbose_name = "栏目权限"
        verbose_name_plural = "栏目权限"

    def __str__(self):
        return f"{self.user}的栏目权限"

    @staticmethod
    def column_ids(user):
        """The ids of the columns `user` may work on, or None for every column."""
        if not getattr(user, "is_authenticated", False) or user.is_superuser:
            return None
        cache = getattr(user, "_column_ids_cache", False)
        if cache is not False:
            return cache
        chosen = list(Column.objects.filter(columnrights__user=user))
        ids = None
        if chosen:
            tree = ColumnTree(Column.objects.all())
            ids = {pk for column in chosen for pk in tree.descendant_ids(column)}
        user._column_ids_cache = ids
        return ids

    @classmethod
    def allows(cls, user, column_id):
        ids = cls.column_ids(user)
        return ids is None or column_id in ids
