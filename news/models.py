import secrets
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.encoding import is_protected_type
from simple_history.models import HistoricalRecords

from . import audit
from .fields import RichTextField
from .numerals import to_chinese


@deconstructible
class RandomUploadPath:
    """`upload_to` that files uploads under a dated folder with a random name.

    Random names keep editors' file names (often personal or misleading) out of public URLs
    and make upload URLs unguessable; the extension is kept for the web server's MIME type.
    """

    def __init__(self, prefix):
        self.prefix = prefix

    def __call__(self, instance, filename):
        suffix = PurePath(filename).suffix.lower()[:10]
        return f"{self.prefix}/{timezone.localdate():%Y/%m}/{secrets.token_hex(8)}{suffix}"

    def __eq__(self, other):
        return isinstance(other, RandomUploadPath) and other.prefix == self.prefix


def once_per_request(request, name, load):
    """`load()`'s result, computed at most once for this request."""
    cache = request.__dict__.setdefault("_portal_cache", {})
    if name not in cache:
        cache[name] = load()
    return cache[name]


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
    description = models.TextField("栏目说明", blank=True)

    class Meta:
        verbose_name = "栏目"
        verbose_name_plural = "栏目"
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("news:column", kwargs={"slug": self.slug})

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

    @classmethod
    def for_request(cls, request):
        """The tree, loaded once per request however many templates and views ask for it."""
        return once_per_request(request, "column_tree", lambda: cls(Column.objects.all()))

    def children(self, column=None):
        return self._children.get(column.pk if column else None, [])

    @property
    def roots(self):
        return self.children(None)

    @property
    def navigation(self):
        return [column for column in self.roots if column.show_in_nav]

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


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What the public may see: published, and the publish time has come.

        Visibility is a query on the clock, so a back-dated or scheduled article needs
        no job to appear or disappear.
        """
        return self.filter(
            status=Article.Status.PUBLISHED, publish_at__lte=timezone.now(), deleted_at__isnull=True
        )

    def visible_to(self, user):
        """Staff preview everything; everyone else sees only published articles."""
        return self if user.is_staff else self.published()

    def awaiting_review(self):
        """Submitted articles and published articles with a submitted revision."""
        pending = Article.Status.PENDING
        return self.filter(
            Q(status=pending) | Q(status=Article.Status.PUBLISHED, pending_revision__status=pending),
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

    def in_trash(self):
        return self.filter(deleted_at__isnull=False)

    def not_in_trash(self):
        return self.filter(deleted_at__isnull=True)

    def in_column(self, tree, column):
        return self.filter(column_id__in=tree.descendant_ids(column))

    def newest_first(self):
        return self.order_by("-pinned", "-publish_at", "-pk")

    def latest_per_root(self, tree, per_root):
        """The newest `per_root` articles under each top-level column, in one query.

        Each top-level column adds a `LIMIT per_root` subquery that reads the newest-first
        index and stops, so the home page costs the same however many articles exist.
        """
        latest = Q(pk__in=[])
        for root in tree.roots:
            newest = self.in_column(tree, root).newest_first().values("pk")[:per_root]
            latest |= Q(pk__in=newest)
        # The subqueries carry this queryset's filters; the outer query only fetches by key.
        return self.model._default_manager.filter(latest).newest_first()


class WorkflowError(ValidationError):
    """A review step that this user may not take, or not in the article's current state."""


