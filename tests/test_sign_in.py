"""Signing in (等保 basics): the portal's sign-in page for non-admin pages, the lockout after
repeated failures on both sign-in forms, and its audit trail."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from audit.models import AuditEntry

ADMIN_LOGIN = "/admin/login/"
PORTAL_LOGIN = "/accounts/login/"
ATTEMPTS_ADMIN = "/admin/axes/accessattempt/"


@pytest.fixture
def leader_user(db):
    """A leader's account: signs in on the portal, not a staff member."""
    return User.objects.create_user("leader1", password="Leader-2026-pass")


def sign_in(client, url, username, password, **extra):
    return client.post(url, {"username": username, "password": password}, **extra)


def is_signed_in(client):
    return "_auth_user_id" in client.session


# LOGIN_URL -------------------------------------------------------------------------------------


def test_signed_out_password_change_sends_people_to_the_portal_sign_in(client, leader_user):
    response = client.get("/accounts/password/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/password/"
    # And there the leader's right password works (the admin's form would refuse a non-staff).
    response = client.post(
        response["Location"],
        {"username": "leader1", "password": "Leader-2026-pass", "next": "/accounts/password/"},
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/password/"
    assert client.get("/accounts/password/").status_code == 200


def test_admin_pages_still_send_people_to_the_admin_sign_in(client):
    response = client.get("/admin/news/article/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


# Lockout ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "username", "password"),
    [(ADMIN_LOGIN, "editor1", "editor1-password-2026"), (PORTAL_LOGIN, "leader1", "Leader-2026-pass")],
)
def test_five_failures_lock_the_pair_even_for_the_right_password(
    client, editor, leader_user, url, username, password
):
    for attempt in range(4):
        response = sign_in(client, url, username, f"wrong-{attempt}")
        assert response.status_code == 200  # the form again, with its error
    response = sign_in(client, url, username, "wrong-4")
    assert response.status_code == 429
    html = response.content.decode()
    assert "登录失败次数过多" in html and "15 分钟后" in html and username in html

    response = sign_in(client, url, username, password)
    assert response.status_code == 429 and "15 分钟后" in response.content.decode()
    assert not is_signed_in(client)

    # Another address, or another user name from this address, is not locked.
    other = Client(REMOTE_ADDR="10.9.9.9")
    assert sign_in(other, url, username, password).status_code == 302
    assert is_signed_in(other)
    assert sign_in(client, url, "someone-else", "wrong").status_code == 200


def test_failures_and_lockouts_are_in_the_audit_log(client, editor):
    for attempt in range(5):
        sign_in(client, ADMIN_LOGIN, "editor1", f"wrong-{attempt}", REMOTE_ADDR="10.1.2.3")
    sign_in(client, ADMIN_LOGIN, "editor1", "editor1-password-2026", REMOTE_ADDR="10.1.2.3")
    failed = AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN_FAILED)
    lockouts = AuditEntry.objects.filter(action=AuditEntry.Action.LOCKOUT)
    assert failed.count() == 6  # the refused right password is a failure too
    assert lockouts.count() == 2  # reaching the limit, and the attempt refused during it
    assert set(lockouts.values_list("username", "ip_address")) == {("editor1", "10.1.2.3")}
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN).exists()


