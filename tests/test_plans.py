import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.db.models import ProtectedError

from imports.pipeline import guess_due_date, split_responsibility
from workplans.models import (
    Department,
    Leader,
    PlanItem,
    PlanItemDepartment,
    PlanItemLeader,
    WorkPlan,
)

SEED_RESPONSIBILITY = {
    1: (["高启秀"], ["权益保障部", "职工服务中心"]),
    2: (["高启秀", "葛艳平", "罗莉"], ["组织部", "工业制造业工会联合会"]),
    3: (["高启秀"], ["女工部", "直属工会"]),
    4: (["高启秀", "罗莉"], ["权益保障部"]),
    5: (["高启秀", "董军", "罗莉"], ["经审办", "权益保障部", "职工服务中心"]),
    6: (["郭红萍"], ["宣教网络部", "相关部室"]),
    7: (["郭红萍", "何建平"], ["市总工会工人文化宫"]),
    8: (["郭红萍"], ["宣教网络部"]),
    9: (["张征军"], ["经技部"]),
    10: (["张征军"], ["基层工作部"]),
}


@pytest.fixture
def demo_plan(db):
    call_command("load_demo", verbosity=0)
    return WorkPlan.objects.get(month=dt.date(2020, 11, 1))


def test_demo_plan_items_name_exactly_the_seed_leaders_and_departments(demo_plan):
    assert demo_plan.title == "荆州市总工会十一月工作计划"
    assert demo_plan.bulletin.number == 62
    items = list(demo_plan.items.with_responsibility())
    assert [item.order for item in items] == list(range(1, 11))
    for item in items:
        leaders, departments = SEED_RESPONSIBILITY[item.order]
        assert [leader.name for leader in item.ordered_leaders] == leaders, item.order
        assert item.department_names == departments, item.order
    # 相关部室 names no department: it is kept as the item's note, not as a record.
    assert items[5].responsibility_note == "相关部室"
    assert not Department.objects.filter(name="相关部室").exists()
    assert items[6].due_date == dt.date(2020, 11, 30)  # 力争11月底


def item_numbers(html):
    return [int(number) for number in re.findall(r'<td data-label="序号">(\d+)</td>', html)]


@pytest.mark.parametrize(
    ("name", "expected"),
    [("高启秀", [1, 2, 3, 4, 5]), ("郭红萍", [6, 7, 8]), ("张征军", [9, 10]), ("罗莉", [2, 4, 5])],
)
def test_leader_page_lists_exactly_that_leaders_items(client, demo_plan, name, expected):
    leader = Leader.objects.get(name=name)
    html = client.get(leader.get_absolute_url()).content.decode()
    assert f"<h1>{name}的工作任务</h1>" in html
    assert item_numbers(html) == expected
    assert "2020年11月" in html


def test_department_page_lists_exactly_its_items(client, demo_plan):
    department = Department.objects.get(name="权益保障部")
    html = client.get(department.get_absolute_url()).content.decode()
    assert item_numbers(html) == [1, 4, 5]


def test_plan_page_shows_fields_as_the_bulletin_does(client, demo_plan):
    html = client.get(demo_plan.get_absolute_url()).content.decode()
    text = re.sub(r"<[^>]+>", "", html)
    assert "2、召开荆州市总工会工业制造业工会联合会第二次全体委员会议" in text
    assert "责任领导:高启秀、葛艳平、罗莉" in text
    assert "责任部室:组织部、工业制造业工会联合会" in text
    assert "责任部室:宣教网络部、相关部室" in text
    assert "责任部室:市总工会工人文化宫" in text
    assert "完成时限 2020-11-30" in text


def test_draft_plans_are_hidden_from_the_public(client, demo_plan):
    demo_plan.status = WorkPlan.Status.DRAFT
    demo_plan.save()
    assert client.get(demo_plan.get_absolute_url()).status_code == 404
    leader = Leader.objects.get(name="高启秀")
    assert item_numbers(client.get(leader.get_absolute_url()).content.decode()) == []
    bulletin_html = client.get(demo_plan.bulletin.get_absolute_url()).content.decode()
    assert "十一月工作计划" not in bulletin_html


def test_a_leader_with_items_cannot_be_deleted(demo_plan):
    leader = Leader.objects.get(name="罗莉")
    with pytest.raises(ProtectedError):
        leader.delete()
    department = Department.objects.get(name="经审办")
    with pytest.raises(ProtectedError):
        department.delete()
    assert PlanItemLeader.objects.filter(leader=leader).count() == 3


def test_admin_refuses_to_delete_a_leader_with_items_and_says_why(admin_client, demo_plan):
    leader = Leader.objects.get(name="罗莉")
    url = f"/admin/workplans/leader/{leader.pk}/delete/"
    page = admin_client.get(url).content.decode()
    assert "需要删除以下受保护的相关对象" in page or "受保护" in page
    admin_client.post(url, {"post": "yes"})
    assert Leader.objects.filter(pk=leader.pk).exists()


