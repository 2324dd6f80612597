"""Uploaded files that only some people may download, served through a permission check.

Uploads stay where they have always been, in MEDIA_ROOT under their folder (core.uploads'
RandomUploadPath prefixes). Only the folders of PUBLIC_FOLDERS (images shown on public
pages) are served directly from `/media/`, by nginx in production and by Django for local
use; every other folder is private. A private file's URL (`storage.url()`, so also the
admin's "currently" link) is `/files/<name>`, answered by `serve`, which asks the app that
owns the folder (`register`) whether this user may have the file: the article's visibility
for attachments (news), the plan item's for progress-report files (workplans). Nobody else
gets anything but a 404, the same as for a file that does not exist.

In production (PRIVATE_FILES_X_ACCEL=1) the answer is an empty response with
`X-Accel-Redirect: /protected/<name>` and nginx sends the file from its internal location
(deploy/nginx/jzgh-locations.conf); otherwise Django streams the file itself.
"""

from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.static import serve as serve_from_folder

# Served to anyone, straight from /media/ (nginx's regular expression lists the same folders;
# a test keeps them equal).
PUBLIC_FOLDERS = ("covers", "topics", "images")
X_ACCEL_PREFIX = "/protected/"
NOT_FOUND = "没有这个文件。"


@dataclass(frozen=True)
class Download:
    """What `serve` sends: the stored file's name and the name the user's browser saves."""

    name: str
    filename: str


_owners = {}


def register(folder, authorize):
    """`authorize(request, name)` -> a Download for the file `name` (in `folder`) if this
    request's user may have it, else None. Each app registers its own folders in ready()."""
    if folder in PUBLIC_FOLDERS:
        raise ValueError(f"{folder} is a public folder")
    _owners[folder] = authorize


def folder_of(name):
    parts = PurePosixPath(name).parts
    return parts[0] if parts else ""


def is_public(name):
    return folder_of(name) in PUBLIC_FOLDERS


def is_safe_name(name):
    """A storage name without `..`, an absolute path or a NUL byte."""
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\x00" not in name


def file_response(download):
    """The file as a download (never shown inline), through nginx in production."""
    if getattr(settings, "PRIVATE_FILES_X_ACCEL", False):
        response = HttpResponse(content_type="application/octet-stream")
        response["X-Accel-Redirect"] = X_ACCEL_PREFIX + quote(download.name)
        response["Content-Disposition"] = content_disposition_header(True, download.filename)
    else:
        try:
            handle = default_storage.open(download.name, "rb")
        except FileNotFoundError:
            raise Http404(NOT_FOUND) from None
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=download.filename,
            content_type="application/octet-stream",
        )
    response["Cache-Control"] = "private, no-store"
    return response


def serve(request, name):
    """`/files/<name>`: the file if its owner app says this user may have it, else 404."""
    authorize = _owners.get(folder_of(name))
    download = authorize(request, name) if authorize and is_safe_name(name) else None
    if download is None:
        raise Http404(NOT_FOUND)
    return file_response(download)


def public_media(request, path):
    """`/media/<path>` for local use (SERVE_MEDIA): the public folders only."""
    if not (is_public(path) and is_safe_name(path)):
        raise Http404(NOT_FOUND)
    return serve_from_folder(request, path, document_root=settings.MEDIA_ROOT)


def url(name):
    """The address of the private file `name` (core.storage.MediaStorage.url)."""
    return reverse("private-file", kwargs={"name": name})
