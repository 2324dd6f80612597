"""Production settings plus what the HTTP benchmark needs (benchmarks/http.py sets the
environment): static files collected into a temporary STATIC_ROOT, and the floor view."""

import os

from jingzhou_union.settings import *  # noqa: F403

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
ROOT_URLCONF = "benchmarks.urls"
