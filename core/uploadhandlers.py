"""Request body limits, enforced before anything reaches the disk.

Django spools every uploaded file above FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file
before a form or view can look at its size, and DATA_UPLOAD_MAX_MEMORY_SIZE covers only the
non-file fields. So the limit is checked twice, before any view code runs:

- on the declared Content-Length (RequestBodyLimitMiddleware, core.middleware), and
- while the multipart body is read (BodyLimitUploadHandler, first in FILE_UPLOAD_HANDLERS):
  past the limit it stops the parser, which closes (and so deletes) the temporary files.

The limit depends on the URL path (BODY_LIMITS, longest prefix wins) and on who asks:
anonymous requests get DEFAULT_BODY_LIMIT everywhere. deploy/nginx/jzgh-locations.conf sets
the same client_max_body_size per location: change both together.
"""

from django.core.files.uploadhandler import FileUploadHandler, StopUpload

from .uploads import MAX_ATTACHMENT_BYTES, MAX_IMAGE_BYTES, MAX_REPORT_FILE_BYTES

MB = 1024 * 1024
# Room for the form's other fields next to the largest file, so that a file just over its
# limit still reaches the form and gets the policy's own message.
FORM_HEADROOM = 1 * MB
# URL path prefix → largest body from a signed-in user, in bytes.
BODY_LIMITS = {
    "/admin/": MAX_ATTACHMENT_BYTES + FORM_HEADROOM,  # article attachments, covers, imports
    "/uploads/images/": MAX_IMAGE_BYTES + FORM_HEADROOM,  # the editor's images
    "/plans/": MAX_REPORT_FILE_BYTES + FORM_HEADROOM,  # progress-report files
}
DEFAULT_BODY_LIMIT = 2 * MB

# Set on the request when the handler stopped reading; the middleware answers 413.
TOO_LARGE_ATTRIBUTE = "body_limit_exceeded"


def path_limit(path):
    """The largest body accepted at `path` from a signed-in user, in bytes."""
    matches = [prefix for prefix in BODY_LIMITS if path.startswith(prefix)]
    return BODY_LIMITS[max(matches, key=len)] if matches else DEFAULT_BODY_LIMIT


def body_limit(request, size=None):
    """The largest body accepted for `request`. The user is looked up (a session read) only
    when `size` is above the default limit, so small requests cost nothing."""
    default = DEFAULT_BODY_LIMIT
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
        self.limit = body_limit(request) if request is not None else DEFAULT_BODY_LIMIT

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
