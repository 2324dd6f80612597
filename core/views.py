"""Views shared by the whole site: the error handlers, and the files every crawler and
browser asks for at fixed addresses (robots.txt, favicon.ico)."""

import sys

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_safe
from django.views.defaults import server_error as default_server_error

from .middleware import database_unavailable_response, is_database_unavailable

# Not for search engines: the admin, the sign-in pages and the leaders' workspace.
DISALLOWED = ["/admin/", "/accounts/", "/plans/my/", "/plans/items/", "/plans/overview/"]


def server_error(request, template_name="500.html"):
    """handler500: a 503 page if the error was the database being unreachable (raised
    outside a view, e.g. while a middleware read the session), Django's 500 page otherwise."""
    exc = sys.exc_info()[1]
    if exc is not None and is_database_unavailable(exc):
        return database_unavailable_response(exc)
    return default_server_error(request, template_name)


@requires_csrf_token
def bad_request(request, exception):
    # Django's default renders 400.html without the request, so base.html lost the site's
    # name and navigation.
    return render(request, "400.html", status=400)


# Posted fields never shown back: secrets, and what the form machinery adds itself.
_HIDDEN_FIELDS = ("password", "csrf", "token", "next", "-TOTAL_FORMS", "-INITIAL_FORMS",
                  "-MIN_NUM_FORMS", "-MAX_NUM_FORMS")


def typed_text(post):
    """The text a person typed into the refused form (multi-character values, secrets left
    out), so that nothing is lost: the page shows it to copy into the form again."""
    return [
        value
        for key, values in post.lists()
        if not any(hidden.lower() in key.lower() for hidden in _HIDDEN_FIELDS)
        for value in values
        if len(value.strip()) > 1
    ][:20]


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: what happened and what to do, in Chinese, with the typed text."""
    from django.middleware.csrf import REASON_NO_CSRF_COOKIE

    return render(
        request,
        "403_csrf.html",
        {"no_cookie": reason == REASON_NO_CSRF_COOKIE, "typed": typed_text(request.POST)},
        status=403,
    )


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED), ""]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
@cache_control(max_age=604800, public=True)
def favicon(request):
    """/favicon.ico, which browsers ask for whatever the page's <link rel="icon"> says."""
    path = finders.find("favicon.ico")
    try:
        # FileResponse closes the file once it has been sent.
        handle = open(path, "rb") if path else staticfiles_storage.open("favicon.ico")  # noqa: SIM115
    except FileNotFoundError:
        raise Http404("没有网站图标。") from None
    return FileResponse(handle, content_type="image/vnd.microsoft.icon")
