"""Gunicorn settings for `make serve` and production (override with GUNICORN_* env vars)."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
wsgi_app = "jingzhou_union.wsgi:application"
accesslog = "-"
# Requests are short page renders; a stuck worker is recycled rather than left hanging.
timeout = 30
