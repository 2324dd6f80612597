from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Signing in and out and changing passwords, for staff and for leaders alike."""

    name = "accounts"
    verbose_name = "账号"
