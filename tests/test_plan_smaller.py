"""The summary draft made once, 完成情况见 links only where they open, 我的任务 in pages."""

import datetime as dt

from django.test import Client

from bulletins.models import Bulletin
from news.models import Article
from tests.editorial_fixtures import messages_of
from workplans.models import PlanItem, ProgressReport
from workplans.summaries import draft_next_summary


def finish(item, user):
    ProgressReport.objects.create(item=item, author=user, date=dt.date(2020, 11, 25), text="已办结。",
                                  status="done", percent=100)


def test_drafting_twice_opens_the_same_draft(seed, editor, login):
    finish(seed["plan"].items.get(order=3), seed["user"])
    first, created = draft_next_summary(seed["plan"])
    assert created
    numbers = set(Bulletin.objects.values_list("number", flat=True))
    client = login(editor)
    response = client.post("/admin/workplans/workplan/", {
        "action": "draft_summary", "_selected_action": [seed["plan"].pk], "index": 0}, follow=True)
    assert response.redirect_chain[-1][0] == f"/admin/bulletins/bulletin/{first.pk}/change/"
    assert any("已经存在，已为您打开，没有重复生成" in message for message in messages_of(response))
    assert set(Bulletin.objects.values_list("number", flat=True)) == numbers
    assert draft_next_summary(seed["plan"]) == (first, False)


def test_the_summary_link_shows_only_when_it_opens(seed, staff_user):
    item = seed["plan"].items.get(order=3)
    finish(item, seed["user"])
    draft, _ = draft_next_summary(seed["plan"])
    leader = Client()
    leader.force_login(seed["user"])
    html = leader.get(item.get_absolute_url()).content.decode()
    assert "完成情况见" not in html  # a leader may not open the draft
    office = Client()
    office.force_login(staff_user)
    assert "完成情况见" in office.get(item.get_absolute_url()).content.decode()

    Bulletin.objects.filter(pk=draft.pk).update(status=Article.Status.PUBLISHED)
    html = leader.get(item.get_absolute_url()).content.decode()
    assert "完成情况见" in html
    link = html.split("完成情况见</dt><dd><a href=\"")[1].split('"')[0]
    assert leader.get(link).status_code == 200


def test_my_tasks_pages_with_the_current_month_first(make_plan, make_item, make_leader):
    leader = make_leader()
    today = dt.date.today().replace(day=1)
    for months_back in range(12):
        month = (today - dt.timedelta(days=31 * months_back)).replace(day=1)
        plan = make_plan(month)
        for _ in range(3):
            make_item(plan, leaders=[leader], status=PlanItem.Status.DONE)
    client = Client()
    client.force_login(leader.user)
    first = client.get("/plans/my/")
    items = list(first.context["items"])
    assert len(items) == 30 and items[0].plan.month == today
    assert "第 1 页 / 共 2 页（36 条）" in first.content.decode()
    assert len(client.get("/plans/my/?page=2").context["items"]) == 6
    assert client.get("/plans/my/?page=9").status_code == 404
