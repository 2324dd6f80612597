"""A plan's review (草稿 → 待审核 → 已发布) as each role, crafted POSTs included, and the
validation of items and progress reports."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from core import roles
from tests.editorial_fixtures import messages_of
from workplans import planning
from workplans.models import PlanItem, ProgressReport, WorkPlan
from workplans.signals import plan_published

MONTH = dt.date(2020, 12, 1)
Status = WorkPlan.Status


@pytest.fixture
def plan(make_plan, make_item):
    plan = make_plan(MONTH, status=Status.DRAFT)
    make_item(plan, content="第一项")
    return plan


@pytest.fixture
def published_signals():
    received = []

    def receiver(sender, plan, user, **kwargs):
        received.append((plan.pk, user.username))

    plan_published.connect(receiver)
    yield received
    plan_published.disconnect(receiver)


def plan_form_data(plan, **changes):
    data = {
        "organization": plan.organization, "month": f"{plan.month:%Y-%m-%d}", "title": plan.title,
        "bulletin": "", "items-TOTAL_FORMS": "0", "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0", "items-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def change(client, plan, **changes):
    return client.post(f"/admin/workplans/workplan/{plan.pk}/change/", plan_form_data(plan, **changes))


def test_editor_submits_and_reviewer_publishes(plan, editor, reviewer, login, published_signals):
    response = change(login(editor), plan, _transition="submit")
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == Status.PENDING

    page = login(reviewer).get(f"/admin/workplans/workplan/{plan.pk}/change/").content.decode()
    assert "审核通过并发布" in page and "退回修改" in page and "提交审核" in page  # the record too
    response = change(login(reviewer), plan, _transition="approve")
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == Status.PUBLISHED
    assert published_signals == [(plan.pk, "reviewer1")]
    actions = [step.action for step in planning.review_steps(plan)]
    assert actions == [AuditEntry.Action.SUBMIT, AuditEntry.Action.PUBLISH]
    reasons = list(plan.history.values_list("history_change_reason", flat=True))
    assert "审核通过并发布" in reasons and "提交审核" in reasons
    assert login(editor).get(plan.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("status", [Status.DRAFT, Status.PENDING])
def test_editor_cannot_publish_by_posting_status_or_a_step(plan, editor, login, status, published_signals):
    WorkPlan.objects.filter(pk=plan.pk).update(status=status)
    plan.refresh_from_db()
    client = login(editor)
    response = change(client, plan, status="published")
    assert response.status_code == 200
    assert "状态不能在表单中直接修改" in response.content.decode()
    response = change(client, plan, _transition="approve")
    assert response.status_code == 200
    assert "您没有审核发布工作计划的权限" in response.content.decode()
    response = client.post("/admin/workplans/workplan/", {
        "action": "approve_selected", "_selected_action": [plan.pk], "index": 0})
    plan.refresh_from_db()
    assert plan.status == status and published_signals == []
    assert client.get(f"/plans/{plan.pk}/").status_code == 200  # the editor previews it
    from django.test import Client

    assert Client().get(f"/plans/{plan.pk}/").status_code == 404


def test_send_back_needs_a_reason_and_shows_it(plan, editor, reviewer, login):
    planning.take(plan, "submit", editor)
    client = login(reviewer)
    response = change(client, plan, _transition="send_back", review_comment="")
    assert "退回时必须填写退回意见" in response.content.decode()
    response = change(client, plan, _transition="send_back", review_comment="第三项请写明时限。")
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.review_comment) == (Status.RETURNED, "第三项请写明时限。")
    page = login(editor).get(f"/admin/workplans/workplan/{plan.pk}/change/").content.decode()
    assert "审核人员的退回意见" in page and "第三项请写明时限。" in page
    assert AuditEntry.objects.filter(action=AuditEntry.Action.SEND_BACK, detail="第三项请写明时限。").exists()
    # Sent back, it may be submitted again.
    assert change(login(editor), plan, _transition="submit").status_code == 302


def test_steps_out_of_order_are_refused(plan, reviewer, make_staff, make_user):
    with pytest.raises(planning.PlanReviewError, match="只有“待审核”的计划可以审核通过并发布"):
        planning.take(plan, "approve", reviewer)
    with pytest.raises(planning.PlanReviewError, match="未知的审核操作"):
        planning.take(plan, "publish", reviewer)
    nobody = make_user("nobody", is_staff=True)
    with pytest.raises(planning.PlanReviewError, match="没有修改工作计划的权限"):
        planning.take(plan, "submit", nobody)
    empty = WorkPlan.objects.create(month=MONTH)
    with pytest.raises(planning.PlanReviewError, match="还没有事项"):
        planning.take(empty, "submit", reviewer)


def test_the_list_actions_follow_the_same_rules(plan, editor, reviewer, login):
    client = login(editor)
    client.post("/admin/workplans/workplan/", {
        "action": "submit_selected", "_selected_action": [plan.pk], "index": 0})
    plan.refresh_from_db()
    assert plan.status == Status.PENDING
    response = login(reviewer).post("/admin/workplans/workplan/", {
        "action": "approve_selected", "_selected_action": [plan.pk], "index": 0}, follow=True)
    plan.refresh_from_db()
    assert plan.status == Status.PUBLISHED and "已审核通过并发布 1 个计划。" in messages_of(response)


def test_administrators_publish_too_and_roles_say_who(db):
    assert roles.group(roles.REVIEWERS).permissions.filter(codename="publish_workplan").exists()
    assert roles.group(roles.ADMINISTRATORS).permissions.filter(codename="publish_workplan").exists()
    assert not roles.group(roles.EDITORS).permissions.filter(codename="publish_workplan").exists()


# Validation -----------------------------------------------------------------------------------


def test_a_new_item_takes_the_next_free_number(plan):
    last = plan.items.get().order
    item = PlanItem.objects.create(plan=plan, content="新事项")
    assert item.order == last + 1


def test_due_date_before_the_plan_month_is_refused(plan):
    item = PlanItem(plan=plan, content="x", due_date=dt.date(2020, 11, 30))
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert error.value.message_dict["due_date"] == [
        "完成时限不能早于计划月份（2020年12月），请填写该月或以后的日期。"]
    PlanItem(plan=plan, content="x", due_date=dt.date(2021, 1, 31)).full_clean()


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"date": dt.date(1900, 1, 1)}, "date",
     "进展日期不能早于计划月份（2020年12月），请填写 2020-12-01 以后的日期。"),
    ({"date": dt.date(2999, 1, 1)}, "date", "进展日期不能晚于今天。"),
    ({"status": PlanItem.Status.NOT_STARTED, "percent": 10}, "percent",
     "标记为“未开始”时，完成进度应为 0%；已有进展请选择“进行中”。"),
    ({"status": PlanItem.Status.DONE, "percent": 90}, "percent", "标记为“已完成”时，完成进度应为 100%。"),
])
def test_report_validation_messages(plan, make_user, changes, field, message):
    values = {"date": dt.date(2020, 12, 5), "status": PlanItem.Status.IN_PROGRESS, "percent": 50, **changes}
    report = ProgressReport(item=plan.items.get(), author=make_user(), text="进展", **values)
    with pytest.raises(ValidationError) as error:
        report.full_clean()
    assert error.value.message_dict[field] == [message]


def test_the_item_admin_shows_the_due_date_message(plan, editor, login):
    response = login(editor).post("/admin/workplans/planitem/add/", {
        "plan": plan.pk, "order": "", "content": "新事项", "due_date": "2020-01-31",
        "status": "not_started", "responsibility_note": "", "completion_note": "",
        "leader_links-TOTAL_FORMS": "0", "leader_links-INITIAL_FORMS": "0",
        "department_links-TOTAL_FORMS": "0", "department_links-INITIAL_FORMS": "0",
        "reports-TOTAL_FORMS": "0", "reports-INITIAL_FORMS": "0",
    })
    assert "完成时限不能早于计划月份（2020年12月）" in response.content.decode()
    assert plan.items.count() == 1


def test_the_add_page_offers_to_submit(editor, login, make_leader):
    leader = make_leader("高启秀")
    client = login(editor)
    page = client.get("/admin/workplans/workplan/add/").content.decode()
    assert "保存并提交审核" in page and "审核通过并发布" not in page
    response = client.post("/admin/workplans/workplan/add/", {
        **plan_form_data(WorkPlan(month=MONTH), month="2020-12-01", title=""),
        "items-TOTAL_FORMS": "1", "items-0-content": "召开全委会议。", "items-0-status": "not_started",
        "items-0-item_leaders": [leader.pk], "_transition": "submit",
    })
    assert response.status_code == 302
    plan = WorkPlan.objects.get()
    assert plan.status == Status.PENDING and plan.items.get().leaders_text == "高启秀"


def test_a_published_plan_changes_only_through_a_reviewer(plan, editor, reviewer, login, make_leader):
    WorkPlan.objects.filter(pk=plan.pk).update(status=Status.PUBLISHED)
    plan.refresh_from_db()
    item = plan.items.get()
    client = login(editor)
    page = client.get(f"/admin/workplans/workplan/{plan.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()  # view only
    item.set_responsible([make_leader("高启秀")], [])
    assert "高启秀" in client.get(f"/admin/workplans/workplan/{plan.pk}/change/").content.decode()
    assert change(client, plan, title="改过的标题").status_code == 403
    assert client.post(f"/admin/workplans/planitem/{item.pk}/change/", {"content": "改"}).status_code == 403
    assert client.post(f"/admin/workplans/planitem/{item.pk}/delete/", {"post": "yes"}).status_code == 403
    response = client.post("/admin/workplans/planitem/add/", {
        "plan": plan.pk, "content": "新事项", "status": "not_started",
        "leader_links-TOTAL_FORMS": "0", "leader_links-INITIAL_FORMS": "0",
        "department_links-TOTAL_FORMS": "0", "department_links-INITIAL_FORMS": "0",
        "reports-TOTAL_FORMS": "0", "reports-INITIAL_FORMS": "0",
    })
    assert response.status_code == 200 and plan.items.count() == 1
    plan.refresh_from_db()
    assert plan.title != "改过的标题"
    assert change(login(reviewer), plan, title="改过的标题").status_code == 302


def test_the_admin_index_counts_plans_to_review(plan, editor, reviewer, login):
    planning.take(plan, "submit", editor)
    assert "待审核的工作计划：<strong>1</strong> 个" in login(reviewer).get("/admin/").content.decode()
    planning.take(plan, "send_back", reviewer, "请补充时限。")
    assert "被退回的工作计划：<strong>1</strong> 个" in login(editor).get("/admin/").content.decode()
