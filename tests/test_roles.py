"""The office's roles without a superuser: groups found by their code, 管理员 managing accounts
within their own rights, 编辑 and 审核 editing an item's leaders and departments."""

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command

from accounts.models import IssuedPassword
from core import roles
from core.models import Role
from workplans.models import Department, Leader

# Groups by code -------------------------------------------------------------------------------


def test_each_role_is_linked_to_its_group(db):
    for code in roles.ROLES:
        assert Role.objects.get(code=code).group.name == code


def test_renaming_a_group_keeps_its_people_in_the_role(db, editor, administrator):
    Group.objects.filter(name=roles.EDITORS).update(name="内容编辑")
    Group.objects.filter(name=roles.ADMINISTRATORS).update(name="系统管理")
    groups_before = Group.objects.count()

    call_command("migrate", verbosity=0)  # runs sync_groups again

    assert Group.objects.count() == groups_before  # no fresh 编辑 group
    assert not Group.objects.filter(name=roles.EDITORS).exists()
    renamed = Group.objects.get(name="内容编辑")
    assert roles.group(roles.EDITORS) == renamed
    assert renamed.permissions.filter(codename="add_article").exists()
    editor = User.objects.get(pk=editor.pk)
    assert editor.has_perm("news.add_article")
    assert roles.is_administrator(administrator)
    assert roles.has_role(editor, roles.EDITORS) and not roles.is_administrator(editor)


def test_a_database_from_before_the_links_adopts_the_groups_by_name(db, editor):
    group = Group.objects.get(name=roles.EDITORS)
    Role.objects.all().delete()
    roles.sync_groups()
    assert Role.objects.get(code=roles.EDITORS).group == group


# 编辑 and 审核 build plan items with leaders and departments ------------------------------------


@pytest.mark.parametrize("code", [roles.EDITORS, roles.REVIEWERS])
def test_staff_see_the_leader_and_department_inlines(make_staff, login, code):
    client = login(make_staff("staff1", code))
    html = client.get("/admin/workplans/planitem/add/").content.decode()
    assert "leader_links-TOTAL_FORMS" in html and "department_links-TOTAL_FORMS" in html
    assert "责任领导" in html and "责任部室" in html


# 管理员 manage accounts -------------------------------------------------------------------------


def new_account(client, **changes):
    data = {
        "username": "zhangzhengjun",
        "first_name": "张征军",
        "email": "zhang@example.com",
        "usable_password": "true",
        "password1": "Chushi-2026",
        "password2": "Chushi-2026",
    }
    return client.post("/admin/auth/user/add/", {**data, **changes})


def test_an_administrator_creates_an_account_with_name_and_email(administrator, login):
    client = login(administrator)
    form = client.get("/admin/auth/user/add/").content.decode()
    assert "姓名" in form and "电子邮件地址" in form
    response = new_account(client)
    assert response.status_code == 302
    user = User.objects.get(username="zhangzhengjun")
    assert (user.first_name, user.email, user.is_superuser) == ("张征军", "zhang@example.com", False)
    assert IssuedPassword.must_change(user)


def test_name_and_email_are_required(administrator, login):
    response = new_account(login(administrator), first_name="", email="")
    assert response.status_code == 200 and "这个字段是必填项。" in response.content.decode()
    assert not User.objects.filter(username="zhangzhengjun").exists()


def test_the_popup_from_a_leader_asks_for_name_and_email(administrator, login):
    html = login(administrator).get("/admin/auth/user/add/?_to_field=id&_popup=1").content.decode()
    assert 'name="first_name"' in html and 'name="email"' in html


