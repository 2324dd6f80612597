"""督办: what happens to a published plan's items after 交办.

`Assignment` is one item handed to one responsible leader or department (交办), signed for by
them (签收); `Supervision` is the item's state in the 督办 process (办理中 → 待确认办结 → 已办结,
a pending 延期申请, the office's 评价); `Step` is the history of every step: who, when, what and
why. The steps themselves, with their permission checks, are in supervision/transitions.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from workplans.models import Department, Leader, PlanItem


class AssignmentQuerySet(models.QuerySet):
    def unsigned(self):
        return self.filter(signed_at__isnull=True)

    def for_user(self, user):
        """The assignments `user` signs for: as the leader, or as staff of the department."""
        return self.filter(Q(leader__user=user) | Q(department__members=user)).distinct()


class Assignment(models.Model):
    """交办: one item handed to one of its leaders or departments, who sign for it (签收)."""

    item = models.ForeignKey(
        PlanItem, verbose_name="计划事项", on_delete=models.CASCADE, related_name="assignments"
    )
    leader = models.ForeignKey(
        Leader, verbose_name="责任领导", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    department = models.ForeignKey(
        Department, verbose_name="责任部室", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    assigned_at = models.DateTimeField("交办时间", default=timezone.now)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="签收人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signed_at = models.DateTimeField("签收时间", null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = "交办"
        verbose_name_plural = "交办"
        ordering = ["item__plan__month", "item__order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(leader__isnull=True, department__isnull=False)
                | Q(leader__isnull=False, department__isnull=True),
                name="assignment_to_leader_or_department",
            ),
            models.UniqueConstraint(
                fields=["item", "leader"], condition=Q(leader__isnull=False), name="one_assignment_per_leader"
            ),
            models.UniqueConstraint(
                fields=["item", "department"],
                condition=Q(department__isnull=False),
                name="one_assignment_per_department",
            ),
        ]

    def __str__(self):
        return f"{self.item} → {self.party}"

    @property
    def party(self):
        return self.leader or self.department

    @property
    def is_signed(self):
        return self.signed_at is not None

    def may_sign(self, user):
        """The leader's own account, or staff of the department."""
        if not user.is_authenticated:
            return False
        if self.leader_id:
            return self.leader.user_id == user.pk
        return self.department.members.filter(pk=user.pk).exists()


class Supervision(models.Model):
    """The 督办 state of one plan item, created when the item is handed out (交办)."""

    class Stage(models.TextChoices):
        OPEN = "open", "办理中"
        COMPLETION_REQUESTED = "completion_requested", "待确认办结"
        CLOSED = "closed", "已办结"

    class Rating(models.TextChoices):
        EXCELLENT = "excellent", "优秀"
        GOOD = "good", "良好"
        PASS = "pass", "合格"
        FAIL = "fail", "不合格"

    item = models.OneToOneField(
        PlanItem, verbose_name="计划事项", on_delete=models.CASCADE, related_name="supervision"
    )
    stage = models.CharField(
        "督办状态", max_length=30, choices=Stage.choices, default=Stage.OPEN, db_index=True
    )
    requested_due_date = models.DateField(
        "申请延期至", null=True, blank=True, help_text="有待审批的延期申请时，申请的新完成时限。"
    )
    rating = models.CharField("评价", max_length=20, choices=Rating.choices, blank=True)

    class Meta:
        verbose_name = "督办事项"
        verbose_name_plural = "督办事项"
        permissions = [("supervise", "督办（催办、确认办结、审批延期、评价）")]

    def __str__(self):
        return str(self.item)

    @property
    def has_pending_extension(self):
        return self.requested_due_date is not None


class Step(models.Model):
    """One step of an item's 督办 history; written by supervision/transitions.py only."""

    class Kind(models.TextChoices):
        ASSIGN = "assign", "交办"
        SIGN = "sign", "签收"
        URGE = "urge", "催办"
        REQUEST_COMPLETION = "request_completion", "申请办结"
        CONFIRM_COMPLETION = "confirm_completion", "确认办结"
        RETURN_COMPLETION = "return_completion", "退回办结申请"
        REQUEST_EXTENSION = "request_extension", "申请延期"
        APPROVE_EXTENSION = "approve_extension", "批准延期"
        REFUSE_EXTENSION = "refuse_extension", "不予延期"
        RATE = "rate", "评价"

    item = models.ForeignKey(
        PlanItem, verbose_name="计划事项", on_delete=models.CASCADE, related_name="supervision_steps"
    )
    kind = models.CharField("环节", max_length=30, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("时间", default=timezone.now)
    party = models.CharField("责任方", max_length=50, blank=True, help_text="交办、签收的领导或部室。")
    reason = models.TextField("说明", blank=True)
    old_date = models.DateField("原完成时限", null=True, blank=True)
    new_date = models.DateField("新完成时限", null=True, blank=True)
    rating = models.CharField("评价", max_length=20, choices=Supervision.Rating.choices, blank=True)

    class Meta:
        verbose_name = "督办记录"
        verbose_name_plural = "督办记录"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.item}"

    @property
    def user_name(self):
        if self.user is None:
            return "系统"
        return self.user.get_full_name() or self.user.get_username()


class Reminder(models.Model):
    """A due-date reminder mailed to one person; at most one per person per day."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="收件人", on_delete=models.CASCADE, related_name="+"
    )
    date = models.DateField("提醒日期")
    item_count = models.PositiveIntegerField("事项数")
    sent_at = models.DateTimeField("发送时间", auto_now_add=True)

    class Meta:
        verbose_name = "到期提醒"
        verbose_name_plural = "到期提醒"
        ordering = ["-date", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "date"], name="one_reminder_per_person_per_day")
        ]

    def __str__(self):
        return f"{self.user} {self.date:%Y-%m-%d}"
