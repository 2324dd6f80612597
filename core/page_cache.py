"""The public page cache: whole pages for anonymous readers, shared by every app node.

Pages are kept in Django's cache (Redis at REDIS_URL, local memory otherwise) and served by
`answer_hits`, around Django's WSGI application, before Django handles the request at all,
and stored by `PageCacheMiddleware`, first in MIDDLEWARE, with every header the site gave the
page (no cookie: see below). A hit costs one cache round trip and no query.

Invalidation is exact and has one rule: every entry carries the site's content generation,
and any change to what public pages show (each app connects its own models' signals to
`content_changed`) starts a new generation, so every page is rendered afresh on its next
request. No entry outlives

- the next time something appears by itself: the earliest future publish time of a scheduled
  article (apps register such clocks with `register_next_change`), and
- midnight in Asia/Shanghai (the header's 今天是 date, deadlines shown as overdue).

Only views marked with `public_page` are stored, only for GET/HEAD requests that carry no
session cookie (so nobody is signed in: a signed-in user always has one) and no waiting flash
message, and never a response that sets a cookie, carries a CSRF token, a CSP nonce or a flash
message, or says it is private. View counts are a POST beacon and are never cached.
"""

import contextlib
import contextvars
import datetime as dt
import functools
import hashlib
import threading
import time
import uuid
import zoneinfo

import cachetools
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import cc_delim_re

from core.permissions import may_preview

GENERATION_KEY = "page-cache:generation"
NEXT_CHANGE_KEY = "page-cache:next-change"
KEY_PREFIX = "page-cache:page:"
HIT_HEADER = "X-Page-Cache"
REMEMBER_SECONDS = 3600

_next_change_clocks = []


