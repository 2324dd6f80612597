"""The complete audit trail: the client's address behind a trusted proxy only, content edits
with their revision, version restores, sign-outs, lockouts, new accounts, group memberships
and permissions; entries nobody may change, kept 180 days and purged only after that."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from audit.models import AuditEntry
from core import roles
from core.client_ip import check_trusted_proxies, client_ip
from news import workflow
from news.models import Article
from tests.editorial_fixtures import article_form_data

PROXY = "10.0.0.2"
CLIENT = "203.0.113.9"
PASSWORD = "Jzgh-audit-2026"


def entries(action):
    return AuditEntry.objects.filter(action=action)


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = [PROXY, "::1"]


@pytest.fixture
def superuser(db):
    """Accounts and groups are managed by the superuser (管理员 have no user rights)."""
    return User.objects.create_superuser("root-audit", password=PASSWORD)


@pytest.fixture
def member(db):
    return User.objects.create_user("leader-audit", password=PASSWORD)


# The client's address --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        (PROXY, CLIENT, CLIENT),  # nginx names the client
        (PROXY, f"198.51.100.1, {CLIENT}", CLIENT),  # what the client wrote itself is ignored
        (PROXY, f"{CLIENT}, ::1", CLIENT),  # through two trusted proxies
        ("198.51.100.7", CLIENT, "198.51.100.7"),  # not from a trusted proxy: header ignored
        (PROXY, "", PROXY),
        (PROXY, "not-an-address", PROXY),
        (PROXY, f"{CLIENT}, junk", PROXY),
    ],
)
def test_the_forwarded_address_is_believed_only_from_a_trusted_proxy(
    behind_proxy, rf, remote, forwarded, expected
):
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_without_trusted_proxies_the_header_is_ignored(rf):
    assert client_ip(rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=CLIENT)) == "127.0.0.1"


def test_a_malformed_trusted_proxy_fails_the_system_check(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "nginx.local"]
    errors = check_trusted_proxies()
    assert [error.id for error in errors] == ["core.E001"] and "nginx.local" in errors[0].msg


def test_sign_in_behind_the_proxy_records_the_client(behind_proxy, member):
    Client().post(
        "/accounts/login/",
        {"username": member.username, "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=CLIENT,
    )
    assert entries(AuditEntry.Action.LOGIN).get().ip_address == CLIENT


def test_a_spoofed_header_from_an_untrusted_address_is_ignored(behind_proxy, member):
    Client().post(
        "/accounts/login/",
        {"username": member.username, "password": PASSWORD},
        REMOTE_ADDR="198.51.100.7",
        HTTP_X_FORWARDED_FOR="10.10.10.10",
    )
    assert entries(AuditEntry.Action.LOGIN).get().ip_address == "198.51.100.7"


def test_lockouts_key_on_the_real_client_behind_the_proxy(behind_proxy, member):
    attacker, colleague = Client(), Client()
    for _ in range(5):
        attacker.post(
            "/accounts/login/",
            {"username": member.username, "password": "wrong-1234"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=CLIENT,
        )
    refused = attacker.post(
        "/accounts/login/",
        {"username": member.username, "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=CLIENT,
    )
    assert refused.status_code == 429
    lockout = entries(AuditEntry.Action.LOCKOUT).first()
    assert (lockout.username, lockout.ip_address) == (member.username, CLIENT)
    # Another reader behind the same proxy is not locked out with the attacker.
    accepted = colleague.post(
        "/accounts/login/",
        {"username": member.username, "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="203.0.113.10",
    )
    assert accepted.status_code == 302


def test_signing_out_is_recorded_with_the_client(behind_proxy, member):
    client = Client()
    client.post(
        "/accounts/login/",
        {"username": member.username, "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=CLIENT,
    )
    client.post("/accounts/logout/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CLIENT)
    entry = entries(AuditEntry.Action.LOGOUT).get()
    assert (entry.user, entry.ip_address) == (member, CLIENT)


# Content ---------------------------------------------------------------------------------


def change_url(article):
    return f"/admin/news/article/{article.pk}/change/"


def test_an_edit_in_the_admin_is_recorded_with_its_revision(login, editor, administrator, draft):
    login(editor).post(
        change_url(draft), article_form_data(draft, title="第二版标题"), REMOTE_ADDR="10.1.2.3"
    )
    entry = entries(AuditEntry.Action.EDIT).get()
    revision = draft.history.latest()
    assert (entry.user, entry.object_id, entry.ip_address) == (editor, str(draft.pk), "10.1.2.3")
    assert entry.revision_id == revision.history_id
    assert entry.detail == f"修改，版本 #{revision.history_id}（修改）"
    listing = login(administrator).get("/admin/audit/auditentry/").content.decode()
    assert (
        f'href="/admin/news/article/{draft.pk}/history/{revision.history_id}/">#{revision.history_id}</a>'
        in listing
    )
    export = login(administrator).get("/admin/audit/auditentry/export.csv").content.decode()
    assert "版本编号" in export and str(revision.history_id) in export


def test_restoring_an_earlier_version_is_recorded(login, editor, draft):
    client = login(editor)
    client.post(change_url(draft), article_form_data(draft, title="第二版标题"))
    first = draft.history.earliest()
    client.post(
        f"/admin/news/article/{draft.pk}/history/{first.history_id}/",
        article_form_data(draft, title="待审稿件"),
    )
    entry = entries(AuditEntry.Action.REVERT).get()
    assert (entry.user, entry.object_id) == (editor, str(draft.pk))
    assert (entry.revision_id, entry.detail) == (first.history_id, f"恢复到版本 #{first.history_id}")
    assert entries(AuditEntry.Action.EDIT).count() == 1  # only the edit before it


def test_restoring_a_published_article_is_recorded_though_it_waits_for_review(login, editor, live):
    live.title = "第二版"
    live.save()
    first = live.history.earliest()
    login(editor).post(
        f"/admin/news/article/{live.pk}/history/{first.history_id}/",
        article_form_data(live, title="已发布稿件"),
        REMOTE_ADDR="10.6.6.6",
    )
    entry = entries(AuditEntry.Action.REVERT).get()
    assert (entry.user, entry.object_id, entry.ip_address) == (editor, str(live.pk), "10.6.6.6")
    assert entry.revision_id == first.history_id


def test_a_refused_restore_records_nothing(login, bare_staff_user, draft):
    first = draft.history.earliest()
    login(bare_staff_user).post(
        f"/admin/news/article/{draft.pk}/history/{first.history_id}/",
        article_form_data(draft, title="待审稿件"),
    )
    assert not entries(AuditEntry.Action.REVERT).exists()


def test_a_review_step_names_its_revision_and_is_not_logged_twice(editor, reviewer, draft):
    workflow.submit(draft, editor)
    workflow.approve(Article.objects.get(pk=draft.pk), reviewer)
    publish = entries(AuditEntry.Action.PUBLISH).get()
    assert publish.revision_id == draft.history.latest().history_id
    assert not entries(AuditEntry.Action.EDIT).filter(revision_id=publish.revision_id).exists()


def test_saves_outside_a_request_are_not_edits(draft):
    draft.title = "脚本修改"
    draft.save()
    assert not entries(AuditEntry.Action.EDIT).exists()


# Accounts, groups, permissions -----------------------------------------------------------


def test_an_administrator_creating_an_account_is_recorded(login, administrator):
    response = login(administrator).post(
        "/admin/auth/user/add/",
        {
            "username": "new-staff",
            "first_name": "李明",
            "email": "li@example.com",
            "password1": "Jzgh-New-2026!",
            "password2": "Jzgh-New-2026!",
            "usable_password": "true",
        },
        REMOTE_ADDR="10.4.4.4",
    )
    assert response.status_code == 302
    entry = entries(AuditEntry.Action.CREATE_ACCOUNT).get(object_repr="new-staff")
    assert (entry.user, entry.ip_address) == (administrator, "10.4.4.4")


def test_group_membership_changes_in_the_admin_are_recorded(login, superuser, make_staff):
    colleague = make_staff("colleague", roles.EDITORS)
    editors, reviewers = Group.objects.get(name=roles.EDITORS), Group.objects.get(name=roles.REVIEWERS)
    response = login(superuser).post(
        f"/admin/auth/user/{colleague.pk}/change/",
        {
            "username": "colleague",
            "is_active": "on",
            "is_staff": "on",
            "groups": [reviewers.pk],
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "08:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    details = set(
        entries(AuditEntry.Action.GROUPS).filter(object_id=str(colleague.pk)).values_list("detail", flat=True)
    )
    assert details == {f"移出用户组：{editors}", f"加入用户组：{reviewers}"}
    assert entries(AuditEntry.Action.GROUPS).first().user == superuser


def test_permission_changes_of_users_and_groups_are_recorded(rf, administrator, make_staff):
    from simple_history.models import HistoricalRecords

    colleague = make_staff("colleague")
    group = Group.objects.get(name=roles.EDITORS)
    permission = Permission.objects.get(codename="view_auditentry")
    request = rf.post("/admin/", REMOTE_ADDR="10.5.5.5")
    request.user = administrator
    HistoricalRecords.context.request = request
    try:
        colleague.user_permissions.add(permission)
        group.permissions.remove(Permission.objects.get(codename="view_column"))
        permission.group_set.add(group)
        colleague.groups.clear()
        colleague.groups.add(group)
        group.user_set.clear()
    finally:
        del HistoricalRecords.context.request
    logged = list(
        AuditEntry.objects.filter(action__in=["permissions", "groups"])
        .order_by("pk")
        .values_list("action", "object_repr", "detail")
    )
    assert logged == [
        ("permissions", "colleague", f"增加权限：{permission}"),
        ("permissions", roles.EDITORS, f"取消权限：{Permission.objects.get(codename='view_column')}"),
        ("permissions", roles.EDITORS, f"增加权限：{permission}"),
        ("groups", "colleague", f"加入用户组：{group}"),
        ("groups", "colleague", f"移出用户组：{group}"),
    ]
    assert {entry.ip_address for entry in AuditEntry.objects.filter(action="permissions")} == {"10.5.5.5"}


# Keeping the log -------------------------------------------------------------------------


def test_nobody_may_change_or_delete_entries_in_the_admin(superuser, rf):
    from django.contrib import admin

    model_admin = admin.site._registry[AuditEntry]
    request = rf.get("/")
    request.user = superuser
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_purge_deletes_only_entries_older_than_the_retention(db, settings):
    now = timezone.now()
    old = AuditEntry.objects.create(action=AuditEntry.Action.LOGIN, created_at=now - timedelta(days=181))
    kept = AuditEntry.objects.create(action=AuditEntry.Action.LOGIN, created_at=now - timedelta(days=179))
    call_command("purge_audit_log", "--dry-run")
    assert AuditEntry.objects.filter(pk=old.pk).exists()
    call_command("purge_audit_log")
    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert AuditEntry.objects.filter(pk=kept.pk).exists()

    settings.AUDIT_RETENTION_DAYS = 365
    call_command("purge_audit_log")
    assert AuditEntry.objects.filter(pk=kept.pk).exists()


def test_purge_refuses_a_retention_under_180_days(db, settings):
    entry = AuditEntry.objects.create(
        action=AuditEntry.Action.LOGIN, created_at=timezone.now() - timedelta(days=100)
    )
    settings.AUDIT_RETENTION_DAYS = 90
    with pytest.raises(CommandError, match="至少保存 180 天"):
        call_command("purge_audit_log")
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
