"""The audit log(留痕): what is recorded, and that the admin only shows and exports it."""

import pytest

from audit.models import AuditEntry
from news import workflow
from news.models import Article

AUDIT_LIST = "/admin/audit/auditentry/"


def entries(action):
    return AuditEntry.objects.filter(action=action)


def test_log_in_is_recorded_with_the_address(client, editor):
    client.post("/admin/login/", {"username": "editor1", "password": "editor1-password-2026"},
                REMOTE_ADDR="10.1.2.3")
    entry = entries(AuditEntry.Action.LOGIN).get()
    assert(entry.user, entry.username, entry.ip_address) ==(editor, "editor1", "10.1.2.3")


def test_failed_log_in_keeps_the_attempted_name_never_the_password(client, editor):
    client.post("/admin/login/", {"username": "editor1", "password": "wrong-secret-123"})
    client.post("/admin/login/", {"username": "nobody", "password": "wrong-secret-456"})
    failed = entries(AuditEntry.Action.LOGIN_FAILED)
    assert sorted(failed.values_list("username", flat=True)) == ["editor1", "nobody"]
    assert not failed.filter(user__isnull=False).exists()
    for entry in AuditEntry.objects.all():
        assert "wrong-secret" not in f"{entry.username} {entry.detail} {entry.object_repr}"


def test_review_steps_and_deletion_are_recorded(draft, editor, reviewer):
    workflow.submit(draft, editor)
    workflow.send_back(draft, reviewer, "请补充图片说明。")
    workflow.submit(draft, editor)
    workflow.approve(draft, reviewer)
    workflow.withdraw(draft, reviewer)
    workflow.trash(draft, reviewer)
    logged = list(AuditEntry.objects.exclude(action=AuditEntry.Action.CREATE_ACCOUNT).order_by("pk")
                  .values_list("action", "username", "object_repr"))
    assert logged == [
       ("submit", "editor1", "待审稿件"),
       ("send_back", "reviewer1", "待审稿件"),
       ("submit", "editor1", "待审稿件"),
       ("publish", "reviewer1", "待审稿件"),
       ("unpublish", "reviewer1", "待审稿件"),
       ("delete", "reviewer1", "待审稿件"),
    ]
    assert entries(AuditEntry.Action.SEND_BACK).get().detail == "请补充图片说明。"
    assert entries(AuditEntry.Action.PUBLISH).get().object_id == str(draft.pk)


def test_actions_in_the_admin_record_the_address(login, reviewer, live):
    login(reviewer).post(
        "/admin/news/article/",
        {"action": "withdraw_selected", "index": "0", "_selected_action": [live.pk]},
        REMOTE_ADDR="10.9.8.7",
    )
    assert entries(AuditEntry.Action.UNPUBLISH).get().ip_address == "10.9.8.7"


def test_a_refused_step_records_nothing(draft, editor):
    with pytest.raises(Exception, match="没有审核发布权限"):
        workflow.approve(draft, editor)
    assert not AuditEntry.objects.exclude(action=AuditEntry.Action.CREATE_ACCOUNT).exists()
    assert Article.objects.get(pk=draft.pk).status == Article.Status.DRAFT


def test_administrators_filter_the_log_and_nobody_edits_it(login, administrator, editor, draft):
    workflow.submit(draft, editor)
    client = login(administrator)
    response = client.get(AUDIT_LIST + "?action__exact=submit")
    assert response.status_code == 200
    assert [entry.action for entry in response.context["cl"].result_list] == ["submit"]
    entry = entries(AuditEntry.Action.SUBMIT).get()
    assert client.get(f"{AUDIT_LIST}add/").status_code == 403
    assert client.post(f"{AUDIT_LIST}{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    response = client.post(f"{AUDIT_LIST}{entry.pk}/change/", {"username": "someone-else"})
    assert response.status_code == 403
    assert AuditEntry.objects.get(pk=entry.pk).username == "editor1"
    actions = client.get(AUDIT_LIST).context["cl"].model_admin.get_actions(response.wsgi_request)
    assert "delete_selected" not in actions


def test_editors_and_reviewers_cannot_see_the_log(login, editor, reviewer):
    for user in(editor, reviewer):
        assert login(user).get(AUDIT_LIST).status_code == 403


def test_the_filtered_log_exports_as_csv(login, administrator, client, editor):
    client.post("/admin/login/", {"username": "=HYPERLINK(1)", "password": "x"})
    client.post("/admin/login/", {"username": "editor1", "password": "editor1-password-2026"})
    response = login(administrator).get(AUDIT_LIST + "export.csv?action__exact=login_failed")
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0] == "时间,用户名,操作,对象类型,对象编号,对象,IP 地址,说明,版本编号"
    assert len(lines) == 2 and "'=HYPERLINK(1)" in lines[1] and "登录失败" in lines[1]