@dataclass(frozen=True)
class Transition:
    """One step of the review workflow: the states it starts from, where it leads, and
    whether it takes the publishing permission (审核 and 管理员 have it, 编辑 do not)."""

    label: str
    sources: frozenset
    target: str
    needs_publish_permission: bool
    audit_action: str


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PENDING = "pending", "待审核"
        RETURNED = "returned", "退回修改"
        PUBLISHED = "published", "已发布"
        WITHDRAWN = "withdrawn", "已撤回"

    TRANSITIONS = {
        "submit": Transition(
            "提交审核", frozenset({Status.DRAFT, Status.RETURNED, Status.WITHDRAWN}), Status.PENDING,
            needs_publish_permission=False, audit_action=audit.AuditEntry.Action.SUBMIT,
        ),
        "approve": Transition(
            "审核通过并发布", frozenset({Status.PENDING}), Status.PUBLISHED,
            needs_publish_permission=True, audit_action=audit.AuditEntry.Action.PUBLISH,
        ),
        "send_back": Transition(
            "退回修改", frozenset({Status.PENDING}), Status.RETURNED,
            needs_publish_permission=True, audit_action=audit.AuditEntry.Action.SEND_BACK,
        ),
        "withdraw": Transition(
            "撤回", frozenset({Status.PUBLISHED}), Status.WITHDRAWN,
            needs_publish_permission=True, audit_action=audit.AuditEntry.Action.UNPUBLISH,
        ),
    }
    # While an article is published, these steps concern its pending revision, not the article.
    REVISION_TRANSITIONS = {"submit", "approve", "send_back"}

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

    objects = ArticleQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["view_count", "updated_at"])

    class Meta:
        verbose_name = "文章"
        verbose_name_plural = "文章"
        ordering = ["-pinned", "-publish_at", "-pk"]
        permissions = [
            ("publish_article", "可以发布和撤回文章"),
            ("purge_article", "可以彻底删除回收站中的文章"),
        ]
        indexes = [
            models.Index(fields=["column", "status", "publish_at"]),
            # Lists are newest first, pinned on top: the home page's LIMIT queries walk this.
            models.Index(fields=["-pinned", "-publish_at", "-id"], name="article_newest_first"),
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
    def is_public(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at <= timezone.now()
            and self.deleted_at is None
        )

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

    def _review_subject(self, action):
        """What `action` changes: the article, or (while published) its revision, which is
        created as a draft on first use."""
        if action in self.REVISION_TRANSITIONS and self.edits_go_to_revision:
            # article_id, not article=: assigning the article would cache this unsaved
            # revision on it as its `pending_revision`.
            return self.revision or PendingRevision(article_id=self.pk, status=self.Status.DRAFT, values={})
        return self

    def check_transition(self, action, user, comment=""):
        """Raise WorkflowError unless `user` may take `action` now; return what it changes."""
        transition = self.TRANSITIONS[action]
        if transition.needs_publish_permission and not user.has_perm("news.publish_article"):
            raise WorkflowError(f"您没有审核发布权限，不能“{transition.label}”；请提交审核，由审核人员处理。")
        if not user.has_perm("news.change_article"):
            raise WorkflowError("您没有修改文章的权限。")
        if self.deleted_at is not None:
            raise WorkflowError(f"“{self}”在回收站中，请先恢复。")
        subject = self._review_subject(action)
        if subject.status not in transition.sources:
            allowed = "、".join(f"“{self.Status(source).label}”" for source in sorted(transition.sources))
            what = "修订版本" if subject is not self else "稿件"
            raise WorkflowError(
                f"不能“{transition.label}”：“{self}”的{what}当前是“{subject.get_status_display()}”，"
                f"只有{allowed}的{what}可以{transition.label}。"
            )
        if action == "send_back" and not comment.strip():
            raise WorkflowError("退回时必须填写退回意见，说明需要修改的地方。")
        return subject

    def allowed_transitions(self, user):
        """{action: label} of the steps `user` may take now (comments aside)."""
        allowed = {}
        for action, transition in self.TRANSITIONS.items():
            try:
                self.check_transition(action, user, comment="-")
            except WorkflowError:
                continue
            allowed[action] = transition.label
        return allowed

    def submit(self, user):
        self._transition("submit", user)

    def approve(self, user):
        """Publish the article, or apply its revision to the live article."""
        self._transition("approve", user)

    def send_back(self, user, comment):
        self._transition("send_back", user, comment)

    def withdraw(self, user):
        self._transition("withdraw", user)

    def _transition(self, action, user, comment=""):
        transition = self.TRANSITIONS[action]
        with transaction.atomic():
            subject = self.check_transition(action, user, comment)
            if action == "approve" and subject is not self:
                subject.apply(user)
            elif subject is not self:
                subject.status, subject.review_comment = transition.target, comment.strip()
                subject.save()
            else:
                if action == "withdraw" and (revision := self.revision):
                    revision.overlay(self)  # off the site now: the pending edits need no review
                    revision.delete()
                self.status, self.review_comment = transition.target, comment.strip()
                self.save_as(user, transition.label)
            audit.record(transition.audit_action, user, self, comment.strip())

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

    def trash(self, user):
        """Move to the recycle bin; a published article is withdrawn first, so restoring
        it never republishes it without review."""
        if self.status == self.Status.PUBLISHED and not user.has_perm("news.publish_article"):
            raise WorkflowError(f"“{self}”已发布，只有审核人员可以删除。")
        with transaction.atomic():
            if self.status == self.Status.PUBLISHED:
                self.status = self.Status.WITHDRAWN
            self.deleted_at = timezone.now()
            self.save_as(user, "移入回收站")
            audit.record(audit.AuditEntry.Action.DELETE, user, self)

    def restore_from_trash(self, user):
        with transaction.atomic():
            self.deleted_at = None
            self.save_as(user, "从回收站恢复")
            audit.record(audit.AuditEntry.Action.RESTORE, user, self)

    def purge(self, user):
        """Delete for good (administrators only, and only from the recycle bin)."""
        if not user.has_perm("news.purge_article"):
            raise WorkflowError("只有管理员可以彻底删除。")
        if self.deleted_at is None:
            raise WorkflowError(f"“{self}”不在回收站中，请先删除到回收站。")
        with transaction.atomic():
            audit.record(audit.AuditEntry.Action.PURGE, user, self)
            self._history_user = user
            self.delete()

    def count_view(self):
        """Add one view in the database without a read-modify-write race."""
        Article.objects.filter(pk=self.pk).update(view_count=F("view_count") + 1)
        self.refresh_from_db(fields=["view_count"])
        return self.view_count

    @property
    def as_bulletin(self):
        """This article's bulletin issue, or None for an ordinary article."""
        try:
            return self.bulletin
        except Bulletin.DoesNotExist:
            return None

    def page_parts(self, include_draft_plan=False):
        """Extra content the article page shows: a bulletin's sections and work plan."""
        bulletin = self.as_bulletin
        return bulletin.page_parts(include_draft_plan) if bulletin else {}

    def neighbours(self):
        """(上一篇, 下一篇): the public articles published just before and after, same column."""
        siblings = Article.objects.published().filter(column_id=self.column_id)
        before = (
            siblings.filter(publish_at__lt=self.publish_at)
            | siblings.filter(publish_at=self.publish_at, pk__lt=self.pk)
        ).order_by("-publish_at", "-pk")
        after = (
            siblings.filter(publish_at__gt=self.publish_at)
            | siblings.filter(publish_at=self.publish_at, pk__gt=self.pk)
        ).order_by("publish_at", "pk")
        return (
            before.select_related("column").first(),
            after.select_related("column").first(),
        )


class Attachment(models.Model):
    article = models.ForeignKey(
        Article, verbose_name="文章", on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField("附件名称", max_length=200, help_text="读者看到的文件名。")
    file = models.FileField("文件", upload_to=RandomUploadPath("attachments"), max_length=200)
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


digits_only = RegexValidator(r"^[0-9]*$", "只能填写数字。")


class SiteSettings(models.Model):
    """The one row of site-wide settings editors maintain in the admin (footer, names)."""

    site_name = models.CharField("网站名称", max_length=100, default="荆州市总工会")
    description = models.CharField(
        "网站简介", max_length=200, blank=True, help_text="搜索引擎显示的首页描述。"
    )
    host_organization = models.CharField("主办单位", max_length=100, default="荆州市总工会")
    address = models.CharField("地址", max_length=200, blank=True)
    hotline = models.CharField("热线电话", max_length=50, blank=True)
    postcode = models.CharField("邮编", max_length=10, blank=True, validators=[digits_only])
    qq = models.CharField("QQ", max_length=20, blank=True, validators=[digits_only])
    icp_number = models.CharField(
        "ICP备案号", max_length=50, blank=True, help_text="例如 鄂ICP备12004590号-1"
    )
    police_record_number = models.CharField(
        "公安备案号", max_length=50, blank=True, help_text="例如 鄂公网安备 42100202000123号"
    )
    site_code = models.CharField("网站标识码", max_length=20, blank=True)
    home_bulletin_column = models.ForeignKey(
        Column,
        verbose_name="首页“工会要情”区块栏目",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="首页单独列出此栏目的最新文章。",
    )

    class Meta:
        verbose_name = "网站设置"
        verbose_name_plural = "网站设置"

    def __str__(self):
        return "网站设置"

    def save(self, *args, **kwargs):
        self.pk = 1  # a single row: editing always updates the same settings
        super().save(*args, **kwargs)

    @classmethod
    def load(cls):
        settings, _ = cls.objects.get_or_create(pk=1)
        return settings

    @classmethod
    def for_request(cls, request):
        return once_per_request(request, "site_settings", cls.load)

    @property
    def police_record_code(self):
        """The digits of the 公安备案号, which the public-security record site's link needs."""
        return "".join(ch for ch in self.police_record_number if ch.isdigit())


class BulletinSeries(models.Model):
    """A numbered publication such as 工会要情摘报; its issues appear in one column."""

    name = models.CharField("刊物名称", max_length=50, unique=True)
    column = models.ForeignKey(
        Column,
        verbose_name="所在栏目",
        on_delete=models.PROTECT,
        related_name="bulletin_series",
        help_text="本刊物各期在此栏目中发布。",
    )

    class Meta:
        verbose_name = "刊物"
        verbose_name_plural = "刊物"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def next_number(self, year):
        """The next free issue number of `year`, race-free inside the caller's transaction.

        Locking the series row serializes concurrent saves of the same series on PostgreSQL;
        the unique constraint is the last guard on databases without row locks.
        """
        BulletinSeries.objects.select_for_update().get(pk=self.pk)
        last = self.bulletins.filter(year=year).aggregate(last=models.Max("number"))["last"]
        return (last or 0) + 1


class Bulletin(Article):
    """One issue of a bulletin series: an article whose title is composed from its parts.

    Being an Article (multi-table inheritance), a bulletin is listed, searched, fed and
    counted wherever articles are, with no second code path.
    """

    series = models.ForeignKey(
        BulletinSeries, verbose_name="刊物", on_delete=models.PROTECT, related_name="bulletins"
    )
    year = models.PositiveSmallIntegerField(
        "年份",
        help_text="期号所属的年份，可以与发布时间不同（2020年第六十二期于2021年1月发布）。",
    )
    number = models.PositiveIntegerField(
        "期号",
        blank=True,
        help_text="留空则自动取本刊物本年度的下一期号；期号全年连续编排，不按月重新开始。",
    )
    subject = models.CharField("主题", max_length=150, help_text="例如 荆州市总工会十月份工作")
    report_month = models.DateField(
        "报告月份", null=True, blank=True, help_text="本期综述所报告的月份（按月份第一天保存）。"
    )
    summary_title = models.CharField(
        "综述标题", max_length=150, blank=True, help_text="例如 荆州市总工会十月份工作综述"
    )

    history = HistoricalRecords(excluded_fields=["view_count", "updated_at"])

    class Meta:
        verbose_name = "工会要情"
        verbose_name_plural = "工会要情"
        constraints = [
            models.UniqueConstraint(
                fields=["series", "year", "number"], name="unique_bulletin_number"
            )
        ]

    def save(self, *args, **kwargs):
        with transaction.atomic():
            if self.number is None:
                self.number = self.series.next_number(self.year)
            self.title = self.compose_title()
            self.column_id = self.series.column_id
            super().save(*args, **kwargs)

    def page_parts(self, include_draft_plan=False):
        plan = getattr(self, "work_plan", None)
        if plan and not (plan.is_published or include_draft_plan):
            plan = None
        return {
            "bulletin": self,
            "sections": list(self.sections.all()),
            "plan": plan,
            "plan_items": list(plan.items.with_responsibility()) if plan else [],
        }

    @property
    def number_in_chinese(self):
        return to_chinese(self.number)

    def compose_title(self):
        return f"{self.series.name}{self.year}年第{self.number_in_chinese}期:{self.subject}"

    def clean(self):
        super().clean()
        if self.report_month:
            self.report_month = self.report_month.replace(day=1)
        if self.number is not None and self.series_id and self.year:
            taken = Bulletin.objects.filter(
                series_id=self.series_id, year=self.year, number=self.number
            ).exclude(pk=self.pk)
            if taken.exists():
                raise ValidationError({"number": f"{self.year}年第{self.number}期已经存在。"})


class BulletinSection(models.Model):
    """A numbered part of a bulletin's summary (一、扎实开展……); numbered by its position."""

    bulletin = models.ForeignKey(
        Bulletin, verbose_name="工会要情", on_delete=models.CASCADE, related_name="sections"
    )
    order = models.PositiveIntegerField("排序", default=0, help_text="数字小的排在前面。")
    heading = models.CharField("小标题", max_length=200)
    body = RichTextField("内容", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "综述部分"
        verbose_name_plural = "综述部分"
        ordering = ["order", "pk"]

    def __str__(self):
        return self.heading


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
            Article.Status.DRAFT, Article.Status.PENDING, Article.Status.RETURNED)],
        default=Article.Status.DRAFT,
    )
    values = models.JSONField(
        "修改后的内容", encoder=DjangoJSONEncoder, help_text="文章各字段修改后的值（已净化）。"
    )
    sections = models.JSONField(
        "修改后的综述部分",
        encoder=DjangoJSONEncoder,
        null=True,
        help_text="工会要情各部分（小标题、内容、排序）；为空表示各部分未修改。",
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
    def capture(cls, article, user):
        """Keep `article`'s unsaved edits as its revision, back to draft if it was returned.

        Each field's `pre_save` runs as a real save would: rich text is sanitized and a new
        cover image is stored, so a preview shows exactly what approval will publish.
        """
        values = {}
        for field in cls.revised_fields(article):
            value = field.pre_save(article, False)
            values[field.attname] = value if is_protected_type(value) else field.value_to_string(article)
        revision = article.revision or cls(article=article)
        revision.values, revision.edited_by = values, user
        if revision.status == Article.Status.RETURNED:
            revision.status = Article.Status.DRAFT
        revision.save()
        article.pending_revision = revision
        return revision

    def set_sections(self, sections):
        """Keep a bulletin's edited sections: dicts of id (None for a new one), order, heading
        and body (sanitized here, as a save would)."""
        body = BulletinSection._meta.get_field("body")
        self.sections = [
            {**section, "body": body.pre_save(BulletinSection(body=section["body"]), False)}
            for section in sections
        ]
        self.save(update_fields=["sections", "updated_at"])

    def section_objects(self):
        """The revised sections as BulletinSection objects (unsaved: the form's initial)."""
        if self.sections is None:
            return list(self.article.bulletin.sections.all())
        return [BulletinSection(bulletin_id=self.article_id, **section) for section in self.sections]

    def overlay(self, article):
        """Set the revised values on `article` in memory (nothing is saved)."""
        fields = {field.attname: field for field in self.revised_fields(article)}
        for attname, value in self.values.items():
            if attname in fields:
                setattr(article, attname, fields[attname].to_python(value))
        if isinstance(article, Bulletin):
            article.title = article.compose_title()

    def apply(self, user):
        """Publish the revision: copy it onto the live article and sections, then drop it.

        Sections keep their rows (and so the plan items that link to them): edited ones are
        updated, new ones created, removed ones deleted.
        """
        article = self.article.as_bulletin or self.article
        with transaction.atomic():
            self.overlay(article)
            article.review_comment = ""
            article.save_as(user, "审核通过修订")
            if self.sections is not None:
                kept = []
                for section in self.section_objects():
                    section._history_user = user
                    section.save()
                    kept.append(section.pk)
                article.sections.exclude(pk__in=kept).delete()
            self.delete()
        return article


from .search import SearchEntry  # noqa: E402,F401
