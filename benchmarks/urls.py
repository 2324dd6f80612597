"""The site's addresses plus /bench/floor/: the smallest Django view, through the same
middleware, returning the bytes of the home page (saved by benchmarks/http.py). Routed only
by benchmarks/settings.py."""

import os
from pathlib import Path

from django.http import HttpResponse
from django.urls import path

from jingzhou_union.urls import urlpatterns as site_urlpatterns

FLOOR_FILE = Path(os.environ.get("BENCH_FLOOR_FILE", "/nonexistent"))
FLOOR_BYTES = FLOOR_FILE.read_bytes() if FLOOR_FILE.is_file() else b""


def floor(request):
    return HttpResponse(FLOOR_BYTES, content_type="text/html; charset=utf-8")


urlpatterns = [path("bench/floor/", floor), *site_urlpatterns]
