"""`manage.py runserver` with no set-up serves the site, CSS included (core.storage)."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read().decode()


def test_runserver_without_collectstatic_serves_pages_and_static_files(tmp_path):
    # Only what a fresh checkout has: no DJANGO_DEBUG, no collectstatic (an empty static root).
    # The database is a scratch SQLite file so the checkout's own db.sqlite3 is left alone.
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static-not-collected"),
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--verbosity", "0"], cwd=ROOT, env=env, check=True, timeout=120)
    port = free_port()
    server = subprocess.Popen([*manage, "runserver", "--noreload", f"127.0.0.1:{port}"], cwd=ROOT,
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(100):
            try:
                status, page = get(f"http://127.0.0.1:{port}/")
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise AssertionError(server.stderr.read1().decode() if server.poll() is not None else "no answer")
        assert status == 200
        assert 'href="/static/css/portal.css"' in page
        status, css = get(f"http://127.0.0.1:{port}/static/css/portal.css")
        assert status == 200 and "{" in css
    finally:
        server.terminate()
        server.wait(timeout=10)
