"""Static files storage: hashed and compressed after `collectstatic`, plain before it."""

from django.core.files.storage import FileSystemStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage


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
