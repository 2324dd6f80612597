"""Gunicorn settings for `make serve`, `make stack` and production (GUNICORN_* env vars).

Request size: gunicorn has no limit on the body; nginx's client_max_body_size refuses large
bodies first (deploy/nginx/), and Django refuses what passes it (core.uploadhandlers).
gunicorn limits only the request line and headers (the values below are its defaults).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
wsgi_app = "jingzhou_union.wsgi:application"
accesslog = "-"
# Requests are short page renders; a stuck worker is recycled rather than left hanging.
timeout = 30
graceful_timeout = 20
pidfile = os.environ.get("GUNICORN_PIDFILE") or None

# gunicorn 27 opens a control socket at one fixed path per user by default, so two nodes on
# one host would share (and on shutdown remove) one socket. Each node names its own, or none.
_control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
if _control_socket:
    control_socket = _control_socket
else:
    control_socket_disable = True

# Only the local reverse proxy may set X-Forwarded-Proto / X-Forwarded-For.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
