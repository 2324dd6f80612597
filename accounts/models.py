"""Passwords set by an administrator (a new account, a reset) are temporary: the account must
change it at its next sign-in (等保: 初始密码首次登录须修改)."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone


def _digest(password_hash):
    return hashlib.sha256(password_hash.encode()).hexdigest()


class IssuedPassword(models.Model):
    """The password an administrator last set for an account, as a digest of its hash: while
    the account still has that password, it must change it. Changing it ends the rule by
    itself, whichever form the person uses."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="用户", primary_key=True, on_delete=models.CASCADE,
        related_name="+",
    )
    password_digest = models.CharField(max_length=64)
    issued_at = models.DateTimeField("设置时间", default=timezone.now)

    class Meta:
        verbose_name = "管理员设置的密码"
        verbose_name_plural = "管理员设置的密码"

    def __str__(self):
        return f"{self.user} {self.issued_at:%Y-%m-%d %H:%M}"

    @classmethod
    def issue(cls, user):
        if user.has_usable_password():
            cls.objects.update_or_create(
                user=user, defaults={"password_digest": _digest(user.password), "issued_at": timezone.now()}
            )

    @classmethod
    def must_change(cls, user):
        return (
            user.is_authenticated
            and cls.objects.filter(user=user, password_digest=_digest(user.password)).exists()
        )
