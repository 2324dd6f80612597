"""Into the audit log: sign-ins, sign-outs, failed sign-ins (Django's auth signals) and
lockouts (django-axes); content edits and restores of an earlier version (each revision
django-simple-history saves while serving a person's request); new accounts; group
memberships and permissions changed by people (the many-to-many links of users and groups).

Person's changes are those made while serving a request (django-simple-history's middleware
keeps it); the actor is its user and the address its client's (core.client_ip)."""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver
from simple_history.signals import post_create_historical_record

from core.admin import version_restored

from .models import AuditEntry, current_request, in_step, note_step_revision, record

User = get_user_model()


@receiver(user_logged_in, dispatch_uid="audit.logged_in")
def _logged_in(sender, request, user, **kwargs):
    record(AuditEntry.Action.LOGIN, user, request=request)


@receiver(user_logged_out, dispatch_uid="audit.logged_out")
def _logged_out(sender, request, user, **kwargs):
    # `user` is None when the session had no signed-in user: nothing to record then.
    if user is not None:
        record(AuditEntry.Action.LOGOUT, user, request=request)


@receiver(user_login_failed, dispatch_uid="audit.login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    # Only the attempted user name: Django has already masked the password, and it is never
    # worth keeping anyway.
    attempted = str(credentials.get("username", ""))[:150]
    record(AuditEntry.Action.LOGIN_FAILED, username=attempted, request=request)


@receiver(user_locked_out, dispatch_uid="audit.locked_out")
def _locked_out(sender, request, username, ip_address, **kwargs):
    # Sent when the limit is reached and again for each attempt refused during the lockout.
    record(
        AuditEntry.Action.LOCKOUT,
        username=str(username or "")[:150],
        request=request,
        detail="连续登录失败次数达到上限，该用户名从此地址暂时不能登录。",
    )


# Content edits -----------------------------------------------------------------------------

_REVISION_KINDS = {"+": "新建", "~": "修改"}


def _is_version_restore(request):
    """The admin's 历史 > version page, posted: a restore, recorded as one (below)."""
    match = getattr(request, "resolver_match", None)
    return request.method == "POST" and bool(match) and (match.url_name or "").endswith("_simple_history")


@receiver(version_restored, dispatch_uid="audit.version_restored")
def _version_restored(sender, request, obj, version_id, **kwargs):
    """Whatever the restore saved: a revision of a draft, or a pending revision of a published
    article that waits for review."""
    record(
        AuditEntry.Action.REVERT,
        request.user,
        obj,
        f"恢复到版本 #{version_id}",
        request=request,
        revision_id=version_id,
    )


@receiver(post_create_historical_record, dispatch_uid="audit.revision")
def _revision_saved(sender, instance, history_instance, **kwargs):
    """A revision saved while serving a person's request (scripts, imports of the demo and
    migrations make theirs without one). Deletions are recorded by what deletes (移入回收站,
    彻底删除); a review step's revision by the step's own entry (audit.models.step)."""
    if in_step():
        note_step_revision(instance, history_instance.history_id)
        return
    request = current_request()
    kind = _REVISION_KINDS.get(history_instance.history_type)
    if request is None or kind is None or _is_version_restore(request):
        return
    reason = history_instance.history_change_reason or ""
    detail = f"{kind}，版本 #{history_instance.history_id}" + (f"（{reason}）" if reason else "")
    record(
        AuditEntry.Action.EDIT,
        history_instance.history_user or request.user,
        instance,
        detail,
        request=request,
        revision_id=history_instance.history_id,
    )


# Accounts, groups and permissions ----------------------------------------------------------


def _actor():
    request = current_request()
    return getattr(request, "user", None)


@receiver(post_save, sender=User, dispatch_uid="audit.account_created")
def _account_created(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        record(
            AuditEntry.Action.CREATE_ACCOUNT,
            _actor(),
            instance,
            "超级用户" if instance.is_superuser else ("工作人员" if instance.is_staff else ""),
        )


_VERBS = {
    AuditEntry.Action.GROUPS: {"add": "加入用户组", "remove": "移出用户组"},
    AuditEntry.Action.PERMISSIONS: {"add": "增加权限", "remove": "取消权限"},
}


def _links_changed(audit_action, owner_model, field):
    """A receiver for the links of `owner_model` rows (users, groups) through `field` (their
    groups, their permissions): one entry per owner whose links changed, naming the change."""
    member_model = owner_model._meta.get_field(field).remote_field.model
    verbs = _VERBS[audit_action]

    def changed(sender, instance, action, reverse, pk_set, **kwargs):
        if current_request() is None:
            # Not a person's change: the groups' permissions that `migrate` keeps equal to
            # the code's roles (core.roles.sync_groups), scripts, tests' fixtures.
            return
        if action == "pre_clear":  # what is about to go: the links still exist now
            if reverse:  # instance is a group or permission, cleared of all its owners
                changes = [(owner, [instance]) for owner in owner_model.objects.filter(**{field: instance})]
            else:
                changes = [(instance, list(getattr(instance, field).all()))]
            verb = verbs["remove"]
        elif action in ("post_add", "post_remove") and pk_set:
            verb = verbs[action.removeprefix("post_")]
            if reverse:
                changes = [(owner, [instance]) for owner in owner_model.objects.filter(pk__in=pk_set)]
            else:
                changes = [(instance, list(member_model.objects.filter(pk__in=pk_set)))]
        else:
            return
        for owner, members in changes:
            if members:
                names = "、".join(sorted(str(member) for member in members))
                record(audit_action, _actor(), owner, f"{verb}：{names}")

    return changed


for _action, _owner, _field in [
    (AuditEntry.Action.GROUPS, User, "groups"),
    (AuditEntry.Action.PERMISSIONS, User, "user_permissions"),
    (AuditEntry.Action.PERMISSIONS, Group, "permissions"),
]:
    m2m_changed.connect(
        _links_changed(_action, _owner, _field),
        sender=_owner._meta.get_field(_field).remote_field.through,
        weak=False,
        dispatch_uid=f"audit.links.{_owner._meta.label}.{_field}",
    )
