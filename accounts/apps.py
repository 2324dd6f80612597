from django.apps import AppConfig

from core.roles import ADMINISTRATORS


class AccountsConfig(AppConfig):
    """Signing in and out and changing passwords, for staff and for leaders alike."""

    name = "accounts"
    verbose_name = "账号"
    # Sign-in lockouts (django-axes' records): 管理员 see them and unlock by deleting one.
    role_permissions = {ADMINISTRATORS: ["axes.view_accessattempt", "axes.delete_accessattempt"]}

    def ready(self):
        from . import signals  # noqa: F401  (connects the staff-session receiver)
