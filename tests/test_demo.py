import io

import pytest
from django.contrib import auth
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from core import roles
from workplans.models import Leader


def authenticate(**credentials):
    # django-axes' backend needs the request, as the sign-in forms pass it.
    return auth.authenticate(RequestFactory().post("/accounts/login/"), **credentials)


def test_demo_accounts_are_printed_and_work(settings, db):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("load_demo", "--accounts", stdout=out)
    output = out.getvalue()
    for username, password in [("admin", "jzgh-admin-2026"), ("editor", "jzgh-editor-2026"),
                               ("reviewer", "jzgh-reviewer-2026"), ("leader", "jzgh-leader-2026")]:
        assert f"用户名 {username:<10} 密码 {password}" in output
        assert authenticate(username=username, password=password) is not None
    editor = authenticate(username="editor", password="jzgh-editor-2026")
    assert editor.is_staff and list(editor.groups.values_list("name", flat=True)) == [roles.EDITORS]
    assert not editor.has_perm("news.publish_article")
    reviewer = authenticate(username="reviewer", password="jzgh-reviewer-2026")
    assert reviewer.has_perm("news.publish_article")
    assert Leader.objects.get(user__username="leader").name == "高启秀"


def test_demo_accounts_are_refused_outside_development(settings, db):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="演示账号只能在本地开发环境"):
        call_command("load_demo", "--accounts", stdout=io.StringIO())
