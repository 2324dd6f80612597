from django.apps import AppConfig

from core.roles import ADMINISTRATORS, ALL_ACTIONS, EDIT_ACTIONS, EDITORS, REVIEWERS, SIGNERS, codenames

# Deleting an article moves it to the recycle bin (news.workflow.trash); only
# purge_article deletes for good.
_EDITING = codenames(["article", "attachment"], EDIT_ACTIONS) + [
    "delete_article", "view_column", "view_sensitiveword", "view_wordingrule"]

# What the home page shows besides articles: reviewers keep it current, administrators too.
_HOME = ["homeblock", "topic", "portallink"]


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "内容发布"
    role_permissions = {
        EDITORS: _EDITING,
        REVIEWERS: [*_EDITING, "publish_article", *codenames(_HOME, EDIT_ACTIONS)],
        SIGNERS: [*_EDITING, "publish_article", "sign_off_article", *codenames(_HOME, EDIT_ACTIONS)],
        ADMINISTRATORS: [
            *codenames(["article", "attachment", "column", *_HOME, "sensitiveword", "wordingrule",
                        "columnrights"], ALL_ACTIONS),
            "publish_article",
            "sign_off_article",
            "purge_article",
        ],
    }

    def ready(self):
        from core import private_files

        from .models import Attachment

        private_files.register("attachments", Attachment.authorize_download)

        from . import (
            content_check,  # noqa: F401 (connects the signals that rebuild its automaton)
            signals,
        )

        signals.connect()
