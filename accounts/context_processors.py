from core.middleware import session_seconds_left


def session_timeout(request):
    """The time left before an idle session ends, for the warning before it
    (accounts/idle_warning.html)."""
    return {"session_idle_seconds": session_seconds_left(request.session)}
