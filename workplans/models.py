import calendar
import datetime as dt
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models, transaction
from django.db.models import Case, Count, Max, Prefetch, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from bulletins.models import Bulletin, BulletinSection
from core import private_files
from core.chinese import join_names, month_label, to_chinese
from core.permissions import may_preview
from core.uploads import MAX_REPORT_FILE_BYTES, REPORT_FILE_TYPES, FileTypeValidator, RandomUploadPath

# An item is "due soon" when its deadline is today or within this many days.
DUE_SOON_DAYS = 3


def last_day_of_month(day):
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


class ActiveQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Leader(models.Model):
    name = models.CharField("姓名", max_length=20)
    position = models.CharField("职务", max_length=100, blank=True, help_text="例如 党组成员、副主席")
    order = models.PositiveIntegerField("排序", default=0, help_text="数字小的排在前面。")
    is_active = models.BooleanField(
        "在任", default=True, help_text="离任的领导不再出现在选择列表中，历史任务仍然保留。"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="登录账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leader",
    )

    objects = ActiveQuerySet.as_manager()

    class Meta:
        verbose_name = "责任领导"
        verbose_name_plural = "责任领导"
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["name"], name="unique_leader_name")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("workplans:leader", kwargs={"pk": self.pk})


class Department(models.Model):
    name = models.CharField("部室名称", max_length=50, unique=True)
    order = models.PositiveIntegerField("排序", default=0, help_text="数字小的排在前面。")
    is_active = models.BooleanField("启用", default=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name="部室工作人员",
        blank=True,
        related_name="workplan_departments",
        help_text="这些账号登录后在“我的任务”中看到本部室负责的事项，并可为其提交进展反馈。",
    )

    objects = ActiveQuerySet.as_manager()

    class Meta:
        verbose_name = "责任部室"
        verbose_name_plural = "责任部室"
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("workplans:department", kwargs={"pk": self.pk})


class WorkPlanQuerySet(models.QuerySet):
    def published(self):
        """What the public may see. `WorkPlan.is_published` is the same rule for one plan,
        and plan items and search entries follow their plan's."""
        return self.filter(status=WorkPlan.Status.PUBLISHED)

    def visible_to(self, user):
        """Every plan for those who may preview plans (core.permissions), else the published."""
        return self if may_preview(user, self.model) else self.published()

    def months(self):
        """The distinct months that have a published plan, newest first."""
        return self.published().order_by("-month").values_list("month", flat=True).distinct()


