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
