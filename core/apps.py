from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app shares: rich text and its sanitizer, the upload policy, Chinese numerals
    and dates, site settings, staff roles and permission checks."""

    name = "core"
    verbose_name = "网站基础"
