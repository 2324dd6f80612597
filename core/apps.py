from django.apps import AppConfig
from django.db.models.signals import post_migrate

from .roles import ADMINISTRATORS, ALL_ACTIONS, EDITORS, REVIEWERS, SIGNERS, codenames


class CoreConfig(AppConfig):
    """What every app shares: rich text and its sanitizer, the upload policy, Chinese numerals
    and dates, site settings, staff roles and permission checks."""

    name = "core"
    verbose_name = "网站基础"
    role_permissions = {
        EDITORS: ["view_sitesettings"],
        REVIEWERS: ["view_sitesettings"],
        SIGNERS: ["view_sitesettings"],
        ADMINISTRATORS: codenames(["sitesettings"], ALL_ACTIONS),
    }

    def ready(self):
        from .roles import sync_groups

        # After every app's permissions exist: post_migrate runs once per app, so listen
        # without a sender and let the idempotent sync run each time.
        post_migrate.connect(sync_groups, dispatch_uid="core.sync_groups")

        from . import (
            client_ip,  # noqa: F401 (registers the TRUSTED_PROXIES system check)
            signals,
        )

        signals.connect()
