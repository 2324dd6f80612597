"""What an account manager who is not a superuser may hand out: only rights they hold.

An account "holds nothing beyond" the manager when every permission it has (its own and its
groups') is one the manager has too. Superusers may do anything.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q


def _held(user):
    """Q for the permissions `user` has (directly or through groups)."""
    return Q(user=user) | Q(group__user=user)


def grantable_permissions(user):
    permissions = Permission.objects.all()
    return permissions if user.is_superuser else permissions.filter(_held(user)).distinct()


def grantable_groups(user):
    """Groups none of whose permissions the manager lacks."""
    groups = Group.objects.all()
    if user.is_superuser:
        return groups
    beyond = Permission.objects.exclude(pk__in=grantable_permissions(user).values("pk"))
    return groups.exclude(permissions__in=beyond)


def manageable_accounts(user, accounts):
    """The accounts `user` may see and change: no superuser, nobody holding more than they."""
    if user.is_superuser:
        return accounts
    beyond = Permission.objects.exclude(pk__in=grantable_permissions(user).values("pk"))
    return (
        accounts.filter(is_superuser=False)
        .exclude(Q(user_permissions__in=beyond) | Q(groups__permissions__in=beyond))
        .distinct()
    )
