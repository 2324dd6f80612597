"""The framework floor: the smallest Django application (no middleware, no apps, no
database) returning the bytes of the home page, served by gunicorn with the site's settings
beside the site (benchmarks/http.py). What a cached page is compared with."""

import os
from pathlib import Path

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

FLOOR_BYTES = Path(os.environ["BENCH_FLOOR_FILE"]).read_bytes()


def floor(request):
    return HttpResponse(FLOOR_BYTES, content_type="text/html; charset=utf-8")


urlpatterns = [path("", floor)]
settings.configure(DEBUG=False, SECRET_KEY=os.environ["DJANGO_SECRET_KEY"], ROOT_URLCONF=__name__,
                   ALLOWED_HOSTS=["127.0.0.1"], MIDDLEWARE=[])
application = get_wsgi_application()
