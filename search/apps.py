from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Site search. It reads the content apps and none of them knows it: the index is kept
    current by signals this app connects for itself."""

    name = "search"
    verbose_name = "站内搜索"

    def ready(self):
        from .indexing import connect_signals

        connect_signals()
