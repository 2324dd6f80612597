from django.apps import AppConfig
from django.db.models.signals import post_migrate


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "内容发布"

    def ready(self):
        from .roles import sync_groups
        from .search import connect_signals

        # After every app's permissions exist: post_migrate runs once per app, so listen
        # without a sender and let the idempotent sync run each time.
        post_migrate.connect(sync_groups, dispatch_uid="news.sync_groups")
        # Saving an article, bulletin section or plan item rewrites its search entry.
        connect_signals()