class WorkPlan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PENDING = "pending", "待审核"
        RETURNED = "returned", "退回修改"
        PUBLISHED = "published", "已发布"

    organization = models.CharField("单位", max_length=50, default="荆州市总工会")
    month = models.DateField("计划月份", help_text="计划所属的月份（按月份第一天保存）。")
    title = models.CharField(
        "标题", max_length=100, blank=True, help_text="留空则自动生成，例如 荆州市总工会十一月工作计划。"
    )
    # Changed only by the review steps (workplans.planning), never by a form.
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    review_comment = models.TextField("退回意见", blank=True)
    bulletin = models.OneToOneField(
        Bulletin,
        verbose_name="刊登于",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="work_plan",
        help_text="刊登本计划的那一期工会要情；该期页面会在综述之后显示本计划。",
    )
    closed = models.BooleanField(
        "已关闭",
        default=False,
        help_text="月度督办结束后关闭：关闭的计划不再接受进展反馈，也不再发送到期提醒。",
    )

    objects = WorkPlanQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "月度工作计划"
        verbose_name_plural = "月度工作计划"
        ordering = ["-month", "pk"]
        permissions = [("publish_workplan", "审核发布工作计划")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.month = self.month.replace(day=1)
        if not self.title:
            self.title = f"{self.organization}{to_chinese(self.month.month)}月工作计划"
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("workplans:plan", kwargs={"pk": self.pk})

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def display_title(self):
        """The title with the plan's year, as public pages show it: a bulletin names its plan
        荆州市总工会十一月工作计划, which alone does not say which November."""
        year = f"{self.month.year}年"
        if year in self.title:
            return self.title
        if self.title.startswith(self.organization):
            return f"{self.organization}{year}{self.title.removeprefix(self.organization)}"
        return f"{year}{self.title}"

    @property
    def has_ended(self):
        """The plan's month is over (Asia/Shanghai)."""
        return self.last_day < timezone.localdate()

    @property
    def last_day(self):
        return last_day_of_month(self.month)

    def next_number(self):
        """The 序号 a new item gets: after the plan's last one."""
        return (self.items.aggregate(last=Max("order"))["last"] or 0) + 1

    def renumber_items(self):
        """Number the items 1, 2, 3 … in their current order (序号, then creation).

        Called once after the items of a plan are saved together (the admin's plan and item
        forms) and after a deletion; not on every item save, since a form saving items one
        by one would renumber between them and lose the order the office typed.
        """
        items = list(self.items.order_by("order", "pk"))
        changed = []
        for number, item in enumerate(items, 1):
            if item.order != number:
                item.order = number
                changed.append(item)
        PlanItem.objects.bulk_update(changed, ["order"])


class Deadlines:
    """The date conditions for plan items as of one day (Asia/Shanghai), as Q objects.

    An item's deadline is its due date or, when it has none, the last day of its plan's month
    (a monthly plan's items are due within the month). Expressed on the plan month so that the
    database can evaluate it: "the month has ended" is `plan.month < this month`.
    """

    def __init__(self, today=None, soon_days=DUE_SOON_DAYS):
        self.today = today or timezone.localdate()
        self.month = self.today.replace(day=1)
        soon = self.today + dt.timedelta(days=soon_days)
        open_ = ~Q(status=PlanItem.Status.DONE)
        self.overdue = open_ & (
            Q(due_date__lt=self.today) | Q(due_date__isnull=True, plan__month__lt=self.month)
        )
        due_in_window = Q(due_date__range=(self.today, soon))
        # Items without a due date are due soon only while their month ends within the window.
        if last_day_of_month(self.today) <= soon:
            due_in_window |= Q(due_date__isnull=True, plan__month=self.month)
        self.due_soon = open_ & due_in_window
        self.current = Q(plan__month=self.month)


class PlanItemQuerySet(models.QuerySet):
    def public(self):
        """Items of published plans: an item is public exactly when its plan is."""
        return self.filter(plan__in=WorkPlan.objects.published())

    def visible_to(self, user):
        """Items of the plans `user` may see (WorkPlanQuerySet.visible_to)."""
        return self.filter(plan__in=WorkPlan.objects.visible_to(user))

    def for_user(self, user):
        """Items the user answers for: as their leader, or as staff of a responsible department."""
        return self.filter(
            Q(pk__in=PlanItemLeader.objects.filter(leader__user=user).values("item"))
            | Q(pk__in=PlanItemDepartment.objects.filter(department__members=user).values("item"))
        )

    def overdue(self, today=None):
        return self.filter(Deadlines(today).overdue)

    def due_soon(self, today=None):
        return self.filter(Deadlines(today).due_soon)

    def needing_attention(self, today=None, days=DUE_SOON_DAYS):
        """Open items that are overdue or due within `days` days."""
        deadlines = Deadlines(today, soon_days=days)
        return self.filter(deadlines.overdue | deadlines.due_soon)

    def with_urgency(self, today=None):
        """Annotate is_overdue / is_due_soon and order: this month's items, then overdue ones
        from earlier months, then the rest; newest month first within each group."""
        deadlines = Deadlines(today)
        # Case rather than the bare condition: SQL's NULL (no due date) must read as False.
        return self.annotate(
            is_overdue=Case(When(deadlines.overdue, then=Value(True)), default=Value(False)),
            is_due_soon=Case(When(deadlines.due_soon, then=Value(True)), default=Value(False)),
            urgency=Case(
                When(deadlines.current, then=Value(0)),
                When(deadlines.overdue, then=Value(1)),
                default=Value(2),
            ),
        ).order_by("urgency", "-plan__month", "plan_id", "order", "pk")

    def summary(self, today=None):
        """The counts shown above a task list: 总数 / 已完成 / 进行中 / 逾期, in one query."""
        return self.order_by().aggregate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status=PlanItem.Status.DONE)),
            in_progress=Count("pk", filter=Q(status=PlanItem.Status.IN_PROGRESS)),
            overdue=Count("pk", filter=Deadlines(today).overdue),
        )

    def with_latest_report(self):
        """Prefetch each item's latest progress report into `latest_reports` (one query)."""
        return self.prefetch_related(
            Prefetch(
                "reports",
                queryset=ProgressReport.objects.select_related("author")[:1],
                to_attr="latest_reports",
            )
        )

    def with_responsibility(self):
        """Items with their leaders and departments in display order: three queries in all."""
        return self.prefetch_related(
            Prefetch(
                "leader_links",
                queryset=PlanItemLeader.objects.select_related("leader").order_by("order", "pk"),
            ),
            Prefetch(
                "department_links",
                queryset=PlanItemDepartment.objects.select_related("department").order_by(
                    "order", "pk"
                ),
            ),
        )


