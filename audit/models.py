"""The audit log (留痕): who signed in or out (and who was locked out), who published, withdrew,
sent back, edited, restored to an earlier version or deleted what, who created accounts and
changed group memberships or permissions, when and from where (the client's address, also
behind the site's proxies: core.client_ip).

Entries are written by code only; the admin shows, filters and exports them and lets no one
edit or delete them. They are kept at least AUDIT_RETENTION_DAYS (180, 网络安全法 §21) and
removed only by `manage.py purge_audit_log`, which deletes nothing younger.
"""

import contextlib
import contextvars

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.client_ip import client_ip

# 网络安全法 §21: network logs are kept no less than six months.
MINIMUM_RETENTION_DAYS = 180


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        LOGIN = "login", "登录"
        LOGIN_FAILED = "login_failed", "登录失败"
        LOCKOUT = "lockout", "登录锁定"
        LOGOUT = "logout", "退出登录"
        SUBMIT = "submit", "提交审核"
        FIRST_REVIEW = "first_review", "初审通过"
        PUBLISH = "publish", "审核发布"
        SEND_BACK = "send_back", "退回修改"
        UNPUBLISH = "unpublish", "撤回"
        DELETE = "delete", "移入回收站"
        RESTORE = "restore", "从回收站恢复"
        PURGE = "purge", "彻底删除"
        EDIT = "edit", "修改内容"
        REVERT = "revert", "恢复历史版本"
        CREATE_ACCOUNT = "create_account", "新建账号"
        GROUPS = "groups", "用户组变更"
        PERMISSIONS = "permissions", "权限变更"
        SUPERVISE = "supervise", "督办"

    created_at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField(
        "用户名",
        max_length=150,
        blank=True,
        help_text="操作时的用户名；登录失败时是尝试登录的用户名。账号删除后仍然保留。",
    )
    action = models.CharField("操作", max_length=20, choices=Action.choices, db_index=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name="对象类型", null=True, blank=True, on_delete=models.SET_NULL
    )
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    ip_address = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    detail = models.TextField("说明", blank=True)
    revision_id = models.PositiveBigIntegerField(
        "版本编号", null=True, blank=True, help_text="修改内容时保存的历史版本（django-simple-history）。"
    )

    class Meta:
        verbose_name = "操作日志"
        verbose_name_plural = "操作日志"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.username} {self.get_action_display()}"


# The revisions saved inside `step()`: (model label, pk, history id), or None outside one.
_step_revisions = contextvars.ContextVar("audit_step_revisions", default=None)


@contextlib.contextmanager
def step():
    """A step that records its own entry (a review step, the recycle bin): the revisions saved
    inside it get no separate 修改内容 entry, and the step's entry names the revision of its
    object (audit.signals)."""
    token = _step_revisions.set([])
    try:
        yield
    finally:
        _step_revisions.reset(token)


def in_step():
    return _step_revisions.get() is not None


def note_step_revision(instance, history_id):
    _step_revisions.get().append((instance._meta.label, str(instance.pk), history_id))


def _step_revision_of(obj):
    for label, pk, history_id in reversed(_step_revisions.get() or []):
        if (label, pk) == (obj._meta.label, str(obj.pk)):
            return history_id
    return None


def current_request():
    """The request being served, kept by django-simple-history's middleware, or None."""
    return getattr(HistoricalRecords.context, "request", None)


def record(action, user=None, obj=None, detail="", *, username=None, request=None, revision_id=None):
    """Write one audit entry.

    Model methods (publishing, sending back…) have no request; the request the admin is
    serving is then taken from django-simple-history's middleware, which keeps it for the
    same purpose (naming who made a revision).
    """
    request = request or current_request()
    if revision_id is None and obj is not None:
        revision_id = _step_revision_of(obj)
    if user is not None and not user.is_authenticated:
        user = None
    return AuditEntry.objects.create(
        user=user,
        username=username if username is not None else (user.get_username() if user else ""),
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        ip_address=client_ip(request),
        detail=detail,
        revision_id=revision_id,
    )
