"""A month's plan in minutes: next month's plan from the current one (续办), and the items
entered in one table with their leaders and departments in order."""

import datetime as dt

import pytest

from tests.editorial_fixtures import messages_of
from workplans import planning
from workplans.models import PlanItem, WorkPlan

NOVEMBER, DECEMBER = dt.date(2020, 11, 1), dt.date(2020, 12, 1)


@pytest.fixture
def november(make_plan, make_item, make_leader, make_department):
    plan = make_plan(NOVEMBER)
    first, second = make_leader("高启秀"), make_leader("张征军")
    office, union = make_department("办公室"), make_department("经技部")
    make_item(plan, order=1, content="已完成的事项", status=PlanItem.Status.DONE, leaders=[first])
    make_item(plan, order=2, content="进行中的事项", status=PlanItem.Status.IN_PROGRESS,
              leaders=[second, first], departments=[union, office], due_date=dt.date(2020, 11, 20))
    make_item(plan, order=3, content="未开始的事项", responsibility_note="相关部室", departments=[office])
    return plan


def test_next_month_carries_over_the_unfinished_items(november, editor):
    plan = planning.create_next_month(november, editor)
    assert (plan.month, plan.status) == (DECEMBER, WorkPlan.Status.DRAFT)
    assert plan.title == "荆州市总工会十二月工作计划"
    items = list(plan.items.with_responsibility())
    assert [item.content for item in items] == ["进行中的事项", "未开始的事项"]
    assert [item.order for item in items] == [1, 2]
    carried = items[0]
    assert carried.is_carried_over and carried.carried_from.content == "进行中的事项"
    assert carried.carried_from.plan == november
    assert carried.leaders_text == "张征军、高启秀" and carried.departments_text == "经技部、办公室"
    assert carried.status == PlanItem.Status.IN_PROGRESS and carried.due_date is None
    assert items[1].departments_text == "办公室、相关部室"
    assert carried.history.first().history_change_reason == "续办"


def test_next_month_is_not_made_twice(november, editor):
    planning.create_next_month(november, editor)
    with pytest.raises(planning.NextPlanError, match="2020年12月的计划“荆州市总工会十二月工作计划”已经存在"):
        planning.create_next_month(november, editor)


def test_the_admin_action_as_editor(november, editor, login):
    client = login(editor)
    response = client.post("/admin/workplans/workplan/", {
        "action": "create_next_month", "_selected_action": [november.pk], "index": 0}, follow=True)
    plan = WorkPlan.objects.get(month=DECEMBER)
    assert response.redirect_chain[-1][0] == f"/admin/workplans/workplan/{plan.pk}/change/"
    assert "2 项未完成事项转入续办" in " ".join(messages_of(response))
    html = response.content.decode()
    assert "续办" in html and "item_leaders" in html and "item_departments" in html


def test_the_item_table_saves_leaders_and_departments_in_order(november, editor, login):
    from workplans.models import Department, Leader

    plan = WorkPlan.objects.create(month=DECEMBER)
    first, second = Leader.objects.get(name="高启秀"), Leader.objects.get(name="张征军")
    office, union = Department.objects.get(name="办公室"), Department.objects.get(name="经技部")
    row = {"order": "", "content": "召开全委会议。", "responsibility_note": "", "due_date": "",
           "status": "not_started"}
    data = {
        "organization": plan.organization, "month": "2020-12-01", "title": plan.title, "bulletin": "",
        "items-TOTAL_FORMS": "2", "items-INITIAL_FORMS": "0", "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
        **{f"items-0-{key}": value for key, value in row.items()},
        "items-0-item_leaders": [second.pk, first.pk], "items-0-item_departments": [union.pk, office.pk],
        **{f"items-1-{key}": value for key, value in {**row, "content": "第二项"}.items()},
        "items-1-item_leaders": [first.pk],
        "_continue": "1",
    }
    response = login(editor).post(f"/admin/workplans/workplan/{plan.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    items = list(plan.items.with_responsibility())
    assert [(item.order, item.content) for item in items] == [(1, "召开全委会议。"), (2, "第二项")]
    assert items[0].leaders_text == "张征军、高启秀" and items[0].departments_text == "经技部、办公室"
    assert items[1].leaders_text == "高启秀"
    # Shown again in the chosen order.
    html = login(editor).get(f"/admin/workplans/workplan/{plan.pk}/change/").content.decode()
    assert html.index(f'value="{second.pk}" selected') < html.index(f'value="{first.pk}" selected')


def test_the_leader_picker_answers_editors(november, editor, login):
    response = login(editor).get("/admin/autocomplete/", {
        "app_label": "workplans", "model_name": "planitem", "field_name": "leaders", "term": "张"})
    assert response.status_code == 200 and response.json()["results"][0]["text"] == "张征军"


def test_the_task_page_says_where_an_item_is_carried_from(november, editor):
    from django.test import Client

    plan = planning.create_next_month(november, editor)
    WorkPlan.objects.filter(pk=plan.pk).update(status=WorkPlan.Status.PUBLISHED)
    item = plan.items.get(order=1)
    client = Client()
    client.force_login(item.ordered_leaders[0].user)
    html = client.get(item.get_absolute_url()).content.decode()
    assert "续办自" in html and "2020年11月第2项" in html
    assert f"#item-{item.carried_from_id}" in html