class PlanItem(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "未开始"
        IN_PROGRESS = "in_progress", "进行中"
        DONE = "done", "已完成"
        POSTPONED = "postponed", "已延期"

    plan = models.ForeignKey(
        WorkPlan, verbose_name="工作计划", on_delete=models.CASCADE, related_name="items"
    )
    order = models.PositiveIntegerField(
        "序号",
        blank=True,
        help_text="事项按序号排列，留空则排在最后；保存后本计划的事项重新编号为 1、2、3……，"
        "各处显示的“第N项”即此序号。",
    )
    content = models.TextField("工作任务")
    responsibility_note = models.CharField(
        "其他责任单位",
        max_length=200,
        blank=True,
        help_text="不是某个具体部室的责任方，例如“相关部室”；显示在责任部室之后。",
    )
    due_date = models.DateField(
        "完成时限", null=True, blank=True, help_text="留空表示在计划月份的月底前完成。"
    )
    status = models.CharField(
        "完成情况",
        max_length=20,
        choices=Status.choices,
        default=Status.NOT_STARTED,
        help_text="提交进展反馈时自动改为最新一条反馈的状态。",
    )
    completion_note = models.TextField("完成说明", blank=True)
    summary_section = models.ForeignKey(
        BulletinSection,
        verbose_name="完成情况见",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_items",
        help_text="报告本事项完成情况的工会要情综述部分；该部分在工会要情页面上列出本事项。",
    )
    carried_from = models.ForeignKey(
        "self",
        verbose_name="续办自",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_over",
        help_text="上月未完成、转入本月续办的原事项；原事项的进展反馈仍在原事项下。",
    )
    leaders = models.ManyToManyField(
        Leader, through="PlanItemLeader", related_name="plan_items", verbose_name="责任领导"
    )
    departments = models.ManyToManyField(
        Department,
        through="PlanItemDepartment",
        related_name="plan_items",
        verbose_name="责任部室",
    )

    objects = PlanItemQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "计划事项"
        verbose_name_plural = "计划事项"
        ordering = ["order", "pk"]

    def __str__(self):
        return self.content[:40]

    def save(self, *args, **kwargs):
        if not self.order:
            self.order = self.plan.next_number()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("workplans:item", kwargs={"pk": self.pk})

    def clean(self):
        plan = self.plan if self.plan_id else None
        if plan and self.due_date and self.due_date < plan.month:
            raise ValidationError(
                {"due_date": f"完成时限不能早于计划月份（{month_label(plan.month)}），"
                 "请填写该月或以后的日期。"}
            )

    @property
    def is_carried_over(self):
        """续办: carried over from an earlier month's plan, unfinished there."""
        return self.carried_from_id is not None

    @property
    def public_status(self):
        """(css key, label) shown on public pages. An item of a month that is over and that
        nobody reported on is not 未开始 years later: it reads 已结束（未反馈进展）."""
        if self.status == self.Status.NOT_STARTED and self.plan.has_ended:
            return "ended", "已结束（未反馈进展）"
        return self.status, self.get_status_display()

    def delete(self, *args, **kwargs):
        plan = self.plan
        with transaction.atomic():
            result = super().delete(*args, **kwargs)
            plan.renumber_items()
        return result

    @property
    def number(self):
        """The item's number wherever it is shown (pages, print, Excel, mail, search): its
        order, which `WorkPlan.renumber_items` keeps at 1, 2, 3 … after every change."""
        return self.order

    @property
    def deadline(self):
        """The date the item is due: its due date, or the end of its plan's month."""
        return self.due_date or self.plan.last_day

    @property
    def deadline_note(self):
        """How a deadline without a due date of its own is marked: （月底）."""
        return "" if self.due_date else "（月底）"

    @property
    def deadline_text(self):
        """The deadline as plain text (Excel, mail): 2020-11-30（月底）."""
        return f"{self.deadline:%Y-%m-%d}{self.deadline_note}"

    @property
    def latest_report(self):
        """Uses the prefetch of `with_latest_report()` when there is one."""
        if hasattr(self, "latest_reports"):
            return self.latest_reports[0] if self.latest_reports else None
        return self.reports.select_related("author").first()

    def is_responsible(self, user):
        """A leader of this item, or staff of one of its departments."""
        return user.is_authenticated and (
            self.leader_links.filter(leader__user=user).exists()
            or self.department_links.filter(department__members=user).exists()
        )

    def can_view(self, user):
        """Its leaders and departments' staff, and whoever may preview plans."""
        return may_preview(user, self) or self.is_responsible(user)

    def can_report(self, user):
        return user.has_perm("workplans.add_progressreport") or self.is_responsible(user)

    def summary_url_for(self, user):
        """The bulletin section reporting this item (the bulletin page's #section-N anchor),
        or None while that bulletin is not public and `user` may not preview it."""
        section = self.summary_section
        if section is None:
            return None
        bulletin = section.bulletin
        return section.get_absolute_url() if bulletin.is_public or may_preview(user, bulletin) else None

    def refresh_status(self):
        """Make the status the latest report's (a report may be back-dated, so not simply
        the report just saved)."""
        latest = self.reports.first()
        if latest and latest.status != self.status:
            self.status = latest.status
            self.save(update_fields=["status"])

    def set_responsible(self, leaders, departments):
        """Make `leaders` and `departments` the item's, in the order given."""
        leaders, departments = list(dict.fromkeys(leaders)), list(dict.fromkeys(departments))
        if self.pk and (leaders, departments) == (self.ordered_leaders, self.ordered_departments):
            return
        with transaction.atomic():
            self.leader_links.all().delete()
            self.department_links.all().delete()
            PlanItemLeader.objects.bulk_create(
                PlanItemLeader(item=self, leader=leader, order=position)
                for position, leader in enumerate(leaders)
            )
            PlanItemDepartment.objects.bulk_create(
                PlanItemDepartment(item=self, department=department, order=position)
                for position, department in enumerate(departments)
            )
        cache = getattr(self, "_prefetched_objects_cache", {})
        cache.pop("leader_links", None)
        cache.pop("department_links", None)

    @property
    def ordered_leaders(self):
        """Leaders in display order; uses the prefetch of `with_responsibility()`."""
        return [link.leader for link in self.leader_links.all()]

    @property
    def ordered_departments(self):
        return [link.department for link in self.department_links.all()]

    @property
    def department_names(self):
        """What 责任部室 shows: the departments, then the free-text note."""
        names = [
            link.department.name + ("（协办）" if link.role == PlanItemDepartment.Role.SUPPORT else "")
            for link in self.department_links.all()
        ]
        return names + ([self.responsibility_note] if self.responsibility_note else [])

    @property
    def leaders_text(self):
        return join_names(self.ordered_leaders)

    @property
    def departments_text(self):
        return join_names(self.department_names)


class PlanItemLeader(models.Model):
    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="leader_links")
    # PROTECT: a leader who still answers for items cannot vanish from them.
    leader = models.ForeignKey(
        Leader, verbose_name="责任领导", on_delete=models.PROTECT, related_name="item_links"
    )
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "责任领导"
        verbose_name_plural = "责任领导"
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["item", "leader"], name="unique_item_leader")
        ]

    def __str__(self):
        return self.leader.name


