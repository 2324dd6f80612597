"""The 503 page while the database cannot be reached, through the real settings and
middleware in a separate process (the test database stays untouched).

A PostgreSQL server that is not there is a closed port; an SQLite database that cannot be
opened is a file in a folder that does not exist yet. tests/test_db_outage.py stops a real
PostgreSQL under load (marked `stack`)."""

import json
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Runs inside `manage.py shell`: requests through Django's test client, printed as JSON.
_PROBE = """
import json, os
from django.test import Client
client = Client(raise_request_exception=False)
# A signed-in browser: its session has to be read from the database.
client.cookies["sessionid"] = "abcdefghijklmnopqrstuvwxyz012345"
out = []
def probe(method, path, **data):
    response = getattr(client, method)(path, data)
    out.append({"path": path, "status": response.status_code,
                "retry_after": response.get("Retry-After"),
                "body": response.content.decode()})
for path in ["/", "/news/updates/", "/search/?q=工会", "/plans/", "/plans/my/", "/admin/",
             "/admin/login/?next=/admin/"]:
    probe("get", path)
probe("post", "/admin/login/", username="admin", password="x")
probe("post", "/accounts/login/", username="leader", password="x")
if os.environ.get("RECOVER_SQLITE"):
    os.makedirs(os.path.dirname(os.environ["RECOVER_SQLITE"]))
    from django.core.management import call_command
    call_command("migrate", verbosity=0)
    probe("get", "/")
    probe("get", "/admin/login/")
print("PROBE" + json.dumps(out))
"""


def run_probe(database_url, **env):
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", _PROBE],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "jingzhou_union.settings",
            "DATABASE_URL": database_url,
            "DJANGO_ALLOWED_HOSTS": "testserver",
            "DJANGO_LOG_LEVEL": "ERROR",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("PROBE")]
    assert lines, result.stdout + result.stderr
    return json.loads(lines[-1][len("PROBE"):]), result.stderr


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens once the socket is closed


def assert_maintenance_page(response):
    assert response["status"] == 503, response
    assert response["retry_after"] == "30"
    assert "系统维护中，请稍后再试" in response["body"]
    assert "Traceback" not in response["body"] and "OperationalError" not in response["body"]


def test_postgres_down_gives_503_on_public_pages_admin_and_workspace():
    responses, stderr = run_probe(f"postgres://postgres@127.0.0.1:{closed_port()}/jzgh")
    assert len(responses) == 9
    for response in responses:
        assert_maintenance_page(response)
    assert "Traceback" not in stderr  # logged as one warning line, not as a crash


def test_sqlite_unreachable_gives_503_then_recovers_without_restart(tmp_path):
    database = tmp_path / "not-yet" / "db.sqlite3"
    responses, _ = run_probe(f"sqlite:///{database}", RECOVER_SQLITE=str(database))
    *down, home, login = responses
    for response in down:
        assert_maintenance_page(response)
    assert home["status"] == 200, home["body"][:500]
    assert login["status"] == 200
    assert "系统维护中" not in home["body"]


def test_query_errors_are_not_disguised_as_maintenance(db):
    """A broken query is a bug: it stays a 500 (and is logged), it is not a 503."""
    from django.db import connection
    from django.db.utils import OperationalError, ProgrammingError

    from core.middleware import is_database_unavailable

    with connection.cursor() as cursor:
        try:
            cursor.execute("SELECT * FROM no_such_table_anywhere")
        except (OperationalError, ProgrammingError) as exc:
            error = exc
    assert not is_database_unavailable(error)
