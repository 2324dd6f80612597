from django.conf import settings


def session_timeout(request):
    """The idle time after which a session ends, for the warning before it
    (accounts/idle_warning.html)."""
    return {"session_idle_seconds": settings.SESSION_COOKIE_AGE}
