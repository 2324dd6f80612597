"""Signing in (等保 basics): the portal's sign-in page for non-admin pages, the lockout after
repeated failures on both sign-in forms, and its audit trail."""

import pytest
from django.contrib.auth.models import User

ADMIN_LOGIN = "/admin/login/"
PORTAL_LOGIN = "/accounts/login/"


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
