"""Sign-ins, sign-outs, failed sign-ins (Django's auth signals) and lockouts (django-axes) into
the audit log."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .models import AuditEntry, record


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
