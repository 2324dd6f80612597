"""Middleware every app shares: a 503 page while the database is down, body limits, NUL bytes."""

import contextlib
import logging
import time

from django.conf import settings
from django.contrib.sessions.exceptions import SessionInterrupted
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.core.exceptions import BadRequest
from django.db import connections
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse, UnreadablePostError
from django.template.loader import render_to_string

from .uploadhandlers import TOO_LARGE_ATTRIBUTE, body_limit

logger = logging.getLogger(__name__)

# Seconds a client (or a crawler) is asked to wait before trying again.
RETRY_AFTER_SECONDS = 30


def is_database_unavailable(exc):
    """True if `exc` means the database cannot be reached (refused, down, connection lost),
    as opposed to an error in a query, which stays a 500 and is logged with its traceback."""
    if isinstance(exc, InterfaceError):
        return True
    if not isinstance(exc, OperationalError):
        return False
    for connection in connections.all(initialized_only=True):
        # connect() failed (nothing to talk to), or the server went away under us.
        if connection.connection is None or not connection.is_usable():
            return True
    return False


def database_unavailable_response(exc):
    """The 503 page: standalone HTML (base.html needs the database for the site's name and
    columns), no details, and a Retry-After header. Connections are closed so the next
    request connects afresh: the site recovers by itself once the database is back."""
    first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    logger.warning("Database unavailable, answering 503: %s", first_line)
    for connection in connections.all(initialized_only=True):
        connection.close_if_unusable_or_obsolete()
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turns database connection errors raised by views and templates into a 503 page.

    It sits right after AuthenticationMiddleware and looks the user up first (the session
    and the user are in the database), so that no later middleware meets the outage outside
    a view, where Django would log it as a crash. Errors raised outside a view all the same
    reach handler500, which asks the same question (core.views.server_error)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            request.user.is_authenticated  # noqa: B018  (evaluates the lazy user once)
        except (OperationalError, InterfaceError) as exc:
            if not is_database_unavailable(exc):
                raise
            return self.unavailable(request, exc)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_unavailable(exception):
            return self.unavailable(request, exception)
        return None

    @staticmethod
    def unavailable(request, exc):
        # Without a session SessionMiddleware leaves the response alone: it would otherwise
        # try to read and renew the session in the database that is down. The browser keeps
        # its cookie, so the reader is still signed in afterwards.
        if hasattr(request, "session"):
            del request.session
        return database_unavailable_response(exc)


def request_too_large_response():
    return HttpResponse(render_to_string("413.html"), status=413)


class RequestBodyLimitMiddleware:
    """Refuses request bodies above the limit for the path (core.uploadhandlers) with 413:
    on the declared Content-Length before reading anything, and for multipart bodies by
    parsing them here, under BodyLimitUploadHandler's count, before any view or the CSRF
    check reads them. Belongs after AuthenticationMiddleware (the limit depends on the user)
    and before CsrfViewMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            refused = self.too_large(request)
        except (OperationalError, InterfaceError) as exc:  # the user's session is in the database
            if not is_database_unavailable(exc):
                raise
            return database_unavailable_response(exc)
        return request_too_large_response() if refused else self.get_response(request)

    def too_large(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > body_limit(request, length):
            return True
        if request.method == "POST" and request.content_type == "multipart/form-data":
            # Parse now, while the upload handler counts. If the client went away, the CSRF
            # check and the view see an empty form, as they would without this middleware.
            with contextlib.suppress(UnreadablePostError):
                request.POST  # noqa: B018
            return bool(getattr(request, TOO_LARGE_ATTRIBUTE, None))
        return False


class RejectNullBytesMiddleware:
    """A NUL byte in the address or a query parameter is never meant: answer 400 (the portal's
    page) before any view sees it. PostgreSQL refuses NUL in a string, so such a value in an
    admin list filter (`?status=%00`) raised a 500; forms already refuse it in posted text
    (Django's ProhibitNullCharactersValidator)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            raise BadRequest("请求中含有空字符。")
        return self.get_response(request)


# The idle timeout (SESSION_COOKIE_AGE) counts from the session's last save. Saving it on
# every request would cost each signed-in page a write (three queries); saving it once its
# last save is a minute old ends an idle session 29 to 30 minutes after the last request.
RENEW_AFTER_SECONDS = 60
RENEWED_AT = "_renewed_at"


def renew_session(session, force=False):
    """Move the session's end SESSION_COOKIE_AGE ahead if its last renewal is a minute old
    (or `force`). A session without data (anonymous, or a cookie that has expired) stays
    unsaved, so no session is created for it."""
    if session.is_empty():
        return
    renewed_at = session.get(RENEWED_AT, 0)
    if session.is_empty():  # reading it found nothing behind the cookie
        return
    now = int(time.time())
    if force or now - renewed_at >= RENEW_AFTER_SECONDS:
        session[RENEWED_AT] = now


def session_seconds_left(session):
    """Seconds until an idle session ends, for the warning shown before it."""
    renewed_at = session.get(RENEWED_AT)
    if renewed_at is None:
        return settings.SESSION_COOKIE_AGE
    return max(0, settings.SESSION_COOKIE_AGE - (int(time.time()) - renewed_at))


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's, with two changes: the idle timeout's renewal (renew_session), and a session
    save failing because the database went down while the page was being made answers the
    503 page instead of a logged SessionInterrupted."""

    def process_response(self, request, response):
        if hasattr(request, "session"):
            renew_session(request.session)
        try:
            return super().process_response(request, response)
        except SessionInterrupted as interrupted:
            cause = interrupted.__context__
            while cause is not None and not isinstance(cause, (OperationalError, InterfaceError)):
                cause = cause.__context__
            if cause is None or not is_database_unavailable(cause):
                raise
            return database_unavailable_response(cause)


def permissions_policy_header(policy):
    """`{"camera": [], "fullscreen": ["self"]}` as a Permissions-Policy header value."""
    return ", ".join(
        f"{feature}=({' '.join(allowed)})" for feature, allowed in policy.items()
    )


class PermissionsPolicyMiddleware:
    """Adds the Permissions-Policy header from settings.PERMISSIONS_POLICY to every response
    that has none (features the portal never uses are switched off for every page)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy_header(getattr(settings, "PERMISSIONS_POLICY", {}))

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response
