"""The office's staff groups (编辑, 审核, 管理员) and what each may do.

Each app states the permissions its models give each role (`role_permissions` on its
AppConfig: codenames of its own models, or "app_label.codename" for a third-party app's model
that the app brings in, e.g. django-axes' lockout records for accounts); the groups are
brought to exactly those after every `migrate` (post_migrate, like Django's own permissions),
so a fresh database and an old one end up with the same groups.

A role is identified by its code (the constants below, which are also the groups' initial
names), never by the group's name: `core.models.Role` links each code to its group, so the
office may rename a group in the admin and its people keep their role.
"""

from django.apps import apps
from django.db.models import Q

EDITORS = "编辑"
REVIEWERS = "审核"
ADMINISTRATORS = "管理员"
# 签发: the final review (终审) when the site has two review levels (SiteSettings.review_levels).
SIGNERS = "签发"
ROLES = (EDITORS, REVIEWERS, SIGNERS, ADMINISTRATORS)

ALL_ACTIONS = ("add", "change", "delete", "view")
EDIT_ACTIONS = ("add", "change", "view")


def codenames(model_names, actions):
    """["add_article", "change_article", …] for each model name and action."""
    return [f"{action}_{model}" for model in model_names for action in actions]


def wanted_permissions():
    """{role: Q matching its permissions}, collected from every app's `role_permissions`."""
    wanted = {role: Q(pk__in=[]) for role in ROLES}
    for config in apps.get_app_configs():
        for role, names in getattr(config, "role_permissions", {}).items():
            for name in names:
                app_label, _, codename = name.rpartition(".")
                wanted[role] |= Q(content_type__app_label=app_label or config.label, codename=codename)
    return wanted


def group(code):
    """The group that plays the role `code`: its Role link, else (a database from before the
    links, or a new one) the group of that name, else a new group; linked from then on."""
    from django.contrib.auth.models import Group

    from .models import Role

    role = Role.objects.select_related("group").filter(code=code).first()
    if role is None:
        found, _ = Group.objects.get_or_create(name=code)
        role = Role.objects.create(code=code, group=found)
    return role.group


def sync_groups(**kwargs):
    """Create the groups and give each exactly its permissions (idempotent)."""
    from django.contrib.auth.models import Permission

    for role, permissions in wanted_permissions().items():
        group(role).permissions.set(Permission.objects.filter(permissions))


def has_role(user, code):
    return user.is_authenticated and user.groups.filter(role__code=code).exists()


def is_administrator(user):
    return user.is_superuser or has_role(user, ADMINISTRATORS)
