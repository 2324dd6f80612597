from django.apps import AppConfig

from core.roles import ADMINISTRATORS, ALL_ACTIONS, EDIT_ACTIONS, EDITORS, REVIEWERS, codenames

# Deleting a bulletin moves it to the recycle bin, as for any article.
# Sections are parts of the bulletin being edited: removing one is an edit of the bulletin
# (kept in its pending revision while it is published), so whoever edits may remove them.
_EDITING = [*codenames(["bulletin", "bulletinsection"], EDIT_ACTIONS), "delete_bulletin",
            "delete_bulletinsection", "view_bulletinseries"]


class BulletinsConfig(AppConfig):
    """工会要情: the numbered bulletins, their series and sections."""

    name = "bulletins"
    verbose_name = "工会要情"
    role_permissions = {
        EDITORS: _EDITING,
        REVIEWERS: _EDITING,
        ADMINISTRATORS: codenames(["bulletin", "bulletinsection", "bulletinseries"], ALL_ACTIONS),
    }

    def ready(self):
        from . import signals

        signals.connect()