def test_the_lockout_ends_after_the_cool_off_period(client, editor, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    for attempt in range(5):
        sign_in(client, ADMIN_LOGIN, "editor1", f"wrong-{attempt}")
    time_machine.shift(timedelta(minutes=14))
    assert sign_in(client, ADMIN_LOGIN, "editor1", "editor1-password-2026").status_code == 429
    # That refused attempt started the 15 minutes again.
    time_machine.shift(timedelta(minutes=14))
    assert sign_in(client, ADMIN_LOGIN, "editor1", "editor1-password-2026").status_code == 429
    time_machine.shift(timedelta(minutes=15, seconds=1))
    response = sign_in(client, ADMIN_LOGIN, "editor1", "editor1-password-2026")
    assert response.status_code == 302 and is_signed_in(client)


def test_the_limit_and_period_come_from_settings(client, editor, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = timedelta(minutes=30)
    sign_in(client, ADMIN_LOGIN, "editor1", "wrong-1")
    response = sign_in(client, ADMIN_LOGIN, "editor1", "wrong-2")
    assert response.status_code == 429 and "30 分钟后" in response.content.decode()


def test_a_success_before_the_limit_starts_the_count_again(client, editor):
    for attempt in range(4):
        sign_in(client, ADMIN_LOGIN, "editor1", f"wrong-{attempt}")
    assert sign_in(client, ADMIN_LOGIN, "editor1", "editor1-password-2026").status_code == 302
    client.post("/accounts/logout/")
    assert sign_in(client, ADMIN_LOGIN, "editor1", "wrong-again").status_code == 200


def test_administrators_unlock_in_the_admin(client, editor, administrator, login):
    for attempt in range(5):
        sign_in(client, PORTAL_LOGIN, "editor1", f"wrong-{attempt}")
    attempt = AccessAttempt.objects.get(username="editor1")

    admin_client = login(administrator)
    listing = admin_client.get(ATTEMPTS_ADMIN)
    html = listing.content.decode()
    assert listing.status_code == 200 and "editor1" in html
    assert "登录失败记录" in html and "已锁定" in html  # axes has no Chinese of its own
    response = admin_client.post(f"{ATTEMPTS_ADMIN}{attempt.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()

    response = sign_in(client, PORTAL_LOGIN, "editor1", "editor1-password-2026")
    assert response.status_code == 302 and is_signed_in(client)


def test_editors_cannot_see_or_unlock(client, editor, login):
    for attempt in range(5):
        sign_in(client, PORTAL_LOGIN, "someone", f"wrong-{attempt}")
    attempt = AccessAttempt.objects.get()
    editor_client = login(editor)
    assert editor_client.get(ATTEMPTS_ADMIN).status_code == 403
    assert editor_client.post(f"{ATTEMPTS_ADMIN}{attempt.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AccessAttempt.objects.exists()


def test_sign_out_is_in_the_audit_log(client, editor):
    sign_in(client, ADMIN_LOGIN, "editor1", "editor1-password-2026", REMOTE_ADDR="10.1.2.3")
    client.post("/accounts/logout/", REMOTE_ADDR="10.1.2.3")
    entry = AuditEntry.objects.get(action=AuditEntry.Action.LOGOUT)
    assert (entry.user, entry.username, entry.ip_address) == (editor, "editor1", "10.1.2.3")
    # Signing out with no session records nothing.
    client.post("/accounts/logout/")
    assert AuditEntry.objects.filter(action=AuditEntry.Action.LOGOUT).count() == 1


# Sessions --------------------------------------------------------------------------------------

MY_TASKS = "/plans/my/"


@pytest.fixture
def sessions_on_the_test_clock(settings):
    """Sessions in the database alone for tests that move the clock: the session cache in
    Redis (cached_db) expires entries on Redis's own clock, which time_machine cannot move;
    the database backend compares the expiry date with Django's clock."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"


@pytest.mark.usefixtures("sessions_on_the_test_clock")
def test_sessions_end_after_30_idle_minutes(client, leader_user, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    sign_in(client, PORTAL_LOGIN, "leader1", "Leader-2026-pass")
    assert client.get(MY_TASKS).status_code == 200
    # Each request moves the end: 25 + 25 minutes of use stay signed in…
    time_machine.shift(timedelta(minutes=25))
    assert client.get(MY_TASKS).status_code == 200
    time_machine.shift(timedelta(minutes=25))
    assert client.get(MY_TASKS).status_code == 200
    # …31 minutes without a request do not.
    time_machine.shift(timedelta(minutes=31))
    response = client.get(MY_TASKS)
    assert response.status_code == 302 and response["Location"].startswith(PORTAL_LOGIN)


def test_the_idle_time_is_the_cookie_age(client, leader_user, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    response = sign_in(client, PORTAL_LOGIN, "leader1", "Leader-2026-pass")
    assert response.cookies["sessionid"]["max-age"] == 30 * 60


@pytest.mark.usefixtures("sessions_on_the_test_clock")
def test_the_session_is_renewed_at_most_once_a_minute(client, leader_user, time_machine):
    from django.contrib.sessions.models import Session

    time_machine.move_to(timezone.now(), tick=False)
    sign_in(client, PORTAL_LOGIN, "leader1", "Leader-2026-pass")

    def session_end():
        return Session.objects.get(session_key=client.session.session_key).expire_date

    signed_in_end = session_end()
    time_machine.shift(timedelta(seconds=59))
    response = client.get(MY_TASKS)
    assert response.status_code == 200 and "sessionid" not in response.cookies  # nothing saved
    assert session_end() == signed_in_end
    # What the warning counts down from is what is left, not a fresh 30 minutes.
    assert 'data-idle-seconds="1741"' in response.content.decode()
    time_machine.shift(timedelta(seconds=2))
    response = client.get(MY_TASKS)
    assert response.cookies["sessionid"]["max-age"] == 30 * 60
    assert session_end() == signed_in_end + timedelta(seconds=61)
    # "继续使用" always renews.
    time_machine.shift(timedelta(seconds=5))
    assert client.get("/accounts/session/").status_code == 204
    assert session_end() == signed_in_end + timedelta(seconds=66)


def test_an_anonymous_visitor_gets_no_session(client, db):
    from django.contrib.sessions.models import Session

    client.cookies["sessionid"] = "no-such-session"
    response = client.get("/")
    assert response.status_code == 200 and response.cookies["sessionid"].value == ""  # deleted
    assert not Session.objects.exists()


@pytest.mark.usefixtures("sessions_on_the_test_clock")
def test_staff_sessions_end_when_the_browser_closes(client, editor, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    response = sign_in(client, ADMIN_LOGIN, "editor1", "editor1-password-2026")
    cookie = response.cookies["sessionid"]
    assert cookie.value and not cookie["max-age"] and not cookie["expires"]  # a browser-session cookie
    assert client.session.get_expire_at_browser_close()
    # And the idle limit holds for staff as well.
    time_machine.shift(timedelta(minutes=31))
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(ADMIN_LOGIN)


@pytest.mark.usefixtures("sessions_on_the_test_clock")
def test_signed_in_pages_carry_the_idle_warning(client, leader_user, editor, time_machine):
    time_machine.move_to(timezone.now(), tick=False)  # the whole idle time, to the second
    assert "session-timeout.js" not in client.get("/").content.decode()  # anonymous: none
    sign_in(client, PORTAL_LOGIN, "leader1", "Leader-2026-pass")
    html = client.get(MY_TASKS).content.decode()
    assert 'data-idle-seconds="1800"' in html and 'data-keep-alive="/accounts/session/"' in html
    assert 'data-sign-in="/accounts/login/"' in html

    staff = Client()
    sign_in(staff, ADMIN_LOGIN, "editor1", "editor1-password-2026")
    html = staff.get("/admin/news/article/").content.decode()
    assert 'data-idle-seconds="1800"' in html and 'data-sign-in="/admin/login/"' in html


@pytest.mark.usefixtures("sessions_on_the_test_clock")
def test_going_on_after_the_warning_moves_the_end(client, leader_user, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    sign_in(client, PORTAL_LOGIN, "leader1", "Leader-2026-pass")
    time_machine.shift(timedelta(minutes=29))
    assert client.get("/accounts/session/").status_code == 204  # "继续使用"
    time_machine.shift(timedelta(minutes=29))
    assert client.get(MY_TASKS).status_code == 200
    time_machine.shift(timedelta(minutes=31))
    response = client.get("/accounts/session/")
    assert response.status_code == 401 and "no-cache" in response["Cache-Control"]


def test_a_request_without_a_session_gets_the_whole_idle_time(settings):
    from django.test import RequestFactory

    from accounts.context_processors import session_timeout

    assert session_timeout(RequestFactory().get("/")) == {"session_idle_seconds": settings.SESSION_COOKIE_AGE}
