"""Helpers for the tests that run the real stack (marked `stack`): a small HTTP client with
cookies and CSRF, `manage.py` in a subprocess, and large request bodies.

The stack tests talk to the site only through HTTP and manage.py, never through the models,
so they test what an operator runs."""

import http.client
import http.cookiejar
import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def __repr__(self):
        return f"<Response {self.status} {self.text[:200]!r}>"


class Browser:
    """Cookies are per host, not per port (as in a browser), so one Browser signed in
    through one node is signed in on every node of 127.0.0.1."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def cookie(self, name):
        return next((c.value for c in self.jar if c.name == name), None)

    def request(self, method, url, data=None, timeout=10):
        body = None
        headers = {}
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            origin = urllib.parse.urlsplit(url)
            headers["Origin"] = f"{origin.scheme}://{origin.netloc}"
            headers["Referer"] = url
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return Response(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            return Response(error.code, error.headers, error.read())

    def get(self, url, **kwargs):
        return self.request("GET", url, **kwargs)

    def post_form(self, url, data, **kwargs):
        """POST `data` with the CSRF token of the form at `url` (fetched first)."""
        page = self.get(url)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        token = match.group(1) if match else self.cookie("csrftoken")
        return self.request("POST", url, {**data, "csrfmiddlewaretoken": token}, **kwargs)


def post_large_body(url, size, cookie=None):
    """POST a multipart body of `size` bytes the way a browser does, without holding it in
    memory; returns the status the server answered (it may answer before reading it all)."""
    parts = urllib.parse.urlsplit(url)
    boundary = "----stacktestboundary"
    head = (
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"big.jpg\"\r\n"
        "Content-Type: image/jpeg\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    filler = size - len(head) - len(tail)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    connection.putrequest("POST", parts.path or "/")
    connection.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
    connection.putheader("Content-Length", str(size))
    if cookie:
        connection.putheader("Cookie", cookie)
    connection.endheaders()
    chunk = b"\xff" * (1024 * 1024)
    try:
        connection.send(head)
        sent = 0
        while sent < filler:
            piece = chunk[: min(len(chunk), filler - sent)]
            connection.send(piece)
            sent += len(piece)
        connection.send(tail)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the server answered early and closed: read what it said
    try:
        response = connection.getresponse()
        status, body = response.status, response.read()
    finally:
        connection.close()
    return status, body.decode("utf-8", "replace")


def manage(env, *args, timeout=300):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**os.environ, **env},
        capture_output=True, text=True, timeout=timeout,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


# Run by `manage.py shell`: a reviewer (group 审核) and the slug and id of a column. The roles
# are looked up where they live (news.roles, or core.roles once moved).
SETUP_SCRIPT = """
import importlib, json
from django.apps import apps
from django.contrib.auth.models import Group, User
for module in ("core.roles", "news.roles"):
    try:
        roles = importlib.import_module(module)
        break
    except ImportError:
        continue
user, _ = User.objects.get_or_create(username="stack-reviewer", defaults={"is_staff": True})
user.is_staff = True
user.set_password("stack-reviewer-password-2026")
user.save()
user.groups.set([Group.objects.get(name=roles.REVIEWERS)])
column = apps.get_model("news", "Column").objects.order_by("pk").first()
print("SETUP" + json.dumps({"column_id": column.pk, "column_slug": column.slug}))
"""


def setup_reviewer(env):
    output = manage(env, "shell", "--no-imports", "-c", SETUP_SCRIPT)
    line = next(line for line in output.splitlines() if line.startswith("SETUP"))
    return json.loads(line[len("SETUP"):])
