"""Request body limits, enforced before anything reaches the disk.

Django spools every uploaded file above FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file
before a form or view can look at its size, and DATA_UPLOAD_MAX_MEMORY_SIZE covers only the
non-file fields. So the limit is checked twice, before any view code runs:

- on the declared Content-Length (RequestBodyLimitMiddleware, core.middleware), and
- while the multipart body is read (BodyLimitUploadHandler, first in FILE_UPLOAD_HANDLERS):
  past the limit it stops the parser, which closes (and so deletes) the temporary files.

The limit depends on the URL path (settings.UPLOAD_BODY_LIMITS, longest prefix wins) and on
who asks: anonymous requests get settings.UPLOAD_BODY_DEFAULT_LIMIT everywhere.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

# Set on the request when the handler stopped reading; the middleware answers 413.
TOO_LARGE_ATTRIBUTE = "body_limit_exceeded"


def path_limit(path):
    """The largest body accepted at `path` from a signed-in user, in bytes."""
    matches = [prefix for prefix in settings.UPLOAD_BODY_LIMITS if path.startswith(prefix)]
    if not matches:
        return settings.UPLOAD_BODY_DEFAULT_LIMIT
    return settings.UPLOAD_BODY_LIMITS[max(matches, key=len)]


def body_limit(request, size=None):
    """The largest body accepted for `request`. The user is looked up (a session read) only
    when `size` is above the default limit, so small requests cost nothing."""
    default = settings.UPLOAD_BODY_DEFAULT_LIMIT
    if size is not None and size <= default:
        return default
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return default
    return max(default, path_limit(request.path))


class BodyLimitUploadHandler(FileUploadHandler):
    """Counts the file bytes of a multipart body and stops reading past the request's limit."""

    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0
        self.limit = body_limit(request) if request is not None else settings.UPLOAD_BODY_DEFAULT_LIMIT

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            if self.request is not None:
                setattr(self.request, TOO_LARGE_ATTRIBUTE, self.limit)
            # connection_reset: do not read (and discard) the rest of the body either.
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handlers (memory, temporary file) build the file
