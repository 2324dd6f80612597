"""Password rules per 等保 (at least 8 characters, three of upper/lower/digit/symbol, not like
the user name, not common), every message in Chinese, on each form that sets a password."""

import re

import pytest
from django.contrib.auth import password_validation
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from accounts.password_validation import character_classes

ENGLISH = re.compile(r"[A-Za-z]{3,}")


def problems(password, user=None):
    try:
        password_validation.validate_password(password, user or User(username="zhangsan"))
    except ValidationError as error:
        return error.messages
    return []


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ab1!", "密码太短，至少需要 8 个字符。"),
        ("abcdefgh12", "密码必须包含大写字母、小写字母、数字、符号中至少三种。"),
        ("ABCD-EFGH", "密码必须包含大写字母、小写字母、数字、符号中至少三种。"),
        ("Zhangsan2026", "密码跟 用户名 太相似了。"),
        ("Password1", "这个密码太常见了。"),
    ],
)
def test_each_rule_refuses_in_chinese(db, password, message):
    messages = problems(password)
    assert message in messages
    assert not [text for text in messages if ENGLISH.search(text)]


@pytest.mark.parametrize("password", ["Jzgh-new-2026", "jzgh-admin-2026", "LIANG#2026x", "工会Ab12345"])
def test_good_passwords_pass(db, password):
    assert problems(password) == []


def test_character_classes_count_symbols_but_not_spaces():
    assert character_classes("abc") == 1
    assert character_classes("aB1") == 3
    assert character_classes("a b") == 1
    assert character_classes("a-B_1") == 4


def test_help_texts_are_chinese(db):
    texts = password_validation.password_validators_help_texts()
    assert "密码至少 8 个字符。" in texts
    assert "密码须包含大写字母、小写字母、数字、符号中至少三种。" in texts
    assert not [text for text in texts if ENGLISH.search(text)]


def test_the_portal_password_change_shows_the_rules_in_chinese(client, seed):
    client.force_login(seed["user"])
    response = client.post(
        "/accounts/password/",
        {"old_password": "pw-123456-jz", "new_password1": "abc123", "new_password2": "abc123"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "密码太短，至少需要 8 个字符。" in html
    assert "密码必须包含大写字母、小写字母、数字、符号中至少三种。" in html
    assert "too short" not in html
    seed["user"].refresh_from_db()
    assert seed["user"].check_password("pw-123456-jz")


def test_an_account_made_in_the_admin_follows_the_rules(admin_client):
    response = admin_client.post(
        "/admin/auth/user/add/",
        {"username": "newleader", "usable_password": "true",
         "password1": "short1", "password2": "short1"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "密码太短，至少需要 8 个字符。" in html
    assert not User.objects.filter(username="newleader").exists()


# A password an administrator set must be changed at the next sign-in ---------------------------


def sign_in(client, username, password, url="/accounts/login/"):
    return client.post(url, {"username": username, "password": password})


def test_an_account_made_in_the_admin_changes_its_password_first(admin_client, client):
    response = admin_client.post(
        "/admin/auth/user/add/",
        {"username": "newleader", "first_name": "新领导", "email": "new@example.com",
         "usable_password": "true", "password1": "Chushi-2026", "password2": "Chushi-2026"},
    )
    assert response.status_code == 302
    sign_in(client, "newleader", "Chushi-2026")
    response = client.get("/plans/my/")
    assert response.status_code == 302 and response["Location"] == "/accounts/password/"
    page = client.get("/accounts/password/")
    assert "您的密码是管理员设置的初始密码，请先修改密码后再继续使用。" in page.content.decode()
    # Other requests, POSTs included, wait until the password is changed.
    assert client.post("/articles/1/views/")["Location"] == "/accounts/password/"

    response = client.post(
        "/accounts/password/",
        {"old_password": "Chushi-2026", "new_password1": "Ziji-de-2026", "new_password2": "Ziji-de-2026"},
    )
    assert response["Location"] == "/accounts/password/done/"
    assert client.get("/plans/my/").status_code == 200
    # And the next sign-in goes straight in.
    client.post("/accounts/logout/")
    sign_in(client, "newleader", "Ziji-de-2026")
    assert client.get("/plans/my/").status_code == 200


def test_a_reset_in_the_admin_is_temporary_too_and_staff_change_it_in_the_admin(admin_client, client, editor):
    response = admin_client.post(
        f"/admin/auth/user/{editor.pk}/password/",
        {"set_usable_password": "true", "password1": "Chongzhi-2026", "password2": "Chongzhi-2026"},
    )
    assert response.status_code == 302
    sign_in(client, "editor1", "Chongzhi-2026", url="/admin/login/")
    response = client.get("/admin/news/article/")
    assert response.status_code == 302 and response["Location"] == "/admin/password_change/"
    response = client.post(
        "/admin/password_change/",
        {"old_password": "Chongzhi-2026", "new_password1": "Bianji-xin-2026",
         "new_password2": "Bianji-xin-2026"},
    )
    assert response.status_code == 302
    assert client.get("/admin/news/article/").status_code == 200


def test_accounts_with_their_own_password_are_not_stopped(client, editor):
    sign_in(client, "editor1", "editor1-password-2026", url="/admin/login/")
    assert client.get("/admin/").status_code == 200
    assert "accounts_must_change_password" not in client.session
