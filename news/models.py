import secrets
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import Case, F, IntegerField, Value, When, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.deconstruct import deconstructible

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
        return self.filter(status=Article.Status.PUBLISHED, publish_at__lte=timezone.now())

    def visible_to(self, user):
        """Staff preview everything; everyone else sees only published articles."""
        return self if user.is_staff else self.published()

    def in_column(self, tree, column):
        return self.filter(column_id__in=tree.descendant_ids(column))

    def newest_first(self):
        return self.order_by("-pinned", "-publish_at", "-pk")

    def latest_per_root(self, tree, per_root):
        """The newest `per_root` articles under each top-level column, in one query.

        A window function ranks the articles within their top-level column, so the home page
        costs one query however many columns and articles there are.
        """
        root_of_column = [
            When(column_id=column.pk, then=Value(tree.root_of(column).pk))
            for column in tree.columns
        ]
        if not root_of_column:
            return self.none()
        return (
            self.annotate(root_id=Case(*root_of_column, output_field=IntegerField()))
            .annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=F("root_id"),
                    order_by=[F("pinned").desc(), F("publish_at").desc(), F("pk").desc()],
                )
            )
            .filter(rank__lte=per_root)
            .order_by("root_id", "rank")
        )


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"

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
        "状态", max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
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

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = "文章"
        verbose_name_plural = "文章"
        ordering = ["-pinned", "-publish_at", "-pk"]
        permissions = [("publish_article", "可以发布和撤回文章")]
        indexes = [models.Index(fields=["column", "status", "publish_at"])]

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
        return self.status == self.Status.PUBLISHED and self.publish_at <= timezone.now()

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

    class Meta:
        verbose_name = "综述部分"
        verbose_name_plural = "综述部分"
        ordering = ["order", "pk"]

    def __str__(self):
        return self.heading
