"""Staff sessions end when the browser closes (and, like every session, after the idle time)."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver


@receiver(user_logged_in, dispatch_uid="accounts.staff_session_ends_with_browser")
def _staff_session_ends_with_browser(sender, request, user, **kwargs):
    if user.is_staff and request is not None and hasattr(request, "session"):
        # 0: a browser-session cookie; the server still ends the session after
        # SESSION_COOKIE_AGE without a request.
        request.session.set_expiry(0)
