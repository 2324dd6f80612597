"""我的任务: who sees what, in which order, and the date logic behind 已逾期 / 即将到期."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from bulletins.models import BulletinSection
from workplans.bulletin_parts import PlanInBulletin
from workplans.models import Deadlines, PlanItem, ProgressReport

MY_TASKS = reverse("workplans:my_tasks")
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day, hour=10):
    """A moment on `day` in Shanghai, for time_machine."""
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


def rows(response):
    return [item.pk for item in response.context["items"]]


def test_anonymous_users_are_sent_to_the_portal_sign_in(client):
    response = client.get(MY_TASKS)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={MY_TASKS}"


def test_seeded_leader_sees_items_one_to_five_of_the_seed_plan(client, seed, time_machine):
    time_machine.move_to(at(dt.date(2020, 11, 20)), tick=False)
    client.force_login(seed["user"])
    response = client.get(MY_TASKS)

    items = list(response.context["items"])
    assert [(item.plan_id, item.order) for item in items] == [(seed["plan"].pk, n) for n in range(1, 6)]
    assert response.context["summary"] == {"total": 5, "done": 0, "in_progress": 0, "overdue": 0}
    html = response.content.decode()
    assert "做好2021年困难职工常态化帮扶工作" in html
    assert "高启秀、董军、罗莉" in html  # co-responsible leaders
    assert "经审办、权益保障部、职工服务中心" in html
    assert "暂无反馈" in html
    assert "郭红萍" not in html  # items 6–10 belong to others


def test_seed_items_are_overdue_once_november_has_ended_in_shanghai(client, seed, time_machine):
    # 2020-11-30 17:00 UTC is already 1 December in Shanghai.
    time_machine.move_to(dt.datetime(2020, 11, 30, 17, tzinfo=dt.UTC), tick=False)
    client.force_login(seed["user"])
    response = client.get(MY_TASKS)
    assert response.context["summary"]["overdue"] == 5
    assert response.content.decode().count('class="flag flag-overdue">已逾期') == 5


def test_order_is_this_month_then_earlier_overdue_then_the_rest(
    client, make_leader, make_plan, make_item, time_machine
):
    time_machine.move_to(at(dt.date(2021, 1, 10)), tick=False)
    leader = make_leader()
    december, january, february = (
        make_plan(dt.date(2020, 12, 1)),
        make_plan(dt.date(2021, 1, 1)),
        make_plan(dt.date(2021, 2, 1)),
    )
    done_earlier = make_item(december, [leader], order=1, status=PlanItem.Status.DONE)
    overdue = make_item(december, [leader], order=2)
    current_second = make_item(january, [leader], order=2)
    current_first = make_item(january, [leader], order=1, status=PlanItem.Status.DONE)
    future = make_item(february, [leader], order=1)
    draft = make_item(make_plan(dt.date(2021, 1, 1), status="draft"), [leader], order=1)

    client.force_login(leader.user)
    response = client.get(MY_TASKS)

    assert rows(response) == [current_first.pk, current_second.pk, overdue.pk, future.pk, done_earlier.pk]
    assert draft.pk not in rows(response)
    assert response.context["summary"] == {"total": 5, "done": 2, "in_progress": 0, "overdue": 1}


@pytest.mark.parametrize(
    "today, due_date, plan_month, overdue, due_soon",
    [
        # Month end: a plan item with no due date is due on the month's last day.
        (dt.date(2021, 2, 25), None, dt.date(2021, 2, 1), False, True),
        (dt.date(2021, 2, 24), None, dt.date(2021, 2, 1), False, False),
        (dt.date(2021, 2, 28), None, dt.date(2021, 2, 1), False, True),
        (dt.date(2021, 3, 1), None, dt.date(2021, 2, 1), True, False),
        (dt.date(2024, 2, 26), None, dt.date(2024, 2, 1), False, True),  # leap year: the 29th
        (dt.date(2020, 4, 30), dt.date(2020, 4, 30), dt.date(2020, 4, 1), False, True),
        (dt.date(2020, 5, 1), dt.date(2020, 4, 30), dt.date(2020, 4, 1), True, False),
        # Across the year boundary.
        (dt.date(2020, 12, 30), dt.date(2021, 1, 2), dt.date(2020, 12, 1), False, True),
        (dt.date(2020, 12, 29), dt.date(2021, 1, 2), dt.date(2020, 12, 1), False, False),
        (dt.date(2020, 12, 29), None, dt.date(2020, 12, 1), False, True),
        (dt.date(2021, 1, 1), None, dt.date(2020, 12, 1), True, False),
        (dt.date(2021, 1, 1), dt.date(2021, 1, 15), dt.date(2020, 12, 1), False, False),
        (dt.date(2021, 1, 3), dt.date(2021, 1, 2), dt.date(2020, 12, 1), True, False),
    ],
)
def test_overdue_and_due_soon_at_month_ends_and_the_year_boundary(
    make_plan, make_item, time_machine, today, due_date, plan_month, overdue, due_soon
):
    time_machine.move_to(at(today), tick=False)
    item = make_item(make_plan(plan_month), due_date=due_date)
    annotated = PlanItem.objects.with_urgency().get(pk=item.pk)

    assert (annotated.is_overdue, annotated.is_due_soon) == (overdue, due_soon)
    assert PlanItem.objects.overdue().filter(pk=item.pk).exists() == overdue
    assert PlanItem.objects.due_soon().filter(pk=item.pk).exists() == due_soon
    # The displayed deadline agrees with the database's reading of it.
    assert (annotated.deadline < today) == overdue
    assert (today <= annotated.deadline <= today + dt.timedelta(days=3)) == due_soon


def test_done_items_are_never_overdue_or_due_soon(make_plan, make_item):
    today = dt.date(2021, 3, 1)
    item = make_item(
        make_plan(dt.date(2021, 1, 1)), due_date=dt.date(2021, 3, 2), status=PlanItem.Status.DONE
    )
    assert not PlanItem.objects.filter(pk=item.pk).filter(Deadlines(today).overdue).exists()
    assert not PlanItem.objects.filter(pk=item.pk).filter(Deadlines(today).due_soon).exists()


def test_department_staff_see_their_departments_items_and_both_roles_add_up(
    client, make_user, make_leader, make_department, make_plan, make_item
):
    staff = make_user()
    department = make_department(members=[staff])
    other_department = make_department()
    plan = make_plan(dt.date(2020, 11, 1))
    own = make_item(plan, [make_leader()], [other_department, department], order=1)
    make_item(plan, [make_leader()], [other_department], order=2)

    client.force_login(staff)
    assert rows(client.get(MY_TASKS)) == [own.pk]

    leader = make_leader()
    leader.user = staff
    leader.save()
    led = make_item(plan, [leader], order=3)
    both = make_item(plan, [leader], [department], order=4)
    response = client.get(MY_TASKS)
    assert rows(response) == [own.pk, led.pk, both.pk]  # each item once
    assert "工作人员" in response.content.decode()


def test_filters_by_month_status_and_department(client, make_leader, make_department, make_plan, make_item):
    leader = make_leader()
    department = make_department()
    october, november = make_plan(dt.date(2020, 10, 1)), make_plan(dt.date(2020, 11, 1))
    in_october = make_item(october, [leader], status=PlanItem.Status.DONE)
    in_november = make_item(november, [leader], [department], status=PlanItem.Status.IN_PROGRESS)
    client.force_login(leader.user)

    assert rows(client.get(MY_TASKS, {"month": "2020-10"})) == [in_october.pk]
    assert rows(client.get(MY_TASKS, {"status": "in_progress"})) == [in_november.pk]
    assert rows(client.get(MY_TASKS, {"department": department.pk})) == [in_november.pk]
    response = client.get(MY_TASKS, {"month": "2020-11", "status": "done"})
    assert rows(response) == []
    assert "没有符合条件的任务" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"month": "2020-13"},
        {"month": "nonsense"},
        {"status": "lost"},
        {"department": "abc"},
        {"department": "999999"},
    ],
)
def test_invalid_filters_explain_themselves_and_show_everything(client, seed, query):
    client.force_login(seed["user"])
    response = client.get(MY_TASKS, query)
    assert response.status_code == 200
    assert "筛选条件无效" in response.content.decode()
    assert len(response.context["items"]) == 5


def test_filter_form_fields_are_labelled(client, seed):
    client.force_login(seed["user"])
    html = client.get(MY_TASKS).content.decode()
    for field, label in [("month", "月份"), ("status", "完成情况"), ("department", "责任部室")]:
        assert f'<label for="id_{field}">{label}' in html


def test_header_offers_sign_in_then_my_tasks_and_a_post_logout(client, seed):
    html = client.get("/").content.decode()
    assert 'href="/accounts/login/">登录</a>' in html
    assert "退出" not in html

    client.force_login(seed["user"])
    html = client.get("/").content.decode()
    assert f'href="{MY_TASKS}">我的任务</a>' in html
    assert '<form method="post" action="/accounts/logout/">' in html

    assert client.get("/accounts/logout/").status_code == 405  # Django 5: logout is POST only
    assert client.post("/accounts/logout/")["Location"] == "/"
    assert client.get(MY_TASKS).status_code == 302


def test_sign_in_page_is_chinese_and_leads_to_my_tasks(client, seed):
    response = client.get("/accounts/login/")
    html = response.content.decode()
    assert "<h1>登录</h1>" in html and "荆州市总工会" in html
    response = client.post("/accounts/login/", {"username": "gaoqixiu", "password": "pw-123456-jz"})
    assert response["Location"] == MY_TASKS
    response = client.post("/accounts/login/", {"username": "gaoqixiu", "password": "wrong"})
    assert "请输入一个正确的" in response.content.decode()


def test_users_change_their_own_password(client, seed):
    client.force_login(seed["user"])
    assert "修改密码" in client.get("/accounts/password/").content.decode()
    response = client.post(
        "/accounts/password/",
        {
            "old_password": "pw-123456-jz",
            "new_password1": "Jzgh-new-2026!",
            "new_password2": "Jzgh-new-2026!",
        },
    )
    assert response["Location"] == "/accounts/password/done/"
    seed["user"].refresh_from_db()
    assert seed["user"].check_password("Jzgh-new-2026!")
    assert "密码已修改" in client.get("/accounts/password/done/").content.decode()


def test_the_admin_keeps_its_own_password_change_page(admin_client):
    template = admin_client.get("/admin/password_change/").templates[0]
    assert "contrib/admin" in template.origin.name


def test_bulletin_sections_list_the_plan_items_they_complete(seed, django_assert_num_queries):
    sections = list(seed["plan"].bulletin.sections.all())
    items = list(seed["plan"].items.all()[:2])
    for item in items:
        item.summary_section = sections[1]
        item.save()

    # What the public sees is kept for the content generation: the first time, the items the
    # sections report in one query, the plan in one, its items with their people in three,
    # and when the next scheduled article appears; after that, nothing.
    for queries in (6, 0):
        with django_assert_num_queries(queries):
            part = PlanInBulletin().context(seed["plan"].bulletin, sections, AnonymousUser())
        assert part["plan"] == seed["plan"]
        assert part["completed"][sections[0].pk] == [] and part["completed"][sections[1].pk] == items
    assert BulletinSection.objects.get(pk=sections[1].pk).plan_items.count() == 2


@pytest.mark.parametrize("count", [10, 300])
def test_my_tasks_query_count_does_not_grow_with_items(
    client,
    site_settings,
    make_leader,
    make_department,
    make_plan,
    make_item,
    make_user,
    django_assert_max_num_queries,
    count,
):
    # session, user, months, summary, leader, departments, site, columns and when the next
    # scheduled article appears (the last three once per content generation), department
    # choices, items (a page of them, and their count), their leaders, departments and latest
    # reports
    leader = make_leader()
    departments = [make_department(), make_department()]
    plans = [make_plan(dt.date(2020, month, 1)) for month in (9, 10, 11)]
    author = make_user()
    for number in range(count):
        item = make_item(
            plans[number % 3],
            [leader, make_leader(with_user=False)] if number < 3 else [leader],
            departments,
            order=number + 1,
        )
        if number % 2:
            ProgressReport.objects.create(
                item=item, author=author, text="进展", status="in_progress", percent=50
            )
    client.force_login(leader.user)
    # Then the 督办 panel (supervision.panels): unsigned assignments, urgings, the reminder's
    # items with their leaders and departments, the site's domain for its links, and the two
    # permission queries of "is this the office"; and 3 for renewing the session (SAVEPOINT,
    # UPDATE, RELEASE in a test), which the first request after signing in does
    # (core.middleware.renew_session; later ones only once a minute).
    with django_assert_max_num_queries(14 + 7 + 3):
        response = client.get(MY_TASKS)
    assert len(response.context["items"]) == min(count, 30)
    assert response.context["paginator"].count == count