class PlanItemDepartment(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", "主办"
        SUPPORT = "support", "协办"

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="department_links")
    department = models.ForeignKey(
        Department, verbose_name="责任部室", on_delete=models.PROTECT, related_name="item_links"
    )
    order = models.PositiveIntegerField("排序", default=0)
    role = models.CharField("分工", max_length=10, choices=Role.choices, default=Role.LEAD)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="承办人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handled_item_links",
        help_text="可选：本部室具体承办的工作人员，须是本部室的工作人员。",
    )

    class Meta:
        verbose_name = "责任部室"
        verbose_name_plural = "责任部室"
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["item", "department"], name="unique_item_department")
        ]

    def __str__(self):
        return self.department.name

    def clean(self):
        if (
            self.handler_id
            and self.department_id
            and not self.department.members.filter(pk=self.handler_id).exists()
        ):
            raise ValidationError({"handler": "承办人须是本部室的工作人员。"})


class ProgressReport(models.Model):
    """One progress report (进展反馈) on a plan item; reports are history, never edited."""

    FILE_POLICY = FileTypeValidator(REPORT_FILE_TYPES, MAX_REPORT_FILE_BYTES)

    item = models.ForeignKey(
        PlanItem, verbose_name="计划事项", on_delete=models.CASCADE, related_name="reports"
    )
    # PROTECT: who reported what stays on record; users leave by being made inactive.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="填报人",
        on_delete=models.PROTECT,
        related_name="progress_reports",
    )
    date = models.DateField(
        "进展日期", default=timezone.localdate, help_text="进展发生的日期，不能晚于今天。"
    )
    text = models.TextField("进展情况")
    attachment = models.FileField(
        "附件",
        upload_to=RandomUploadPath("reports"),
        blank=True,
        max_length=200,
        validators=[FILE_POLICY],
        help_text=f"可选；{FILE_POLICY.help_text}",
    )
    status = models.CharField(
        "完成情况",
        max_length=20,
        choices=PlanItem.Status.choices,
        help_text="提交后事项的完成情况随之更新。",
    )
    percent = models.PositiveSmallIntegerField(
        "完成进度（%）", validators=[MaxValueValidator(100)], help_text="0 到 100 之间的整数。"
    )
    created_at = models.DateTimeField("提交时间", auto_now_add=True)

    class Meta:
        verbose_name = "进展反馈"
        verbose_name_plural = "进展反馈"
        # Newest first; the first one is "the latest report" the item's status follows.
        ordering = ["-date", "-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__lte=100), name="progress_percent_at_most_100"
            )
        ]

    def __str__(self):
        return f"{self.item}（{self.date:%Y-%m-%d}）"

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValueError("进展反馈提交后不能修改。")
        with transaction.atomic():
            super().save(*args, **kwargs)
            self.item.refresh_status()

    def clean(self):
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": "进展日期不能晚于今天。"})
        month = self.item.plan.month if self.item_id else None
        if self.date and month and self.date < month:
            raise ValidationError(
                {"date": f"进展日期不能早于计划月份（{month_label(month)}），"
                 f"请填写 {month:%Y-%m-%d} 以后的日期。"}
            )
        if self.status == PlanItem.Status.DONE and self.percent is not None and self.percent != 100:
            raise ValidationError({"percent": "标记为“已完成”时，完成进度应为 100%。"})
        if self.status == PlanItem.Status.NOT_STARTED and self.percent:
            raise ValidationError({"percent": "标记为“未开始”时，完成进度应为 0%；已有进展请选择“进行中”。"})

    def download_for(self, user):
        """The attached file, for whoever may see the item (PlanItem.can_view); else None."""
        if not self.attachment or not self.item.can_view(user):
            return None
        suffix = PurePath(self.attachment.name).suffix.lower()
        filename = f"第{self.item.number}项进展反馈{self.date:%Y%m%d}{suffix}"
        return private_files.Download(self.attachment.name, filename)

    @classmethod
    def authorize_download(cls, request, name):
        """core.private_files' check for the reports folder."""
        report = cls.objects.select_related("item").filter(attachment=name).first()
        return report.download_for(request.user) if report else None

