"""督办: 交办 on publication, 签收, 催办, 办结, 延期 and 评价, each as its own roles may take it."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from core import roles
from supervision.models import Assignment, Step, Supervision
from workplans import planning
from workplans.models import PlanItem, PlanItemDepartment, PlanItemLeader, WorkPlan

ZHANG_PASSWORD = "pw-123456-jz"


@pytest.fixture
def duban(
    make_leader,
    make_department,
    make_user,
    make_staff,
    make_plan,
    make_item,
    time_machine,
    django_capture_on_commit_callbacks,
):
    """A December plan published on 2020-12-10: item 1 for 张征军 with 经技部 (主办) and 组织部
    (协办), item 2 for 罗莉 alone."""
    time_machine.move_to(dt.datetime(2020, 12, 10, 9, tzinfo=dt.UTC), tick=False)
    zhang = make_leader("张征军", email="zhang@example.com")
    zhang.user.first_name = "张征军"
    zhang.user.save()
    luo = make_leader("罗莉", email="luo@example.com")
    member = make_user("jingji", first_name="李明", email="li@example.com")
    jingji = make_department("经技部", members=[member])
    zuzhi = make_department("组织部")
    plan = make_plan(dt.date(2020, 12, 1), status=WorkPlan.Status.DRAFT)
    first = make_item(
        plan,
        [zhang],
        [jingji, zuzhi],
        order=1,
        content="组队参加全省职工职业技能大赛",
        due_date=dt.date(2020, 12, 20),
    )
    PlanItemDepartment.objects.filter(item=first, department=zuzhi).update(
        role=PlanItemDepartment.Role.SUPPORT
    )
    second = make_item(plan, [luo], order=2, content="开展“安全生产月”活动")
    plan.status = WorkPlan.Status.PENDING
    plan.save()
    with django_capture_on_commit_callbacks(execute=True):
        planning.take(plan, "approve", make_staff("shenhe", roles.REVIEWERS))
    plan.refresh_from_db()
    return {
        "plan": plan,
        "first": first,
        "second": second,
        "zhang": zhang,
        "luo": luo,
        "member": member,
        "jingji": jingji,
        "zuzhi": zuzhi,
    }


def step_url(item, action):
    return f"/plans/items/{item.pk}/duban/{action}/"


def post_step(client, item, action, **data):
    return client.post(step_url(item, action), {f"{action}-{key}": value for key, value in data.items()})


def test_publishing_hands_each_item_to_its_leaders_and_departments_and_mails_them(duban):
    first = duban["first"]
    parties = sorted(str(assignment.party) for assignment in Assignment.objects.filter(item=first))
    assert parties == ["张征军", "组织部", "经技部"]
    assert Assignment.objects.filter(item=duban["second"]).count() == 1
    assert Step.objects.filter(kind=Step.Kind.ASSIGN).count() == 4
    assert Supervision.objects.get(item=first).stage == Supervision.Stage.OPEN

    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"zhang@example.com", "luo@example.com", "li@example.com"}
    body = by_address["zhang@example.com"].body
    assert by_address["zhang@example.com"].subject == "工作任务交办通知（1 项）"
    assert body.startswith("张征军同志：")
    assert "荆州市总工会2020年十二月工作计划已发布" in body
    assert "第1项：组队参加全省职工职业技能大赛" in body
    assert "完成时限 2020-12-20，剩余10天" in body
    assert f"http://127.0.0.1/plans/items/{first.pk}/" in body
    assert body.rstrip().endswith("荆州市总工会办公室\n2020年12月10日")
    assert "（经技部）" in by_address["li@example.com"].body


def test_publishing_a_plan_again_hands_out_nothing_twice(duban, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        duban["plan"].save()
        planning.announce_published(duban["plan"])
    assert Assignment.objects.count() == 4 and not mail.outbox


def test_draft_plans_are_not_handed_out(
    make_plan, make_item, make_leader, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        plan = make_plan(dt.date(2020, 12, 1), status=WorkPlan.Status.DRAFT)
        make_item(plan, [make_leader()])
        plan.save()
    assert not Assignment.objects.exists()


def test_leader_signs_in_my_tasks_and_department_staff_sign_for_the_department(client, duban):
    zhang = duban["zhang"].user
    client.force_login(zhang)
    page = client.get("/plans/my/").content.decode()
    assert "待签收的交办事项（1）" in page and "交办给张征军" in page
    mine = Assignment.objects.get(leader=duban["zhang"])
    response = client.post(f"/plans/assignments/{mine.pk}/sign/", {"next": "/plans/my/"})
    assert response.status_code == 302 and response["Location"] == "/plans/my/"
    mine.refresh_from_db()
    assert mine.signed_by == zhang and mine.signed_at is not None
    assert "待签收的交办事项" not in client.get("/plans/my/").content.decode()

    # The leader is not staff of 经技部: that assignment is not his to sign.
    department = Assignment.objects.get(department=duban["jingji"])
    assert client.post(f"/plans/assignments/{department.pk}/sign/").status_code == 403
    client.force_login(duban["member"])
    client.post(f"/plans/assignments/{department.pk}/sign/")
    department.refresh_from_db()
    assert department.signed_by == duban["member"]
    # Signing twice is refused with a message, not an error page.
    response = client.post(f"/plans/assignments/{department.pk}/sign/", follow=True)
    assert "已于2020-12-10 17:00签收" in response.content.decode()
    assert (
        AuditEntry.objects.filter(action=AuditEntry.Action.SUPERVISE, detail__startswith="签收").count() == 2
    )

    item_page = client.get(duban["first"].get_absolute_url()).content.decode()
    assert "李明于2020-12-10 17:00签收" in item_page and "未签收" in item_page  # 组织部 has not


def test_the_office_urges_an_item_the_leader_sees_it_and_is_mailed(
    client, duban, reviewer, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_step(client, duban["first"], "urge", reason="请于本周内报送参赛名单。")
    assert response.status_code == 302
    step = Step.objects.get(kind=Step.Kind.URGE)
    assert step.user == reviewer and step.reason == "请于本周内报送参赛名单。"
    assert {message.to[0] for message in mail.outbox} == {"zhang@example.com", "li@example.com"}
    assert mail.outbox[0].subject == "工作任务催办通知（1 项）"
    assert "催办意见：请于本周内报送参赛名单。" in mail.outbox[0].body
    entry = AuditEntry.objects.get(action=AuditEntry.Action.SUPERVISE, user=reviewer)
    assert entry.detail.startswith("催办：") and entry.object_id == str(duban["first"].pk)

    client.force_login(duban["zhang"].user)
    page = client.get("/plans/my/").content.decode()
    assert "办公室催办" in page and "请于本周内报送参赛名单。" in page
    # Urging takes a reason.
    client.force_login(reviewer)
    response = post_step(client, duban["first"], "urge", reason=" ")
    assert Step.objects.filter(kind=Step.Kind.URGE).count() == 1
    assert "“催办”时必须填写说明。" in client.get(response["Location"]).content.decode()


def test_extension_requested_approved_and_the_deadline_follows(client, duban, administrator):
    first = duban["first"]
    client.force_login(duban["zhang"].user)
    response = post_step(client, first, "request_extension", new_date="2020-12-15", reason="场地未定")
    page = client.get(response["Location"]).content.decode()
    assert "新的完成时限应晚于现在的完成时限 2020-12-20。" in page
    post_step(client, first, "request_extension", new_date="2021-01-10", reason="比赛推迟到一月举行")
    assert Supervision.objects.get(item=first).requested_due_date == dt.date(2021, 1, 10)
    # A second request waits for the first to be decided.
    response = post_step(client, first, "request_extension", new_date="2021-01-20", reason="再推迟")
    assert "已有一项延期申请正在审批" in client.get(response["Location"]).content.decode()
    # The leader may not approve his own request.
    assert post_step(client, first, "approve_extension").status_code == 403

    client.force_login(administrator)  # 管理员, not a superuser
    post_step(client, first, "approve_extension", reason="同意")
    first.refresh_from_db()
    assert first.due_date == dt.date(2021, 1, 10) and first.deadline_text == "2021-01-10"
    step = Step.objects.get(kind=Step.Kind.APPROVE_EXTENSION)
    assert (step.old_date, step.new_date, step.user) == (
        dt.date(2020, 12, 20),
        dt.date(2021, 1, 10),
        administrator,
    )
    page = client.get(first.get_absolute_url()).content.decode()
    assert "原时限 2020-12-20 → 新时限 2021-01-10" in page
    assert Supervision.objects.get(item=first).requested_due_date is None
    # The approval changed the item's due date: its one audit entry is the 督办 step's, which
    # names the item's revision, not a second 修改内容 entry.
    approval = AuditEntry.objects.filter(action=AuditEntry.Action.SUPERVISE, user=administrator).get()
    assert approval.revision_id == first.history.latest().history_id
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EDIT, object_id=str(first.pk)).exists()


def test_refusing_an_extension_takes_a_reason_and_keeps_the_deadline(client, duban, reviewer):
    first = duban["first"]
    client.force_login(duban["member"])  # staff of 经技部 answer for the item too
    post_step(client, first, "request_extension", new_date="2021-01-10", reason="人手不足")
    client.force_login(reviewer)
    post_step(client, first, "refuse_extension")
    assert Supervision.objects.get(item=first).requested_due_date == dt.date(2021, 1, 10)
    post_step(client, first, "refuse_extension", reason="时限不变，请抓紧")
    first.refresh_from_db()
    assert first.due_date == dt.date(2020, 12, 20)
    assert Step.objects.get(kind=Step.Kind.REFUSE_EXTENSION).new_date == dt.date(2021, 1, 10)


def test_completion_requested_sent_back_confirmed_then_rated(client, duban, reviewer):
    first = duban["first"]
    client.force_login(duban["zhang"].user)
    post_step(client, first, "request_completion", reason="已组队参赛")
    assert Supervision.objects.get(item=first).stage == Supervision.Stage.COMPLETION_REQUESTED

    client.force_login(reviewer)
    post_step(client, first, "return_completion")  # a reason is required
    assert Supervision.objects.get(item=first).stage == Supervision.Stage.COMPLETION_REQUESTED
    post_step(client, first, "return_completion", reason="请补充参赛名单")
    assert Supervision.objects.get(item=first).stage == Supervision.Stage.OPEN
    # Rating waits until the item is closed.
    response = post_step(client, first, "rate", rating="good")
    assert "不能“评价”：本事项当前是“办理中”。" in client.get(response["Location"]).content.decode()

    client.force_login(duban["zhang"].user)
    post_step(client, first, "request_completion", reason="名单已补充")
    client.force_login(reviewer)
    post_step(client, first, "confirm_completion")
    first.refresh_from_db()
    assert first.status == PlanItem.Status.DONE
    assert Supervision.objects.get(item=first).stage == Supervision.Stage.CLOSED
    post_step(client, first, "rate", rating="excellent", reason="组织有力")
    assert Supervision.objects.get(item=first).rating == "excellent"
    kinds = list(
        Step.objects.filter(item=first).exclude(kind=Step.Kind.ASSIGN).values_list("kind", flat=True)
    )
    assert kinds == [
        "rate",
        "confirm_completion",
        "request_completion",
        "return_completion",
        "request_completion",
    ]
    page = client.get(first.get_absolute_url()).content.decode()
    assert "督办 · 已办结" in page and "<dt>评价</dt><dd>优秀</dd>" in page


OFFICE_STEPS = [
    "urge",
    "confirm_completion",
    "return_completion",
    "approve_extension",
    "refuse_extension",
    "rate",
]
RESPONSIBLE_STEPS = ["request_completion", "request_extension"]


@pytest.mark.parametrize("action", OFFICE_STEPS)
def test_crafted_office_steps_by_a_leader_or_an_editor_are_refused(client, duban, editor, action):
    data = {"reason": "x", "rating": "good"}
    for user in (duban["zhang"].user, duban["member"], editor):
        client.force_login(user)
        assert post_step(client, duban["first"], action, **data).status_code == 403
    assert not Step.objects.exclude(kind=Step.Kind.ASSIGN).exists()


@pytest.mark.parametrize("action", RESPONSIBLE_STEPS)
def test_crafted_responsible_steps_by_others_are_refused(client, duban, reviewer, action):
    data = {"reason": "x", "new_date": "2021-01-10"}
    # 罗莉 answers for item 2, not item 1; the office does not answer for items.
    for user in (duban["luo"].user, reviewer):
        client.force_login(user)
        assert post_step(client, duban["first"], action, **data).status_code == 403
    assert not Step.objects.exclude(kind=Step.Kind.ASSIGN).exists()


def test_anonymous_unknown_steps_and_unpublished_items(client, duban, reviewer, make_plan, make_item):
    response = post_step(client, duban["first"], "urge", reason="x")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client.force_login(reviewer)
    assert client.post(step_url(duban["first"], "delete")).status_code == 404
    assert client.get(step_url(duban["first"], "urge")).status_code == 405
    draft = make_item(make_plan(dt.date(2021, 1, 1), status=WorkPlan.Status.DRAFT), [duban["zhang"]])
    assert post_step(client, draft, "urge", reason="x").status_code == 404
    assert client.post("/plans/assignments/999999/sign/").status_code == 404


def test_the_item_page_offers_each_person_only_their_steps(client, duban, reviewer):
    client.force_login(duban["zhang"].user)
    page = client.get(duban["first"].get_absolute_url()).content.decode()
    assert "<legend>申请办结</legend>" in page and "<legend>申请延期</legend>" in page
    assert "<legend>催办</legend>" not in page
    client.force_login(reviewer)
    page = client.get(duban["first"].get_absolute_url()).content.decode()
    assert "<legend>催办</legend>" in page and "<legend>申请办结</legend>" not in page


def test_lead_and_supporting_departments_and_a_named_handler(client, duban, make_user):
    first = duban["first"]
    assert first.departments_text == "经技部、组织部（协办）"
    link = PlanItemDepartment.objects.get(item=first, department=duban["jingji"])
    link.handler = make_user("outsider")
    with pytest.raises(ValidationError) as error:
        link.full_clean()
    assert error.value.message_dict == {"handler": ["承办人须是本部室的工作人员。"]}
    link.handler = duban["member"]
    link.full_clean()
    link.save()
    client.force_login(duban["member"])
    page = client.get(first.get_absolute_url()).content.decode()
    assert "经技部<span class=\"muted\">（承办人：李明）</span>" in page
    assert "组织部（协办）" in page


def test_the_office_roles_hold_the_supervise_permission(editor, reviewer, administrator):
    assert reviewer.has_perm("supervision.supervise") and administrator.has_perm("supervision.supervise")
    assert not editor.has_perm("supervision.supervise")


def test_a_leader_added_to_a_published_item_is_handed_it(
    duban, make_leader, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    ge = make_leader("葛艳平", email="ge@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        PlanItemLeader.objects.create(item=duban["second"], leader=ge, order=1)
    assert Assignment.objects.filter(item=duban["second"], leader=ge, signed_at__isnull=True).exists()
    assert [message.to for message in mail.outbox] == [["ge@example.com"]]
    assert Assignment.objects.filter(item=duban["second"]).count() == 2


@pytest.mark.parametrize(
    ("action", "data", "message"),
    [
        ("request_extension", {"new_date": "2021-02-30", "reason": "x"}, "未能申请延期：申请延期至："),
        ("request_extension", {"reason": "x"}, "未能申请延期：申请延期至："),
        ("request_completion", {"reason": "长" * 1001}, "未能申请办结：说明："),
    ],
)
def test_bad_input_is_a_chinese_message_and_changes_nothing(client, duban, action, data, message):
    client.force_login(duban["zhang"].user)
    response = post_step(client, duban["first"], action, **data)
    assert response.status_code == 302
    assert message in client.get(response["Location"]).content.decode()
    assert not Step.objects.exclude(kind=Step.Kind.ASSIGN).exists()
    assert Supervision.objects.get(item=duban["first"]).stage == Supervision.Stage.OPEN


def test_rating_outside_the_scale_is_refused(client, duban, reviewer):
    client.force_login(duban["zhang"].user)
    post_step(client, duban["first"], "request_completion")
    client.force_login(reviewer)
    post_step(client, duban["first"], "confirm_completion")
    response = post_step(client, duban["first"], "rate", rating="perfect")
    assert "未能评价：评价：" in client.get(response["Location"]).content.decode()
    assert Supervision.objects.get(item=duban["first"]).rating == ""


def test_an_urge_stands_when_the_mail_server_is_down(client, duban, reviewer, monkeypatch,
                                                    django_capture_on_commit_callbacks):
    def broken(*args, **kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr("supervision.notices.send_mail", broken)
    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_step(client, duban["first"], "urge", reason="请抓紧")
    assert response.status_code == 302
    assert Step.objects.filter(kind=Step.Kind.URGE).exists()


def test_an_editor_picks_a_handler_among_department_staff_in_the_admin(duban, editor, login):
    client = login(editor)
    page = client.get(f"/admin/workplans/planitem/{duban['first'].pk}/change/")
    assert page.status_code == 200
    field = page.context["inline_admin_formsets"][1].formset.forms[0].fields["handler"]
    assert list(field.queryset) == [duban["member"]]
