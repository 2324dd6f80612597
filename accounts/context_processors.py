from django.conf import settings

from core.middleware import session_seconds_left


def session_timeout(request):
    """The time left before an idle session ends, for the warning before it
    (accounts/idle_warning.html); a request without a session (one built outside the
    middleware, or the 503 page's) gets the whole idle time."""
    session = getattr(request, "session", None)
    seconds = session_seconds_left(session) if session is not None else settings.SESSION_COOKIE_AGE
    return {"session_idle_seconds": seconds}
