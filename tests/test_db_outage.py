"""PostgreSQL stops under load and comes back: 503 pages while it is down, 200 once it is
back (without restarting anything), and no acknowledged write lost.

The database is a PRIVATE cluster this test creates (initdb) and runs on a free port under a
temporary folder, as the postgres user; the machine's own PostgreSQL is never touched. The
app is one gunicorn node, as in production. Marked `stack` (run by .ci/run)."""

import contextlib
import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest

from tests.stack_support import ROOT, Browser, manage, setup_reviewer

pytestmark = pytest.mark.stack

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def as_postgres(*command):
    """PostgreSQL refuses to run as root: run its tools as the postgres user if we are root."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *map(str, command)], check=True, capture_output=True, text=True,
                          timeout=120)


class PrivatePostgres:
    def __init__(self, folder):
        self.folder = folder
        self.data = folder / "data"
        self.port = free_port()

    def init(self):
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        as_postgres(PG_BIN / "initdb", "-D", self.data, "-U", "postgres", "-A", "trust",
                    "--no-sync", "-E", "UTF8", "--locale", "C.UTF-8")

    def start(self):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        as_postgres(PG_BIN / "pg_ctl", "-D", self.data, "-o", options, "-l", self.folder / "log", "-w",
                    "start")

    def stop(self):
        as_postgres(PG_BIN / "pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"


@pytest.fixture
def private_postgres():
    if not (PG_BIN / "initdb").exists():
        pytest.fail(f"needs PostgreSQL 15's server binaries in {PG_BIN}")
    # Not under pytest's tmp folder: that is private to root, and postgres must reach it.
    folder = Path(tempfile.mkdtemp(prefix="jzgh-outage-"))
    folder.chmod(0o755)
    server = PrivatePostgres(folder / "pg")
    try:
        server.init()
        server.start()
        yield server
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            server.stop()  # unless already stopped
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def node(private_postgres, tmp_path):
    """One gunicorn node on the private database, with the demo content and a reviewer."""
    env = {
        "DATABASE_URL": private_postgres.url,
        "DJANGO_DEBUG": "0",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        # No collectstatic (this test is about the database): plain static URLs, so a manifest
        # left in the checkout by an older collectstatic cannot turn pages into 500s.
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "DJANGO_LOG_LEVEL": "ERROR",
        "REDIS_URL": "",
        # Every reading counts (no one-per-client window): the test adds up acknowledged writes.
        "DJANGO_VIEW_COUNT_WINDOW_MINUTES": "0",
    }
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "load_demo")
    info = setup_reviewer(env)
    article = manage(env, "shell", "--no-imports", "-c",
                     "from django.apps import apps;"
                     "print(apps.get_model('news', 'Article').objects.published().first().pk)")
    port = free_port()
    process = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "--config", "jingzhou_union/gunicorn.conf.py"],
        cwd=ROOT, env={**os.environ, **env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "3"},
        stdout=open(tmp_path / "node.log", "wb"), stderr=subprocess.STDOUT,  # noqa: SIM115
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            Browser().get(f"{base}/", timeout=2)
            break
        except OSError:
            time.sleep(0.2)
    yield {"base": base, "article": int(article.split()[-1]), "log": tmp_path / "node.log", **info}
    process.terminate()
    process.wait(timeout=30)


class Load:
    """Readers (public page, admin, workspace, signed in) and a writer (the view counter)
    in threads, each recording (time, phase, what, status)."""

    def __init__(self, base, article, browser):
        self.base, self.article, self.browser = base, article, browser
        self.phase = "before"
        self.records = []
        self.acknowledged = 0
        self.attempts = 0
        self.last_count = None
        self.running = True
        self.threads = [threading.Thread(target=self.read), threading.Thread(target=self.write)]

    def record(self, what, status):
        self.records.append((self.phase, what, status))

    def read(self):
        paths = ["/", "/admin/", "/plans/my/", "/news/updates/"]
        index = 0
        while self.running:
            path = paths[index % len(paths)]
            index += 1
            try:
                self.record(path, self.browser.get(f"{self.base}{path}", timeout=5).status)
            except OSError as error:
                self.record(path, type(error).__name__)
            time.sleep(0.02)

    def write(self):
        while self.running:
            self.attempts += 1
            try:
                response = Browser().request("POST", f"{self.base}/articles/{self.article}/views/", timeout=5)
            except OSError as error:
                self.record("count", type(error).__name__)
                continue
            self.record("count", response.status)
            if response.status == 200:  # acknowledged: it must survive
                self.acknowledged += 1
                self.last_count = json.loads(response.body)["view_count"]
            time.sleep(0.02)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.running = False
        for thread in self.threads:
            thread.join(timeout=30)

    def statuses(self, phase):
        return [status for recorded_phase, _, status in self.records if recorded_phase == phase]


def test_database_outage_gives_503_then_200_and_keeps_acknowledged_writes(private_postgres, node):
    browser = Browser()
    signed_in = browser.post_form(
        f"{node['base']}/admin/login/?next=/admin/",
        {"username": "stack-reviewer", "password": "stack-reviewer-password-2026", "next": "/admin/"},
    )
    assert signed_in.status == 302, signed_in
    start_count = json.loads(
        Browser().request("POST", f"{node['base']}/articles/{node['article']}/views/").body
    )["view_count"]

    with Load(node["base"], node["article"], browser) as load:
        time.sleep(2)
        load.phase = "stopping"
        private_postgres.stop()
        time.sleep(0.5)  # requests already past the database when it stopped
        load.phase = "down"
        time.sleep(4)
        load.phase = "restarting"
        private_postgres.start()
        for _ in range(200):  # the first page served again: nothing was restarted but the database
            if Browser().get(f"{node['base']}/", timeout=5).status == 200:
                break
            time.sleep(0.1)
        load.phase = "after"
        time.sleep(3)

    before, down, after = load.statuses("before"), load.statuses("down"), load.statuses("after")
    print(f"outage: {len(before)} requests before, {len(down)} while down, {len(after)} after; "
          f"{load.acknowledged} acknowledged writes")
    assert before and set(before) <= {200}, before
    assert len(down) > 10 and set(down) == {503}, sorted(set(map(str, down)))
    assert len(after) > 5 and set(after) <= {200}, sorted(set(map(str, after)))
    down_pages = {what for phase, what, status in load.records if phase == "down"}
    assert {"/", "/admin/", "/plans/my/", "count"} <= down_pages
    # Every acknowledged increment is in the database. (One the client gave up waiting for,
    # under load, may have been saved without its answer arriving: counted at most once.)
    final = json.loads(
        Browser().request("POST", f"{node['base']}/articles/{node['article']}/views/").body
    )["view_count"]
    assert start_count + load.acknowledged + 1 <= final <= start_count + load.attempts + 1
    # The page itself, once, while down: Chinese, Retry-After, no trace of the error.
    private_postgres.stop()
    page = browser.get(f"{node['base']}/plans/my/")
    private_postgres.start()
    assert page.status == 503
    assert "系统维护中，请稍后再试" in page.text and "Traceback" not in page.text
    assert page.headers["Retry-After"] == "30"
    assert "Traceback" not in node["log"].read_text()