def public_page(view):
    """`view`, marked as one whose anonymous GET responses may be cached (see above)."""

    @functools.wraps(view)
    def page(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    page.public_page_cache = True
    return page


def register_next_change(clock):
    """Register `clock()`: the next datetime at which public pages change with no save (a
    scheduled article's publish time), or None."""
    if clock not in _next_change_clocks:
        _next_change_clocks.append(clock)


def timeout_seconds():
    return getattr(settings, "PAGE_CACHE_SECONDS", 0)


def enabled():
    return timeout_seconds() > 0


# The content generation -------------------------------------------------------------------


def _new_generation():
    return uuid.uuid4().hex


# The generation a request works in: read from the cache at most once per request (the
# middleware opens a `_RequestGeneration` for each one), and at every call outside a request.
_this_request = contextvars.ContextVar("page_cache_request_generation", default=None)


class _RequestGeneration:
    value = None


def _set_new_generation():
    generation = _new_generation()
    cache.set(GENERATION_KEY, generation, None)
    if (this_request := _this_request.get()) is not None:
        this_request.value = generation  # what this request renders next shows its own change


def content_changed():
    """Start a new content generation: every cached page is stale from now on.

    It starts one at once, so that no reader is served the old page from now on, and once
    more when the transaction commits, so that a page another reader rendered from the
    database before the commit (without the change) is not kept either.
    """
    _set_new_generation()
    transaction.on_commit(_set_new_generation)


def watch(*models):
    """Start a new generation whenever a row of `models` (or of a subclass, such as a bulletin
    of an article) is saved or deleted, or a many-to-many link through one of them changes.

    Each app calls this for its own models, in its AppConfig.ready (its `signals` module)."""
    models = tuple(models)

    def changed(sender, **kwargs):
        if issubclass(sender, models):
            content_changed()

    def links_changed(sender, action, **kwargs):
        if action.startswith("post_") and issubclass(sender, models):
            content_changed()

    uid = "page_cache:" + ",".join(model._meta.label for model in models)
    post_save.connect(changed, dispatch_uid=uid, weak=False)
    post_delete.connect(changed, dispatch_uid=uid, weak=False)
    m2m_changed.connect(links_changed, dispatch_uid=uid, weak=False)


def _current_generation(stored=None):
    """The content generation: `stored` (what a request just read from the cache), else the
    one this request already read, else the cache's (starting one if there is none)."""
    this_request = _this_request.get()
    if stored is None and this_request is not None:
        stored = this_request.value
    if stored is None:
        stored = cache.get(GENERATION_KEY)
    if stored is None:
        cache.add(GENERATION_KEY, _new_generation(), None)
        stored = cache.get(GENERATION_KEY)
    if this_request is not None:
        this_request.value = stored
    return stored


@contextlib.contextmanager
def one_generation_per_request():
    """Within it, the generation is read from the cache once (by the first `remember` or
    lookup) and then taken as it was: a request renders one generation's content, and a value
    it stores while another generation starts is stored as already stale."""
    token = _this_request.set(_RequestGeneration())
    try:
        yield
    finally:
        _this_request.reset(token)


def next_change(now):
    """The earliest time any registered clock says pages change by themselves, or None."""
    times = [moment for clock in _next_change_clocks if (moment := clock(now)) is not None]
    return min(times, default=None)


def next_midnight(now):
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    local = now.astimezone(zone)
    tomorrow = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    return tomorrow


def _valid_until(generation, stored_next_change, now, max_age=None):
    """The latest time an entry stored now may be served (a timestamp)."""
    max_age = timeout_seconds() if max_age is None else max_age
    if not (stored_next_change and stored_next_change[0] == generation):
        moment = next_change(now)
        stored_next_change = (generation, moment.timestamp() if moment else None)
        cache.set(NEXT_CHANGE_KEY, stored_next_change, None)
    limits = [now.timestamp() + max_age, next_midnight(now).timestamp()]
    if stored_next_change[1] is not None and stored_next_change[1] > now.timestamp():
        limits.append(stored_next_change[1])
    elif stored_next_change[1] is not None:
        # The scheduled time has passed: find the next one (same generation, new clock).
        cache.delete(NEXT_CHANGE_KEY)
        return _valid_until(generation, None, now, max_age)
    return min(limits)


def _fresh(entry, generation):
    """Whether a stored (generation, valid until, …) entry may still be used."""
    return entry is not None and entry[0] == generation and entry[1] > time.time()


class _KeptInProcess:
    """Kept values in this process's memory too, so that most `remember` calls need no cache
    round trip and no unpickling. It holds one generation's values (at most `size`, the least
    recently used dropped first) and forgets them all when it is asked for another one. A value is
    shared by the requests of this process: what `compute` returns is read, never changed."""

    def __init__(self, size):
        self.generation = None
        self.values = cachetools.LRUCache(maxsize=size)
        self.lock = threading.Lock()

    def get(self, key, generation):
        with self.lock:
            if generation != self.generation:
                self.values.clear()
                self.generation = generation
            return self.values.get(key)

    def keep(self, key, entry):
        with self.lock:
            if entry[0] == self.generation:
                self.values[key] = entry


_kept_in_process = _KeptInProcess(size=1000)


def remember(name, compute):
    """`compute()`, kept in the cache for the current content generation (and not past the
    next scheduled change or midnight): for values derived from content, such as counts.
    Independent of PAGE_CACHE_SECONDS: uncached pages use it too. Kept in this process's
    memory as well, so within a request (which reads the generation once) a value kept here
    costs no round trip to the cache."""
    key = f"page-cache:value:{name}"
    generation = _current_generation()
    if _fresh(kept := _kept_in_process.get(key, generation), generation):
        return kept[2]
    if _fresh(kept := cache.get(key), generation):
        _kept_in_process.keep(key, kept)
        return kept[2]
    value = compute()
    valid_until = _valid_until(generation, cache.get(NEXT_CHANGE_KEY), timezone.now(), REMEMBER_SECONDS)
    entry = (generation, valid_until, value)
    cache.set(key, entry, max(1, int(valid_until - time.time()) + 1))
    _kept_in_process.keep(key, entry)
    return value


def remember_for_public(name, viewer, model, read):
    """`read()`, kept for the content generation under `name` (`remember`) when `viewer` sees
    what the public sees of `model` (may not preview it, core.permissions), which is the same
    for all of them; read afresh for those who may preview."""
    if may_preview(viewer, model):
        return read()
    return remember(name, read)


def public_fragment(request, name):
    """The name of a page's `{% remembered %}` fragment: `name` for readers who are not signed
    in, whose pages are all the same; empty (rendered afresh) for signed-in readers, whose
    rights may show them more (a preview, a draft plan in a bulletin)."""
    return "" if request.user.is_authenticated else name


# The middleware -------------------------------------------------------------------------


def address_key(uri):
    """A short key naming what is kept for one address (its query string included)."""
    return hashlib.sha256(uri.encode()).hexdigest()


def per_address(request, name):
    """The name of a fragment kept for this request's address, query string included: for a
    part whose links keep the address's parameters (page links) or that the query chooses (a
    search)."""
    return f"{name}:{address_key(request.get_full_path())}"


def _bypass(request):
    """Whether this request must not be answered from, or stored into, the cache. Decided on
    the cookies alone, before the session is read: whoever has a session (every signed-in user,
    and a reader the site gave one) is served by the views."""
    return (
        request.method not in ("GET", "HEAD")
        or request.path_info.startswith(settings.STATIC_URL)  # static files: never pages
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or CookieStorage.cookie_name in request.COOKIES  # a flash message waits for the reader
    )


def _storable(request, response):
    if request.method != "GET" or response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.user.is_authenticated:  # signed in by this very request
        return False
    # "Vary: Cookie" (the session middleware's, once a template asked who is reading) is kept
    # with the page: the page was built for a request with neither cookie that _bypass looks
    # at, and no view reads any other cookie.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # the page used a CSRF token
        return False
    if isinstance(getattr(request, "_csp_nonce", None), str):  # the page used its CSP nonce
        return False
    cache_control = {part.strip().lower() for part in cc_delim_re.split(response.get("Cache-Control", ""))}
    if cache_control & {"private", "no-store", "no-cache"}:
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and (messages.used or messages.added_new):
        return False
    return b"csrfmiddlewaretoken" not in response.content


def lookup(request):
    """What the cache holds for `request`: None if it must not answer it (see _bypass), else
    (key, generation, page), page being (content, headers) or None. The generation is read
    before rendering: a page rendered while content changes is stored under the generation it
    started in, which is already stale."""
    if not enabled() or _bypass(request):
        return None
    key = KEY_PREFIX + address_key(request.build_absolute_uri())
    found = cache.get_many([GENERATION_KEY, key])
    generation = _current_generation(found.get(GENERATION_KEY))
    entry = found.get(key)
    return key, generation, entry[2:] if _fresh(entry, generation) else None


# Where answer_hits leaves its lookup of a page it could not answer, for the middleware.
LOOKED_UP = "page_cache.lookup"


def answer_hits(application):
    """Django's WSGI `application`, answering cached pages before Django handles the request
    at all (no middleware, no request signals): a hit costs a request object, one cache round
    trip and the bytes. Everything else, a miss included, goes to Django, whose middleware
    stores pages (and answers hits for requests that do not come through WSGI, such as the
    test client's)."""

    def serve(environ, start_response):
        try:
            found = lookup(WSGIRequest(environ))
        except Exception:  # noqa: BLE001 (a bad Host, the cache down: Django answers it, with its pages)
            found = None
        if found and found[2]:
            content, headers = found[2]
            start_response("200 OK", [*headers.items(), (HIT_HEADER, "hit")])
            return [content]
        if found:
            environ[LOOKED_UP] = found
        return application(environ, start_response)

    return serve


class PageCacheMiddleware:
    """Serve marked public pages from the cache and store them; first in MIDDLEWARE, so that a
    stored page has every header the site gives it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with one_generation_per_request():
            return self._respond(request)

    def _respond(self, request):
        found = request.META.pop(LOOKED_UP, None)
        if found:
            _current_generation(found[1])  # the generation the WSGI lookup read is this request's
        else:
            found = lookup(request)
        if found is None:
            return self.get_response(request)
        key, generation, page = found
        if page:
            response = HttpResponse(page[0], headers=page[1])
            response[HIT_HEADER] = "hit"
            return response
        request._page_cache_view = False
        response = self.get_response(request)
        if request._page_cache_view and _storable(request, response):
            self._store(key, generation, cache.get(NEXT_CHANGE_KEY), response)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if hasattr(request, "_page_cache_view"):
            request._page_cache_view = getattr(view_func, "public_page_cache", False)

    @staticmethod
    def _store(key, generation, stored_next_change, response):
        now = timezone.now()
        valid_until = _valid_until(generation, stored_next_change, now)
        headers = dict(response.items())
        seconds = max(1, int(valid_until - now.timestamp()) + 1)
        cache.set(key, (generation, valid_until, response.content, headers), seconds)
        response[HIT_HEADER] = "miss"
