"""At sign-in: staff sessions end when the browser closes (and, like every session, after the
idle time); an account with a password an administrator set is sent to change it."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver


@receiver(user_logged_in, dispatch_uid="accounts.staff_session_ends_with_browser")
def _staff_session_ends_with_browser(sender, request, user, **kwargs):
    if user.is_staff and request is not None and hasattr(request, "session"):
        # 0: a browser-session cookie; the server still ends the session after
        # SESSION_COOKIE_AGE without a request.
        request.session.set_expiry(0)


@receiver(user_logged_in, dispatch_uid="accounts.issued_password_must_change")
def _issued_password_must_change(sender, request, user, **kwargs):
    from .middleware import SESSION_KEY
    from .models import IssuedPassword

    if request is not None and hasattr(request, "session") and IssuedPassword.must_change(user):
        request.session[SESSION_KEY] = True
