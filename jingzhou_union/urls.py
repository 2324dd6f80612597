import re

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path

from core import private_files, uploads
from core.page_cache import public_page
from core.views import favicon, robots_txt
from news.sitemaps import sitemaps as news_sitemaps
from workplans.sitemaps import sitemaps as plan_sitemaps

sitemaps = {**news_sitemaps, **plan_sitemaps}

urlpatterns = [
    # Before the admin's own patterns, which would otherwise take these addresses.
    path("admin/import/", include("imports.urls")),
    path("admin/", admin.site.urls),
    # CKEditor's only upload address (CK_EDITOR_5_UPLOAD_FILE_VIEW_NAME); the package's own
    # upload URL, which stores files as sent, is deliberately not included.
    path("uploads/images/", uploads.upload_image, name="upload-image"),
    path("sitemap.xml", public_page(sitemap), {"sitemaps": sitemaps}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    path("favicon.ico", favicon, name="favicon"),
    # Private uploads, each through its owner's permission check (core.private_files).
    path("files/<path:name>", private_files.serve, name="private-file"),
    path("search/", include("search.urls")),
    path("plans/", include("supervision.urls")),
    path("plans/", include("workplans.urls")),
    path("accounts/", include("accounts.urls")),
    path("", include("news.urls")),
]

handler400 = "core.views.bad_request"

if settings.SERVE_MEDIA:
    # Local use only, and only the public folders (core.private_files.PUBLIC_FOLDERS).
    media_prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
    urlpatterns += [re_path(rf"^{media_prefix}(?P<path>.*)$", private_files.public_media)]

# A 503 page when the database is down, whichever layer noticed it (core.middleware).
handler500 = "core.views.server_error"
