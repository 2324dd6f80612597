import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "jingzhou_union.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_deploy_check_is_clean_with_the_documented_production_variables():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_HTTPS="1",
        DJANGO_HSTS_PRELOAD="1",
        DJANGO_SECRET_KEY="x" * 20 + "a-long-random-production-secret-key-0123456789",
        DJANGO_ALLOWED_HOSTS="www.jzgh.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_check_flags_the_local_defaults():
    result = run_manage("check", "--deploy", DJANGO_DEBUG="0", DJANGO_SECRET_KEY="")
    output = result.stdout + result.stderr
    assert "security.W009" in output  # the insecure local key
    assert "security.W008" in output  # no HTTPS redirect


def test_settings_come_from_the_environment():
    script = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'],"
        " s.CACHES['default']['BACKEND'], s.ALLOWED_HOSTS, s.DEBUG, s.TIME_ZONE, s.LANGUAGE_CODE,"
        " s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS)"
    )
    result = run_manage(
        "shell", "--no-imports", "-c", script,
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/portal_example",
        REDIS_URL="redis://127.0.0.1:6379/3",
        DJANGO_ALLOWED_HOSTS="a.example, b.example",
        DJANGO_DEBUG="true",
        DJANGO_EMAIL_HOST="smtp.example.cn",
        DJANGO_EMAIL_PORT="587",
        DJANGO_EMAIL_USE_TLS="1",
    )
    assert result.stdout.split() == [
        "django.db.backends.postgresql", "portal_example",
        "core.cache.RedisCache",
        "['a.example',", "'b.example']", "True", "Asia/Shanghai", "zh-hans",
        "smtp.example.cn", "587", "True",
    ], result.stderr


def test_the_configured_cache_round_trips(settings):
    """On CI's PostgreSQL run REDIS_URL is set, so this talks to the real Redis server."""
    from django.core.cache import cache

    expected = "RedisCache" if os.environ.get("REDIS_URL") else "LocMemCache"
    assert settings.CACHES["default"]["BACKEND"].endswith(expected)
    cache.set("portal-test", {"栏目": "工会要情"}, timeout=30)
    assert cache.get("portal-test") == {"栏目": "工会要情"}
    cache.delete("portal-test")
    assert cache.get("portal-test") is None
