"""Sign-ins and failed sign-ins, from Django's auth signals, into the audit log."""

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from .models import AuditEntry, record


@receiver(user_logged_in, dispatch_uid="audit.logged_in")
def _logged_in(sender, request, user, **kwargs):
    record(AuditEntry.Action.LOGIN, user, request=request)


@receiver(user_login_failed, dispatch_uid="audit.login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    # Only the attempted user name: Django has already masked the password, and it is never
    # worth keeping anyway.
    attempted = str(credentials.get("username", ""))[:150]
    record(AuditEntry.Action.LOGIN_FAILED, username=attempted, request=request)
