"""Settings for the 荆州市总工会 portal.

Everything that differs between a laptop and production comes from the environment;
the defaults are safe for local use (SQLite, local-memory cache, DEBUG on only when asked).
See the README's "Configuration" section for the full list.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

# Local use only: the fallback is a fixed, clearly insecure key so sessions survive restarts;
# `manage.py check --deploy` flags it until DJANGO_SECRET_KEY is set.
SECRET_KEY = os.environ.get(
    "DJANGO_SECRET_KEY", "django-insecure-local-development-key-do-not-use-in-production"
)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# The portal's page for a refused form: what happened, in Chinese, and the text that was typed.
CSRF_FAILURE_VIEW = "core.views.csrf_failure"

INSTALLED_APPS = [
    "jingzhou_union.apps.PortalAdminConfig",  # django.contrib.admin with the portal's AdminSite
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_ckeditor_5",
    "simple_history",
    "axes",
    "csp",
    # The portal's apps, lowest layer first; imports only go up this list (pyproject.toml's
    # import-linter contract, checked in CI).
    "core",
    "audit",
    "accounts",
    "news",
    "bulletins",
    "workplans",
    "supervision",
    "imports",
    "search",
    "demo",
]

MIDDLEWARE = [
    # Anonymous readers' public pages from the cache (core/page_cache.py; through WSGI a hit
    # is answered before Django, jingzhou_union/wsgi.py), stored with every header the
    # middleware below gave them; a hit needs none of it (no session, no query).
    "core.page_cache.PageCacheMiddleware",
    # HTTPS redirect, HSTS, nosniff, Referrer-Policy.
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Content-Security-Policy (django-csp) and Permissions-Policy (settings below).
    "csp.middleware.CSPMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Django's SessionMiddleware, with a 503 when the database goes down mid-request.
    "core.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A 503 page instead of a 500 while the database cannot be reached (core.middleware);
    # right after authentication, whose user it looks up first.
    "core.middleware.DatabaseUnavailableMiddleware",
    # Before anything reads the body: refuses oversized bodies with 413 (core.uploadhandlers).
    "core.middleware.RequestBodyLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # A NUL byte in the address or the query: the 400 page (core.middleware).
    "core.middleware.RejectNullBytesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A password an administrator set must be changed first (accounts.models.IssuedPassword).
    "accounts.middleware.PasswordChangeRequiredMiddleware",
    # Names the signed-in user in every revision (and the IP in the audit log).
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "jingzhou_union.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
                "accounts.context_processors.session_timeout",
                "news.context_processors.columns",
            ],
        },
    },
]

WSGI_APPLICATION = "jingzhou_union.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers take the lock when their transaction starts, so concurrent saves queue up
    # instead of failing with "database is locked" half-way through.
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}

# Sessions: read from the cache, written through to the database, so every app node sees
# the same sessions and a Redis restart signs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

REDIS_URL = os.environ.get("REDIS_URL", "")
# django-redis keeps one Redis client per process; Django's own backend builds a new one for
# every cache call (README, "Speed"). Its errors are raised, not ignored: a publish that
# cannot start a new content generation fails whole instead of leaving stale pages served.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("DJANGO_CACHE_PREFIX", "jzgh"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The longest an anonymous reader's page stays cached (exact invalidation makes it fresh
# after every change anyway); 0 turns the page cache off.
PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "600"))

# An article's view count: one reading per client address per article in this window (the
# key in the shared cache, news.models.Article.count_view); 0 counts every request.
VIEW_COUNT_WINDOW_SECONDS = int(os.environ.get("DJANGO_VIEW_COUNT_WINDOW_MINUTES", "30")) * 60

# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT failures for one user name from
# one address, that pair is refused, even with the right password, for AXES_COOLOFF_TIME;
# both sign-in forms (admin and portal) go through the same backend. 管理员 unlock a pair by
# deleting its record in the admin (系统设置 > 登录失败记录). The address is the client's own
# behind the site's proxies (core.client_ip, TRUSTED_PROXIES below).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DJANGO_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_HTTP_RESPONSE_CODE = 429
# Successful sign-ins and sign-outs are in the audit log already (audit.signals).
AXES_DISABLE_ACCESS_LOG = True
# Consecutive failures count: a successful sign-in starts the count again.
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_ip"

# The reverse proxies (addresses or networks) whose X-Forwarded-For is believed for the
# client's address in the audit log and the lockouts (core.client_ip); none by default, so
# the header is ignored unless the deployment names its nginx (deploy/jzgh.env.example).
TRUSTED_PROXIES = env_list("DJANGO_TRUSTED_PROXIES")

# The audit log keeps entries this many days at least; `manage.py purge_audit_log` deletes
# only older ones and refuses a value under 180 (网络安全法 §21).
AUDIT_RETENTION_DAYS = int(os.environ.get("DJANGO_AUDIT_RETENTION_DAYS", "180"))

# Sessions end after DJANGO_SESSION_IDLE_MINUTES without a request (core.middleware renews
# the session at most once a minute); staff sessions also end when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_IDLE_MINUTES", "30")) * 60

# Per 等保: at least 8 characters with three of upper/lower/digit/symbol, not like the user
# name, not common; every message in Chinese (accounts.password_validation).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "accounts.password_validation.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Public images are served by the web server in production (see README); Django serves them
# itself only for local use. Private files (article attachments, progress-report files) are
# only ever served by core.private_files' permission check: in production it hands the file
# to nginx's internal location with X-Accel-Redirect (PRIVATE_FILES_X_ACCEL=1).
SERVE_MEDIA = DEBUG
PRIVATE_FILES_X_ACCEL = env_bool("DJANGO_PRIVATE_FILES_X_ACCEL")
# Hashed, compressed static files once `collectstatic` has written its manifest (production,
# `make serve`, `make stack`); before that (a bare `manage.py runserver`) plain URLs, served
# by whitenoise straight from the apps' static folders, so the site works with no set-up
# (core.storage.StaticFilesStorage; README, "Configuration").
WHITENOISE_USE_FINDERS = DEBUG or not (STATIC_ROOT / "staticfiles.json").exists()
STORAGES = {
    # Public image folders under MEDIA_URL, every other upload behind a permission check
    # (core.private_files).
    "default": {"BACKEND": "core.storage.MediaStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "core.storage.StaticFilesStorage"
        )
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The portal's own sign-in (accounts), for leaders and department staff as for the office; the
# admin's pages send people to the admin's sign-in themselves.
LOGIN_URL = "login"

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "荆州市总工会 <noreply@localhost>")
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS")

# Uploads: Django refuses bodies above this before any view code runs.
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_TEMP_DIR = os.environ.get("DJANGO_FILE_UPLOAD_TEMP_DIR") or None
# Request bodies above the limit for their path (core.uploadhandlers.BODY_LIMITS, derived
# from the upload policy in core.uploads) are refused with 413 before they reach the disk.
FILE_UPLOAD_HANDLERS = [
    "core.uploadhandlers.BodyLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# HTTPS hardening: switched on in production by DJANGO_HTTPS=1 (see README, "Deployment").
HTTPS = env_bool("DJANGO_HTTPS")
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", 31536000 if HTTPS else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD")
if env_bool("DJANGO_BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp): scripts only from the site's own static files (every
# template loads its scripts by `src`; none has inline code or on* handlers) or, should a
# template ever need one, an inline <script nonce="{{ request.csp_nonce }}"> (such a page is
# never put in the public page cache, whose pages outlive a nonce). Styles also allow inline
# `style` attributes and <style> elements: CKEditor 5 injects its styles that way, and the
# sanitizer strips inline CSS from stored content anyway. No plugins, no framing, forms post
# only to the site.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Browser features the portal never uses, switched off for every page (core.middleware).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope",
        "magnetometer", "microphone", "midi", "payment", "usb",
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# Rich text: CKEditor 5 with a Chinese UI. Whatever the editor sends is sanitized again
# on the server (core.sanitize) before it is stored.
CKEDITOR_5_USER_LANGUAGE = False
CKEDITOR_5_FILE_UPLOAD_PERMISSION = "staff"
# The editor's one upload address: core.uploads' checked, re-encoding view. The package's own
# upload URL is not routed (jingzhou_union/urls.py).
CK_EDITOR_5_UPLOAD_FILE_VIEW_NAME = "upload-image"
# What core.uploads accepts (IMAGE_FORMATS; a test keeps them equal): the editor's file picker
# offers only these, and a dropped file of another kind is refused with a message.
CKEDITOR_5_UPLOAD_FILE_TYPES = ["jpeg", "png", "gif", "webp"]
_EDITOR_TOOLBAR = [
    "heading", "style", "|", "bold", "italic", "underline", "link", "|",
    "bulletedList", "numberedList", "alignment", "|",
    "insertTable", "blockQuote", "imageUpload", "horizontalLine", "|",
    "undo", "redo",
]
_EDITOR_CONFIG = {
    "language": "zh-cn",
    # Word / WPS paste (static/js/office-paste.js, loaded by core.fields.RichTextWidget, which
    # also adds the classes core.sanitize keeps and the 样式 menu's entries). Colours, fonts and
    # table borders come only as those classes and the site's table style: the plugins that would
    # keep inline CSS the server then strips are off, so the editor shows what is published.
    "extraPlugins": ["callback:jzghOfficePaste"],
    "removePlugins": ["Font", "FontColor", "FontBackgroundColor", "FontFamily", "FontSize",
                      "TableProperties", "TableCellProperties", "Highlight"],
    "toolbar": {"items": _EDITOR_TOOLBAR, "shouldNotGroupWhenFull": True},
    # Classes rather than inline styles, so the sanitizer's class allow-list decides.
    "alignment": {
        "options": [
            {"name": name, "className": f"text-{name}"}
            for name in ("left", "center", "right", "justify")
        ]
    },
    "image": {
        "upload": {"types": CKEDITOR_5_UPLOAD_FILE_TYPES},
        "toolbar": ["imageTextAlternative", "|", "imageStyle:alignLeft",
                    "imageStyle:alignCenter", "imageStyle:alignRight"],
    },
    "table": {"contentToolbar": ["tableColumn", "tableRow", "mergeTableCells"]},
    "heading": {
        "options": [
            {"model": "paragraph", "title": "正文", "class": "ck-heading_paragraph"},
            {"model": "heading2", "view": "h2", "title": "标题 2", "class": "ck-heading_heading2"},
            {"model": "heading3", "view": "h3", "title": "标题 3", "class": "ck-heading_heading3"},
        ]
    },
}
CKEDITOR_5_CONFIGS = {
    "default": _EDITOR_CONFIG,
    # Administrators only (core.fields.RichTextAdminMixin): the HTML source view.
    "source": {
        **_EDITOR_CONFIG,
        "toolbar": {"items": [*_EDITOR_TOOLBAR, "|", "sourceEditing"],
                    "shouldNotGroupWhenFull": True},
    },
}
