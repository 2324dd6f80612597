from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils.functional import SimpleLazyObject
from simple_history.models import HistoricalRecords

from core import page_cache
from core.chinese import to_chinese
from core.fields import RichTextField
from core.text import plain_text
from news.models import Article, Column

from .pages import page_parts


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

    def issue_name(self, year, number):
        """An issue as readers name it: 工会要情摘报2020年第六十二期."""
        return f"{self.name}{year}年第{to_chinese(number)}期"

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

    revised_parts = ("sections", ("order", "heading", "body"))

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
            self.refresh_derived_fields()
            self.column_id = self.series.column_id
            super().save(*args, **kwargs)

    def page_sections(self):
        """The sections, kept for the content generation (sections start a new one,
        bulletins.signals)."""
        return page_cache.remember(f"bulletin-sections:{self.pk}", lambda: list(self.sections.all()))

    def page_context(self, viewer):
        """The sections and what other apps add to a bulletin's page (bulletins.pages); read
        only when the page renders them (not when its kept fragment is shown)."""
        return {
            "bulletin": self,
            "sections": SimpleLazyObject(self.page_sections),
            "page_parts": SimpleLazyObject(lambda: page_parts(self, self.page_sections(), viewer)),
        }

    def refresh_derived_fields(self):
        self.title = self.compose_title()

    def description_sources(self):
        sections = self.page_sections() if self.pk else []
        return [
            self.summary, self.body,
            " ".join(f"{section.heading}：{plain_text(section.body).strip()}" for section in sections),
        ]

    @property
    def number_in_chinese(self):
        return to_chinese(self.number)

    def compose_title(self):
        return f"{self.series.issue_name(self.year, self.number)}:{self.subject}"

    def clean(self):
        super().clean()
        if self.report_month:
            self.report_month = self.report_month.replace(day=1)
        if self.number is not None and self.series_id and self.year:
            taken = Bulletin.objects.filter(
                series_id=self.series_id, year=self.year, number=self.number
            ).exclude(pk=self.pk)
            if taken.exists():
                issue = self.series.issue_name(self.year, self.number)
                raise ValidationError({"number": f"{issue}已经存在。"})


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

    def get_absolute_url(self):
        return f"{self.bulletin.get_absolute_url()}#section-{self.position}"

    @property
    def position(self):
        """The section's number on the page (一、二、…): its place in order, from 1."""
        earlier = Q(order__lt=self.order) | Q(order=self.order, pk__lt=self.pk)
        return self.bulletin.sections.filter(earlier).count() + 1
