"""The staff groups and what each may do in the admin.

Kept in code and applied after every `migrate` (post_migrate, like Django's own
permissions), so a fresh database and an old one end up with the same groups.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

EDITORS = "编辑"
REVIEWERS = "审核"
ADMINISTRATORS = "管理员"

_CONTENT_MODELS = ["news.article", "news.attachment", "news.bulletin", "news.bulletinsection"]
# Deleting an article or bulletin moves it to the recycle bin (news.models.Article.trash);
# only news.purge_article deletes for good.
_RECYCLABLE_MODELS = ["news.article", "news.bulletin"]
_PLAN_MODELS = ["workplans.workplan", "workplans.planitem"]
_REFERENCE_MODELS = ["news.column", "news.sitesettings", "workplans.leader",
                     "workplans.department"]


def _codenames(models, actions):
    return [(model, f"{action}_{model.split('.')[1]}") for model in models for action in actions]


_EDITING = (
    _codenames(_CONTENT_MODELS + _PLAN_MODELS, ["add", "change", "view"])
    + _codenames(_RECYCLABLE_MODELS, ["delete"])
    + _codenames(_REFERENCE_MODELS, ["view"])
)

GROUP_PERMISSIONS = {
    EDITORS: _EDITING,
    REVIEWERS: _EDITING + [("news.article", "publish_article")],
    ADMINISTRATORS: _codenames(
        _CONTENT_MODELS + _PLAN_MODELS + _REFERENCE_MODELS, ["add", "change", "delete", "view"]
    )
    + [("news.article", "publish_article"), ("news.article", "purge_article"),
       ("news.auditentry", "view_auditentry")],
}


def sync_groups(**kwargs):
    """Create the groups and give each exactly its permissions (idempotent)."""
    for name, wanted in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted_permissions = Q(pk__in=[])
        for app_model, codename in wanted:
            app_label, model = app_model.split(".")
            wanted_permissions |= Q(
                content_type__app_label=app_label, content_type__model=model, codename=codename
            )
        group.permissions.set(Permission.objects.filter(wanted_permissions))
