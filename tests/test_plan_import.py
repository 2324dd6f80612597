"""导入工作计划: a plan written as its own document, items pasted into a draft plan, and a
bulletin import on an installation with no series yet."""

import datetime as dt
from pathlib import Path

import pytest

from bulletins.models import Bulletin, BulletinSeries
from tests.editorial_fixtures import messages_of
from workplans.models import Leader, PlanItem, WorkPlan

SAMPLES = Path(__file__).resolve().parent / "samples"
STANDALONE = (SAMPLES / "plan-december.txt").read_text()
SEED = Path(__file__).resolve().parent.parent / "demo" / "fixtures" / "bulletin-2020-62.txt"
URL = "/admin/import/plan/"


def confirm_data(preview):
    """What the preview's 确认导入 form posts."""
    form = preview.context["confirm_form"]
    values = {name: form[name].value() for name in form.fields}
    return {**{name: value for name, value in values.items() if value not in (None, "")}, "confirm": "1"}


def test_a_standalone_plan_previews_and_imports_without_a_bulletin(editor, login):
    client = login(editor)
    preview = client.post(URL, {"text": STANDALONE, "month": "2026-12"})
    html = preview.content.decode()
    assert preview.status_code == 200 and "无法导入" not in html
    assert "荆州市总工会十二月工作计划" in html and "2026年12月" in html and "事项（4 项）" in html
    assert "张征军（新）" in html and "经技部（新）" in html and "相关部室（作为说明保存）" in html
    new_leaders = html.split("将新建领导：")[1].split("；")[0]
    assert "、" in new_leaders and "张征军" in new_leaders and "官庆军" in new_leaders
    assert not WorkPlan.objects.exists()  # nothing before confirming

    response = client.post(URL, confirm_data(preview), follow=True)
    plan = WorkPlan.objects.get()
    assert response.redirect_chain[-1][0] == f"/admin/workplans/workplan/{plan.pk}/change/"
    assert "已导入 4 项" in " ".join(messages_of(response))
    assert (plan.month, plan.status, plan.bulletin) == (dt.date(2026, 12, 1), WorkPlan.Status.DRAFT, None)
    items = list(plan.items.with_responsibility())
    assert [item.order for item in items] == [1, 2, 3, 4]
    assert items[1].leaders_text == "官庆军" and items[1].departments_text == "办公室、组织部"
    assert items[2].content == "开展劳模工匠进企业活动" and items[2].leaders_text == "张征军"
    assert items[3].departments_text == "财资部、相关部室"
    assert not Bulletin.objects.exists()


def test_the_month_is_taken_from_the_title_when_left_empty(editor, login):
    html = login(editor).post(URL, {"text": STANDALONE}).content.decode()
    assert "年12月" in html and "无法导入" not in html


def test_pasted_items_are_added_to_a_draft_plan(editor, login, make_plan, make_item):
    plan = make_plan(dt.date(2026, 12, 1), status=WorkPlan.Status.DRAFT)
    make_item(plan, order=1, content="续办的事项")
    client = login(editor)
    page = client.get(f"/admin/workplans/workplan/{plan.pk}/change/").content.decode()
    assert f"/admin/import/plan/?plan={plan.pk}" in page
    items_only = STANDALONE.split("\n", 1)[1]
    preview = client.post(URL, {"plan": plan.pk, "text": items_only})
    assert "在“荆州市总工会十二月工作计划”中添加以下事项" in preview.content.decode()
    client.post(URL, confirm_data(preview))
    assert list(plan.items.values_list("order", "content"))[:2] == [
        (1, "续办的事项"), (2, "做好年终岁末困难职工帮扶工作。")]
    assert plan.items.count() == 5 and WorkPlan.objects.count() == 1


def test_items_cannot_be_pasted_into_a_published_plan(editor, login, make_plan):
    plan = make_plan(dt.date(2026, 12, 1))
    response = login(editor).post(URL, {"plan": plan.pk, "text": STANDALONE})
    assert "只能向草稿或退回修改的计划添加事项" in response.content.decode()
    assert not PlanItem.objects.exists()


def test_text_without_items_is_explained(editor, login):
    text = "荆州市总工会十二月工作计划\n请各部室认真抓好落实。"
    html = login(editor).post(URL, {"text": text}).content.decode()
    assert "编号的工作计划条目" in html  # the parser's own message, as a form error


def test_only_those_who_may_add_plans_import(make_user, login, reviewer):
    assert login(make_user("plain", is_staff=True)).get(URL).status_code == 403
    assert login(reviewer).get(URL).status_code == 200


def test_a_standalone_plan_in_the_bulletin_import_points_elsewhere(administrator, login, column_tree):
    BulletinSeries.objects.create(name="工会要情摘报", column=column_tree["bulletins"])
    html = login(administrator).post("/admin/import/bulletin/", {
        "series": BulletinSeries.objects.get().pk, "text": STANDALONE}).content.decode()
    assert "这是一份单独的工作计划" in html and "没有名为“（未识别）”的刊物" not in html


@pytest.mark.parametrize("who", ["administrator", "editor"])
def test_the_first_bulletin_import_offers_to_create_the_series(request, login, column_tree, who):
    user = request.getfixturevalue(who)
    client = login(user)
    assert not BulletinSeries.objects.exists()
    page = client.get("/admin/import/bulletin/").content.decode()
    if who == "editor":  # 编辑 may not add series: they are told what is missing
        html = client.post("/admin/import/bulletin/", {"text": SEED.read_text()}).content.decode()
        assert "新刊物所在栏目" not in page and "还没有名为“工会要情摘报”的刊物" in html
        return
    assert "新刊物所在栏目" in page
    column = column_tree["bulletins"]
    preview = client.post(
        "/admin/import/bulletin/", {"text": SEED.read_text(), "new_series_column": column.pk}
    )
    html = preview.content.decode()
    assert "工会要情摘报（将新建，栏目：" in html and "无法导入" not in html
    response = client.post("/admin/import/bulletin/", confirm_data(preview))
    assert response.status_code == 302
    series = BulletinSeries.objects.get()
    assert (series.name, series.column) == ("工会要情摘报", column)
    assert Bulletin.objects.get().series == series
    assert Leader.objects.filter(name="高启秀").exists()


@pytest.mark.parametrize("value", ["abc", "-1", "99999999999999999999"])
def test_a_bad_plan_id_is_a_form_error(editor, login, value):
    client = login(editor)
    assert client.get(URL, {"plan": value}).status_code == 200
    response = client.post(URL, {"plan": value, "text": STANDALONE})
    assert response.status_code == 200 and "只能向草稿或退回修改的计划添加事项" in response.content.decode()
    response = client.post(URL, {"plan": value, "source_text": STANDALONE, "confirm": "1"})
    assert response.status_code == 200 and not WorkPlan.objects.exists()


@pytest.mark.parametrize("value", ["abc", "99999999999999999999"])  # NUL: 400 (core.middleware)
def test_bad_leader_ids_in_the_item_table_are_a_form_error(editor, login, make_plan, value):
    plan = make_plan(dt.date(2026, 12, 1), status=WorkPlan.Status.DRAFT)
    response = login(editor).post(f"/admin/workplans/workplan/{plan.pk}/change/", {
        "organization": plan.organization, "month": "2026-12-01", "title": plan.title, "bulletin": "",
        "items-TOTAL_FORMS": "1", "items-INITIAL_FORMS": "0", "items-0-content": "新事项",
        "items-0-status": "not_started", "items-0-item_leaders": [value], "items-0-item_departments": [value],
    })
    assert response.status_code == 200 and not plan.items.exists()
