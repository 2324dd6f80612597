"""进展反馈: who may report, what the server refuses, and the status following the latest report."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from workplans.models import PlanItem, ProgressReport


@pytest.fixture
def task(make_leader, make_department, make_plan, make_item, make_user):
    """An item of an open November plan, its leader and a staff member of its department."""
    leader = make_leader()
    staff = make_user()
    item = make_item(make_plan(dt.date(2020, 11, 1)), [leader], [make_department(members=[staff])])
    return {"item": item, "leader": leader, "staff": staff, "url": item.get_absolute_url()}


def report(**fields):
    return {
        "date": "2020-11-10",
        "status": "in_progress",
        "percent": "40",
        "text": "已召开筹备会。",
        **fields,
    }


def test_the_leader_files_a_report_and_the_status_follows(client, task):
    client.force_login(task["leader"].user)
    assert "提交进展反馈" in client.get(task["url"]).content.decode()

    response = client.post(task["url"], report())
    assert response.status_code == 302 and response["Location"] == task["url"]
    task["item"].refresh_from_db()
    assert task["item"].status == PlanItem.Status.IN_PROGRESS

    client.post(task["url"], report(date="2020-11-20", status="done", percent="100", text="已完成。"))
    task["item"].refresh_from_db()
    assert task["item"].status == PlanItem.Status.DONE
    # History: both reports kept, newest first, on the page too.
    assert list(task["item"].reports.values_list("text", flat=True)) == ["已完成。", "已召开筹备会。"]
    html = client.get(task["url"]).content.decode()
    assert html.index("已完成。") < html.index("已召开筹备会。")


def test_a_back_dated_report_does_not_override_the_latest_status(client, task):
    client.force_login(task["leader"].user)
    client.post(task["url"], report(date="2020-11-20", status="done", percent="100"))
    client.post(task["url"], report(date="2020-11-05", status="not_started", percent="0"))
    task["item"].refresh_from_db()
    assert task["item"].status == PlanItem.Status.DONE
    assert task["item"].latest_report.date == dt.date(2020, 11, 20)


def test_department_staff_and_administrators_may_report(client, admin_user, task):
    for user in (task["staff"], admin_user):
        client.force_login(user)
        assert client.post(task["url"], report())["Location"] == task["url"]
    assert list(task["item"].reports.values_list("author", flat=True)) == [admin_user.pk, task["staff"].pk]


def test_another_leader_gets_403_for_the_page_and_a_direct_post(client, task, make_leader):
    client.force_login(make_leader().user)
    response = client.get(task["url"])
    assert response.status_code == 403
    assert "没有权限" in response.content.decode()
    assert client.post(task["url"], report()).status_code == 403
    assert not ProgressReport.objects.exists()


def test_office_staff_may_read_but_not_report(client, task, staff_user):
    client.force_login(staff_user)
    response = client.get(task["url"])
    assert response.status_code == 200
    assert "只有本事项的责任领导和责任部室工作人员可以提交进展反馈" in response.content.decode()
    assert client.post(task["url"], report()).status_code == 403
    assert not ProgressReport.objects.exists()


def test_anonymous_posts_go_to_sign_in(client, task):
    assert client.post(task["url"], report())["Location"].startswith("/accounts/login/")
    assert not ProgressReport.objects.exists()


def test_items_of_unpublished_plans_are_not_found_for_leaders(client, make_leader, make_plan, make_item):
    leader = make_leader()
    item = make_item(make_plan(dt.date(2020, 11, 1), status="draft"), [leader])
    client.force_login(leader.user)
    assert client.get(item.get_absolute_url()).status_code == 404


def test_closed_plans_take_no_reports(client, task):
    plan = task["item"].plan
    plan.closed = True
    plan.save()
    client.force_login(task["leader"].user)
    assert "本计划已关闭，不能再提交进展反馈" in client.get(task["url"]).content.decode()
    response = client.post(task["url"], report())
    assert response.status_code == 200
    assert "本计划已关闭，不能再提交进展反馈" in str(response.context["form"].non_field_errors())
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"status": "finished"}, "status", "选择一个有效的选项"),
        ({"percent": "150"}, "percent", "100"),
        ({"percent": "-1"}, "percent", "0"),
        ({"text": "   "}, "text", "这个字段是必填项"),
        ({"status": "done", "percent": "50"}, "percent", "完成进度应为 100%"),
        ({"date": "2099-01-01"}, "date", "不能晚于今天"),
    ],
)
def test_invalid_reports_are_refused_with_a_message(client, task, fields, field, message):
    client.force_login(task["leader"].user)
    response = client.post(task["url"], report(**fields))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert message in response.content.decode()
    assert not ProgressReport.objects.exists()
    task["item"].refresh_from_db()
    assert task["item"].status == PlanItem.Status.NOT_STARTED


def test_attachments_are_checked_for_type_and_size(client, task, monkeypatch):
    client.force_login(task["leader"].user)
    script = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(task["url"], report(attachment=script))
    assert "不支持 .exe 文件" in " ".join(response.context["form"].errors["attachment"])

    with monkeypatch.context() as patch:
        patch.setattr(ProgressReport.FILE_POLICY, "max_bytes", 100)
        big = SimpleUploadedFile("scan.pdf", b"%PDF-1.4 " * 100, content_type="application/pdf")
        response = client.post(task["url"], report(attachment=big))
    assert "文件不能超过" in " ".join(response.context["form"].errors["attachment"])
    assert not ProgressReport.objects.exists()


def test_report_files_go_through_the_upload_policy(client, task):
    """A web page renamed .pdf, or a JPEG named .png, is refused as article attachments are."""
    client.force_login(task["leader"].user)
    page = SimpleUploadedFile("report.pdf", b"<html><script>alert(1)</script></html>", "application/pdf")
    response = client.post(task["url"], report(attachment=page))
    assert "文件内容不是PDF 文档" in " ".join(response.context["form"].errors["attachment"])
    assert not ProgressReport.objects.exists()

    pdf = SimpleUploadedFile("进展.pdf", b"%PDF-1.4 ok", content_type="application/pdf")
    client.post(task["url"], report(attachment=pdf))
    saved_report = ProgressReport.objects.get()
    assert saved_report.attachment.name.startswith("reports/") and saved_report.attachment.name.endswith(
        ".pdf"
    )


def test_reports_are_never_overwritten(task):
    saved = ProgressReport.objects.create(
        item=task["item"], author=task["staff"], text="一", status="in_progress", percent=10
    )
    saved.text = "改写"
    with pytest.raises(ValueError):
        saved.save()


def test_a_staff_account_without_permissions_sees_only_what_the_public_sees(
    client, task, bare_staff_user, make_plan, make_item, make_leader
):
    client.force_login(bare_staff_user)
    assert client.get(task["url"]).status_code == 403
    draft = make_item(make_plan(dt.date(2020, 12, 1), status="draft"), [make_leader("另一位领导")])
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(draft.plan.get_absolute_url()).status_code == 404
    assert client.get("/plans/overview/").status_code == 403