def test_an_inactive_leader_keeps_their_items(client, demo_plan):
    leader = Leader.objects.get(name="张征军")
    leader.is_active = False
    leader.save()
    assert item_numbers(client.get(leader.get_absolute_url()).content.decode()) == [9, 10]
    assert "张征军" not in client.get("/plans/").content.decode().split("责任部室")[0]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("力争11月底，主体楼封顶", dt.date(2020, 11, 30)),
        ("于十二月十五日前完成", None),  # only 月底 / N月N日 wording is read
        ("12月20日前完成", dt.date(2020, 12, 20)),
        ("1月底前完成", dt.date(2021, 1, 31)),  # earlier month than the plan: next year
        ("继续推进职工素质大讲堂活动", None),
    ],
)
def test_due_dates_are_read_from_the_item_text(content, expected):
    assert guess_due_date(content, dt.date(2020, 11, 1)) == expected


def test_generic_department_wording_becomes_a_note():
    assert split_responsibility(["宣教网络部", "相关部室", "有关单位"]) == (
        ["宣教网络部"],
        "相关部室、有关单位",
    )


@pytest.fixture(params=[10, 200], ids=["10-items", "200-items"])
def big_plan(request, demo_plan):
    leaders = list(Leader.objects.all())
    departments = list(Department.objects.all())
    demo_plan.items.all().delete()
    for order in range(1, request.param + 1):
        item = PlanItem.objects.create(plan=demo_plan, order=order, content=f"任务{order}")
        PlanItemLeader.objects.create(item=item, leader=leaders[0], order=0)
        second = leaders[1 + order % (len(leaders) - 1)]
        PlanItemLeader.objects.create(item=item, leader=second, order=1)
        PlanItemDepartment.objects.create(item=item, department=departments[0], order=0)
    return demo_plan


# Measured: the first request after a change reads tree + settings and asks when the next
# scheduled article appears, then the page's own (bulletin: article, attachments, neighbours,
# sections, the plan items each section reports, the plan, its items, leaders, departments;
# plan: object, items + 2 prefetches; leader/department: object, the count for the pages,
# items + 2). For readers who are not signed in, what is kept for the content generation
# (core.page_cache.remember) leaves later requests none.
@pytest.mark.parametrize(
    ("page", "budget", "kept_budget"),
    [("bulletin", 14, 0), ("plan", 7, 0), ("leader", 8, 0), ("department", 8, 0)],
)
def test_plan_pages_run_a_fixed_number_of_queries(
    client, big_plan, django_assert_max_num_queries, page, budget, kept_budget, uncached_pages
):
    urls = {
        "bulletin": big_plan.bulletin.get_absolute_url(),
        "plan": big_plan.get_absolute_url(),
        "leader": Leader.objects.first().get_absolute_url(),
        "department": Department.objects.first().get_absolute_url(),
    }
    with django_assert_max_num_queries(budget):
        response = client.get(urls[page])
    assert response.status_code == 200
    assert response.content.decode().count("任务1") >= 1
    with django_assert_max_num_queries(kept_budget):
        again = client.get(urls[page])
    assert again.content == response.content


def test_plan_history_is_shown_and_deletions_are_audited(admin_client, demo_plan):
    from audit.models import AuditEntry

    item = demo_plan.items.get(order=3)
    item.content = "举办“11.11”青年职工交友活动（改期）"
    item.save()
    history = admin_client.get(f"/admin/workplans/planitem/{item.pk}/history/").content.decode()
    assert "（改期）" in history and "交友活动。" in history  # the edit and the imported original
    response = admin_client.post(f"/admin/workplans/planitem/{item.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action=AuditEntry.Action.PURGE)
    assert entry.object_repr.startswith("举办“11.11”") and entry.username == "admin"
    assert not PlanItem.objects.filter(pk=item.pk).exists()


def test_leader_and_department_pages_come_a_page_at_a_time(client, make_plan, make_item, make_leader,
                                                          make_department):
    leader, department = make_leader("高启秀", with_user=False), make_department("经技部")
    for month in range(1, 13):
        plan = make_plan(dt.date(2019, month, 1))
        for order in range(1, 4):
            make_item(plan, leaders=[leader], departments=[department], order=order,
                      content=f"任务{month:02d}-{order}")
    for responsible in (leader, department):
        url = responsible.get_absolute_url()
        first = client.get(url).content.decode()
        assert "任务12-1" in first and "任务02-1" not in first  # newest first, 30 of 36
        assert "第 1 页 / 共 2 页（36 条）" in first
        last = client.get(url, {"page": 2}).content.decode()
        assert "任务02-1" in last and "任务01-3" in last and "任务12-1" not in last
        assert client.get(url, {"page": 3}).status_code == 404
        assert client.get(url, {"page": "abc"}).status_code == 404
