"""`make stack` as an operator runs it: nginx on :8080 in front of nodes A (:8001) and B
(:8002), one PostgreSQL database and one Redis. Marked `stack` (run by .ci/run, or
`pytest -m stack`); needs nginx, wrk, PostgreSQL at 127.0.0.1:5432 and Redis at :6379."""

import os
import re
import shutil
import signal
import subprocess
import threading
import time
import urllib.parse
import uuid
from datetime import datetime
from pathlib import Path

import pytest

from tests.stack_support import ROOT, Browser, manage, post_large_body, setup_reviewer

pytestmark = pytest.mark.stack

NGINX = "http://127.0.0.1:8080"
NODE_A = "http://127.0.0.1:8001"
NODE_B = "http://127.0.0.1:8002"
RUN = ROOT / "run"
MB = 1024 * 1024


def drop_database(name):
    import psycopg2

    connection = psycopg2.connect(host="127.0.0.1", port=5432, user="postgres", dbname="postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    connection.close()


@pytest.fixture(scope="module")
def stack():
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        pytest.fail("needs nginx (apt-get install -y nginx)")
    database = f"jzgh_stacktest_{os.getpid()}"
    env = {
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "REDIS_URL": "redis://127.0.0.1:6379/14",
        "DJANGO_CACHE_PREFIX": f"stacktest-{uuid.uuid4().hex[:8]}",
    }
    process = subprocess.Popen(
        ["make", "stack"], cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )
    output = []
    deadline = time.monotonic() + 400  # a first collectstatic compresses every file
    for line in process.stdout:
        output.append(line)
        if "stops everything" in line or time.monotonic() > deadline:
            break
    banner = "".join(output)
    if "stops everything" not in banner:
        process.kill()
        pytest.fail("make stack did not start:\n" + banner)
    # Keep reading its output so it never blocks on a full pipe.
    threading.Thread(target=lambda: [output.append(line) for line in process.stdout], daemon=True).start()
    manage(env, "load_demo")
    info = setup_reviewer(env)
    yield {"env": env, "banner": banner, "process": process, "output": output, **info}
    subprocess.run(["make", "stack-stop"], cwd=ROOT, check=False, timeout=60)
    try:
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        drop_database(database)
        forget_cache(env)


def forget_cache(env):
    """Remove the keys this run left in Redis (its own prefix in its own database)."""
    import redis

    client = redis.Redis.from_url(env["REDIS_URL"])
    for key in client.scan_iter(match=f"{env['DJANGO_CACHE_PREFIX']}:*"):
        client.delete(key)
    client.close()


def sign_in(browser, base):
    response = browser.post_form(
        f"{base}/admin/login/?next=/admin/",
        {"username": "stack-reviewer", "password": "stack-reviewer-password-2026", "next": "/admin/"},
    )
    assert response.status == 302, response
    assert browser.cookie("sessionid")


def test_the_stack_prints_its_three_addresses(stack):
    for address in (f"{NGINX}/", f"{NODE_A}/", f"{NODE_B}/"):
        assert address in stack["banner"]
        assert Browser().get(address).status == 200


def test_signed_in_through_node_a_is_signed_in_through_node_b(stack):
    browser = Browser()
    assert Browser().get(f"{NODE_B}/admin/").status == 302  # anonymous: to the sign-in page
    sign_in(browser, NODE_A)
    for base in (NODE_B, NGINX):
        page = browser.get(f"{base}/admin/")
        assert page.status == 200, page
        assert "stack-reviewer" in page.text


def test_article_published_through_node_a_is_visible_through_b_and_nginx_within_a_second(stack):
    browser = Browser()
    sign_in(browser, NODE_A)
    title = f"双节点发布测试{uuid.uuid4().hex[:6]}"
    now = datetime.now()
    fields = {
        "title": title, "column": stack["column_id"], "source": "", "author": "", "summary": "",
        "body": "<p>经节点 A 发布。</p>", "cover_alt": "",
        "publish_at_0": now.strftime("%Y-%m-%d"), "publish_at_1": "00:00:00",
        "attachments-TOTAL_FORMS": "0", "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0", "attachments-MAX_NUM_FORMS": "1000",
    }
    added = browser.post_form(f"{NODE_A}/admin/news/article/add/", {**fields, "_transition": "submit"})
    assert added.status == 302, added
    listing = browser.get(f"{NODE_A}/admin/news/article/?q={urllib.parse.quote(title)}")
    article_id = re.search(r"/admin/news/article/(\d+)/change/", listing.text).group(1)
    approved = browser.post_form(
        f"{NODE_A}/admin/news/article/{article_id}/change/", {**fields, "_transition": "approve"}
    )
    assert approved.status == 302, approved
    published_at = time.monotonic()
    seen = {}
    while len(seen) < 2 and time.monotonic() - published_at < 1.0:
        for base in (NODE_B, NGINX):
            if base not in seen and title in Browser().get(f"{base}/news/{stack['column_slug']}/").text:
                seen[base] = time.monotonic() - published_at
        time.sleep(0.05)
    assert set(seen) == {NODE_B, NGINX}, f"not visible within 1 s: {seen}"
    delays = {base: f"{delay * 1000:.0f} ms" for base, delay in seen.items()}
    print("published through node A, seen after:", delays)
    page = Browser().get(f"{NGINX}/news/{stack['column_slug']}/")
    link = re.search(rf'href="(/news/[^"]+/{article_id}/)"', page.text).group(1)
    assert title in Browser().get(f"{NODE_B}{link}").text


def child_pids(pid):
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return children


def run_wrk(url, seconds):
    result = subprocess.run(
        ["wrk", "--threads", "2", "--connections", "8", "--duration", f"{seconds}s", "--timeout", "5s", url],
        capture_output=True, text=True, timeout=seconds + 30,
    )
    return result.stdout


# Run by `manage.py shell` with the stack's media folder: an attachment on a published article
# and one on a draft, as JSON.
PRIVATE_FILES_SCRIPT = """
import json
from django.core.files.base import ContentFile
from django.utils import timezone
from news.models import Article, Attachment
column = {column_id}
found = {{}}
for state in ("published", "draft"):
    article = Article.objects.create(title=f"私有文件测试{{state}}", column_id=column, status=state,
                                     body="<p>附件测试。</p>", publish_at=timezone.now())
    attachment = Attachment(article=article, title="附件")
    attachment.file.save("test.pdf", ContentFile(b"%PDF-1.4 stack"))
    found[state] = [attachment.pk, attachment.file.name]
print(json.dumps(found))
"""


def test_private_files_only_through_the_check_and_nginx_s_internal_location(stack):
    """Before the tests below, which stop node A and then node B (pytest keeps file order)."""
    import json

    output = manage({**stack["env"], "DJANGO_MEDIA_ROOT": str(RUN / "media")}, "shell", "-c",
                    PRIVATE_FILES_SCRIPT.format(column_id=stack["column_id"]))
    found = json.loads(output.strip().splitlines()[-1])
    (public_pk, public_name), (draft_pk, draft_name) = found["published"], found["draft"]
    anonymous = Browser()
    for name in (public_name, draft_name):
        assert anonymous.get(f"{NGINX}/media/{name}").status == 404
        assert anonymous.get(f"{NGINX}/protected/{name}").status == 404
    public = anonymous.get(f"{NGINX}/attachments/{public_pk}/")
    assert public.status == 200 and public.body == b"%PDF-1.4 stack"
    assert public.headers["Content-Disposition"].startswith("attachment;")
    assert "X-Accel-Redirect" not in public.headers
    # The node itself answers with the redirect nginx follows.
    assert Browser().get(f"{NODE_A}/attachments/{public_pk}/").headers["X-Accel-Redirect"] == (
        f"/protected/{public_name}"
    )
    assert anonymous.get(f"{NGINX}/files/{draft_name}").status == 404
    assert anonymous.get(f"{NGINX}/attachments/{draft_pk}/").status == 404
    reviewer = Browser()
    sign_in(reviewer, NGINX)
    draft = reviewer.get(f"{NGINX}/files/{draft_name}")
    assert draft.status == 200 and draft.body == b"%PDF-1.4 stack"


def test_node_a_killed_requests_through_nginx_keep_succeeding(stack):
    """`kill` (SIGTERM) node A under load: it finishes the requests it has and stops; nginx
    sends everything else to node B. (With SIGKILL, a crash, the few responses node A was
    in the middle of sending are cut off; nginx retries only those it had not started.)"""
    if not shutil.which("wrk"):
        pytest.fail("needs wrk (apt-get install -y wrk)")
    master = int((RUN / "node-a.pid").read_text())
    load = {}
    thread = threading.Thread(target=lambda: load.update(out=run_wrk(f"{NGINX}/", 6)))
    thread.start()
    time.sleep(2)
    os.kill(master, signal.SIGTERM)
    thread.join()
    for _ in range(300):  # a graceful stop lets node A finish its requests first
        if not Path(f"/proc/{master}").exists():
            break
        time.sleep(0.1)
    report = load["out"]
    print(report)
    completed = int(re.search(r"(\d+) requests in", report).group(1))
    assert completed > 20, report
    assert "Non-2xx or 3xx responses" not in report, report
    assert "Socket errors" not in report, report
    assert not _node_answers(NODE_A)
    assert Browser().get(f"{NGINX}/").status == 200
    assert Browser().get(f"{NODE_B}/").status == 200


def _node_answers(base):
    try:
        Browser().get(f"{base}/", timeout=2)
    except OSError:
        return False
    return True


def _temp_files():
    return sorted(
        str(path) for folder in (RUN / "tmp", RUN / "nginx-temp" / "body") for path in folder.rglob("*")
    )


@pytest.mark.parametrize("path", ["/accounts/login/", "/admin/login/", "/admin/news/article/add/",
                                  "/uploads/images/", "/plans/items/1/", "/search/"])
def test_a_60_mb_body_to_any_form_is_refused_with_413_leaving_no_temp_file(stack, path):
    browser = Browser()
    sign_in(browser, NGINX)
    cookie = f"sessionid={browser.cookie('sessionid')}; csrftoken={browser.cookie('csrftoken')}"
    for base in (NGINX, NODE_B):  # through nginx, and straight to a node (Django's own limit)
        for session in (None, cookie):
            status, page = post_large_body(f"{base}{path}", 60 * MB, cookie=session)
            assert status == 413, (base, path, session, page[:300])
            assert "提交的内容过大" in page
    assert _temp_files() == []


def test_no_node_answering_gives_the_maintenance_page(stack):
    """Last: stops node B too (node A is already down)."""
    os.kill(int((RUN / "node-b.pid").read_text()), signal.SIGTERM)
    for _ in range(100):
        if not _node_answers(NODE_B):
            break
        time.sleep(0.1)
    page = Browser().get(f"{NGINX}/")
    assert page.status == 503
    assert "系统维护中，请稍后再试" in page.text
    assert page.headers["Retry-After"] == "30"
