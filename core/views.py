"""Error handlers shared by the whole site."""

import sys

from django.views.defaults import server_error as default_server_error

from .middleware import database_unavailable_response, is_database_unavailable


def server_error(request, template_name="500.html"):
    """handler500: a 503 page if the error was the database being unreachable (raised
    outside a view, e.g. while a middleware read the session), Django's 500 page otherwise."""
    exc = sys.exc_info()[1]
    if exc is not None and is_database_unavailable(exc):
        return database_unavailable_response(exc)
    return default_server_error(request, template_name)
