"""Storages: uploads (public folders under /media/, private files behind a permission
check), and static files, hashed and compressed after `collectstatic`, plain before it."""

from django.core.files.storage import FileSystemStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage

from . import private_files


class MediaStorage(FileSystemStorage):
    """Uploads in MEDIA_ROOT, as before; a file outside the public folders has the address
    of its permission-checked view instead of /media/ (core.private_files)."""

    def url(self, name):
        if name and not private_files.is_public(name):
            return private_files.url(name)
        return super().url(name)


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """whitenoise's manifest storage, except that until `collectstatic` has written the
    manifest (a fresh checkout, `manage.py runserver` with no set-up) it gives plain URLs,
    which whitenoise serves from the apps' static folders (WHITENOISE_USE_FINDERS) instead
    of failing every page with "Missing staticfiles manifest entry". Once the manifest
    exists, a missing entry is an error again, as it should be in production."""

    def url(self, name, force=False):
        if not self.hashed_files and not force:
            return FileSystemStorage.url(self, name)
        return super().url(name, force)
