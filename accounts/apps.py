from django.apps import AppConfig

from core.roles import ADMINISTRATORS


class AccountsConfig(AppConfig):
    """Signing in and out and changing passwords, for staff and for leaders alike."""

    name = "accounts"
    verbose_name = "账号"
    # Sign-in lockouts (django-axes' records): 管理员 see them and unlock by deleting one.
    # Accounts: 管理员 create, change (deactivate, reset the password) and link them, within
    # their own rights (accounts.rights); they see the groups but do not edit them.
    role_permissions = {
        ADMINISTRATORS: [
            "axes.view_accessattempt",
            "axes.delete_accessattempt",
            "auth.add_user",
            "auth.change_user",
            "auth.view_user",
            "auth.view_group",
        ]
    }

    def ready(self):
        from . import signals  # noqa: F401  (connects the staff-session receiver)