def test_an_administrator_links_deactivates_and_resets(administrator, login, make_user):
    client = login(administrator)
    account = make_user("jingjibu1", first_name="李明")
    leader = Leader.objects.create(name="张征军")
    department = Department.objects.create(name="经技部")

    found = client.get(
        "/admin/autocomplete/",
        {"app_label": "workplans", "model_name": "leader", "field_name": "user", "term": "jing"},
    )
    assert found.status_code == 200 and found.json()["results"][0]["id"] == str(account.pk)

    response = client.post(
        f"/admin/workplans/leader/{leader.pk}/change/",
        {"name": "张征军", "position": "", "order": 0, "is_active": "on", "user": account.pk},
    )
    assert response.status_code == 302
    leader.refresh_from_db()
    assert leader.user == account
    response = client.post(
        f"/admin/workplans/department/{department.pk}/change/",
        {"name": "经技部", "order": 0, "is_active": "on", "members": [account.pk]},
    )
    assert response.status_code == 302 and list(department.members.all()) == [account]

    change = client.get(f"/admin/auth/user/{account.pk}/change/")
    assert change.status_code == 200
    data = user_form_data(account, is_active="")
    assert client.post(f"/admin/auth/user/{account.pk}/change/", data).status_code == 302
    account.refresh_from_db()
    assert not account.is_active

    response = client.post(
        f"/admin/auth/user/{account.pk}/password/",
        {"set_usable_password": "true", "password1": "Chongzhi-2026", "password2": "Chongzhi-2026"},
    )
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.check_password("Chongzhi-2026") and IssuedPassword.must_change(account)


def user_form_data(user, **changes):
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": "",
        "email": user.email,
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
        "initial-date_joined_0": "2026-01-01",
        "initial-date_joined_1": "00:00:00",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def test_an_administrator_cannot_make_a_superuser(administrator, login, make_user):
    client = login(administrator)
    account = make_user("someone")
    response = client.post(
        f"/admin/auth/user/{account.pk}/change/", user_form_data(account, is_superuser="on", is_staff="on")
    )
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.is_staff and not account.is_superuser

    new_account(client, is_superuser="on")
    assert not User.objects.get(username="zhangzhengjun").is_superuser


def test_an_administrator_grants_only_what_they_hold(administrator, login, make_user):
    client = login(administrator)
    account = make_user("someone")
    # A permission 管理员 lack (changing groups) and a group that carries it are refused.
    change_group = Permission.objects.get(codename="change_group")
    powerful = Group.objects.create(name="超级组")
    powerful.permissions.add(change_group)
    for crafted in ({"user_permissions": [change_group.pk]}, {"groups": [powerful.pk]}):
        response = client.post(f"/admin/auth/user/{account.pk}/change/", user_form_data(account, **crafted))
        assert response.status_code == 200 and "选择一个有效的选项" in response.content.decode()
    assert not account.user_permissions.exists() and not account.groups.exists()

    editors = roles.group(roles.EDITORS)
    response = client.post(
        f"/admin/auth/user/{account.pk}/change/", user_form_data(account, groups=[editors.pk], is_staff="on")
    )
    assert response.status_code == 302 and list(account.groups.all()) == [editors]


def test_an_administrator_cannot_touch_a_superuser_or_a_stronger_account(administrator, login, make_user):
    client = login(administrator)
    boss = User.objects.create_superuser("boss", password="Boss-2026-pw")
    stronger = make_user("stronger")
    stronger.user_permissions.add(Permission.objects.get(codename="change_group"))
    for account in (boss, stronger):
        assert client.get(f"/admin/auth/user/{account.pk}/change/").status_code == 302  # "不存在"
        response = client.post(
            f"/admin/auth/user/{account.pk}/password/",
            {"set_usable_password": "true", "password1": "Takeover-2026", "password2": "Takeover-2026"},
        )
        assert response.status_code in (302, 404)
        account.refresh_from_db()
        assert not account.check_password("Takeover-2026")
    assert "boss" not in client.get("/admin/auth/user/").content.decode()


def test_editors_cannot_manage_accounts(editor, login):
    assert login(editor).get("/admin/auth/user/add/").status_code == 403
