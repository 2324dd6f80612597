"""The response headers Mozilla's HTTP Observatory grades, as production sends them over HTTPS
(home, an article, the sign-in page), the same policy on the admin and the workspace, and the
production settings that switch HSTS and secure cookies on."""

import json

import pytest
from csp.middleware import CSPMiddleware
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from tests.test_settings import run_manage

HALF_A_YEAR = 182 * 24 * 3600


@pytest.fixture
def production_https(settings):
    """What DJANGO_HTTPS=1 switches on (the production settings' values, checked below)."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True


def directives(response):
    policy = response.headers["Content-Security-Policy"]
    parsed = {}
    for part in policy.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def assert_observatory_headers(response):
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert "'self'" in policy["script-src"]
    assert not {"'unsafe-inline'", "'unsafe-eval'", "data:", "*", "http:", "https:"} & set(
        policy["script-src"]
    )
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]
    max_age = int(response.headers["Strict-Transport-Security"].split("max-age=")[1].split(";")[0])
    assert max_age >= HALF_A_YEAR


@pytest.mark.django_db
def test_home_article_and_sign_in_send_the_observatory_headers(production_https, column_tree, make_article):
    article = make_article(column_tree["updates"], title="安全头测试文章")
    client = Client()
    for url in (reverse("news:home"), article.get_absolute_url(), reverse("login")):
        response = client.get(url, secure=True)
        assert response.status_code == 200, url
        assert_observatory_headers(response)
        # Served again from the public page cache: the same headers.
        assert_observatory_headers(client.get(url, secure=True))

    sign_in = client.get(reverse("login"), secure=True)
    csrf_cookie = sign_in.cookies["csrftoken"]
    assert csrf_cookie["secure"]
    user = User.objects.create_user("leader-headers", password="Jzgh-2026-sign-in")
    signed_in = client.post(
        reverse("login"),
        {"username": user.username, "password": "Jzgh-2026-sign-in"},
        secure=True,
    )
    assert signed_in.status_code == 302
    session_cookie = signed_in.cookies["sessionid"]
    assert session_cookie["secure"] and session_cookie["httponly"]


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https(production_https, column_tree):
    response = Client().get(reverse("news:home"))
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


@pytest.mark.django_db
def test_the_admin_editor_and_workspace_send_the_same_policy(production_https, editor, login, make_leader):
    admin_form = login(editor).get(reverse("admin:news_article_add"), secure=True)
    assert admin_form.status_code == 200
    assert b"ck-editor-container" in admin_form.content
    assert_observatory_headers(admin_form)

    workspace = login(make_leader("王领导").user).get(reverse("workplans:my_tasks"), secure=True)
    assert workspace.status_code == 200
    assert_observatory_headers(workspace)


def test_a_nonce_is_in_the_policy_only_for_a_page_that_uses_it(rf):
    def page_with_inline_script(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}"></script>')

    request = rf.get("/")
    response = CSPMiddleware(page_with_inline_script)(request)
    assert f"'nonce-{request._csp_nonce}'" in directives(response)["script-src"]

    plain = CSPMiddleware(lambda request: HttpResponse("<p>无脚本</p>"))(rf.get("/"))
    assert not any(value.startswith("'nonce-") for value in directives(plain)["script-src"])


def test_production_settings_switch_on_hsts_and_secure_cookies():
    result = run_manage(
        "shell",
        "-c",
        "import json; from django.conf import settings as s; print(json.dumps([s.SECURE_HSTS_SECONDS,"
        " s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE,"
        " s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_SECURE, s.SECURE_CONTENT_TYPE_NOSNIFF,"
        " s.X_FRAME_OPTIONS, s.SECURE_REFERRER_POLICY]))",
        DJANGO_DEBUG="0",
        DJANGO_HTTPS="1",
        DJANGO_SECRET_KEY="x" * 20 + "a-long-random-production-secret-key-0123456789",
    )
    assert result.returncode == 0, result.stderr
    hsts, subdomains, redirect, session_secure, httponly, csrf_secure, nosniff, frames, referrer = json.loads(
        result.stdout.strip().splitlines()[-1]
    )
    assert hsts >= HALF_A_YEAR and subdomains and redirect
    assert session_secure and httponly and csrf_secure and nosniff
    assert frames == "DENY" and referrer == "same-origin"
