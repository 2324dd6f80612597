import calendar

from django.conf import settings
from django.db import models
from django.db.models import Prefetch
from django.urls import reverse

from news.models import Bulletin
from news.numerals import to_chinese


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
        return self.filter(status=WorkPlan.Status.PUBLISHED)


class WorkPlan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"

    organization = models.CharField("单位", max_length=50, default="荆州市总工会")
    month = models.DateField("计划月份", help_text="计划所属的月份（按月份第一天保存）。")
    title = models.CharField(
        "标题", max_length=100, blank=True, help_text="留空则自动生成，例如 荆州市总工会十一月工作计划。"
    )
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    bulletin = models.OneToOneField(
        Bulletin,
        verbose_name="刊登于",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="work_plan",
        help_text="刊登本计划的那一期工会要情；该期页面会在综述之后显示本计划。",
    )

    objects = WorkPlanQuerySet.as_manager()

    class Meta:
        verbose_name = "月度工作计划"
        verbose_name_plural = "月度工作计划"
        ordering = ["-month", "pk"]

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
    def last_day(self):
        return self.month.replace(day=calendar.monthrange(self.month.year, self.month.month)[1])


class PlanItemQuerySet(models.QuerySet):
    def public(self):
        return self.filter(plan__status=WorkPlan.Status.PUBLISHED)

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
    order = models.PositiveIntegerField("序号", default=0, help_text="按序号从小到大显示为 1、2、3……")
    content = models.TextField("工作任务")
    responsibility_note = models.CharField(
        "其他责任单位",
        max_length=200,
        blank=True,
        help_text="不是某个具体部室的责任方，例如“相关部室”；显示在责任部室之后。",
    )
    due_date = models.DateField("完成时限", null=True, blank=True)
    status = models.CharField(
        "完成情况", max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    completion_note = models.TextField("完成说明", blank=True)
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

    class Meta:
        verbose_name = "计划事项"
        verbose_name_plural = "计划事项"
        ordering = ["order", "pk"]

    def __str__(self):
        return self.content[:40]

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
        names = [department.name for department in self.ordered_departments]
        return names + ([self.responsibility_note] if self.responsibility_note else [])


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
    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="department_links")
    department = models.ForeignKey(
        Department, verbose_name="责任部室", on_delete=models.PROTECT, related_name="item_links"
    )
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "责任部室"
        verbose_name_plural = "责任部室"
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["item", "department"], name="unique_item_department")
        ]

    def __str__(self):
        return self.department.name
