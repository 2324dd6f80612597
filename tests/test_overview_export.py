"""督办总览, the Excel export and print layout, and the draft summary from a plan."""

import datetime as dt
from io import BytesIO

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from openpyxl import load_workbook

from bulletins.models import Bulletin
from news.models import Article
from workplans.models import PlanItem, ProgressReport, WorkPlan
from workplans.summaries import draft_next_summary

OVERVIEW = "/plans/overview/"


@pytest.fixture
def november(make_leader, make_department, make_plan, make_item, make_user, time_machine):
    """Frozen on 2020-12-05: three November items, one done with a report, one overdue."""
    time_machine.move_to(dt.datetime(2020, 12, 5, 10, tzinfo=dt.UTC), tick=False)
    leaders = [make_leader("高启秀"), make_leader("罗莉")]
    departments = [make_department("权益保障部"), make_department("组织部")]
    plan = make_plan(dt.date(2020, 11, 1))
    done = make_item(
        plan, leaders, departments, order=1, content="召开全委会议", due_date=dt.date(2020, 11, 20)
    )
    ProgressReport.objects.create(
        item=done,
        author=make_user(),
        date=dt.date(2020, 11, 19),
        text="会议已召开，选举产生新一届班子。",
        status="done",
        percent=100,
    )
    late = make_item(plan, leaders[:1], departments[1:], order=2, content="举办技能培训班")
    ongoing = make_item(
        plan,
        leaders[1:],
        departments[1:],
        order=3,
        content="征集优秀提案",
        due_date=dt.date(2020, 12, 7),
        status=PlanItem.Status.IN_PROGRESS,
    )
    october = make_plan(dt.date(2020, 10, 1))
    make_item(october, leaders[:1], order=1, status=PlanItem.Status.DONE)
    make_item(october, leaders[:1], order=2)
    return {
        "plan": plan,
        "done": done,
        "late": late,
        "ongoing": ongoing,
        "leaders": leaders,
        "departments": departments,
    }


def test_overview_is_for_office_staff_only(client, make_leader, november):
    assert client.get(OVERVIEW)["Location"].startswith("/accounts/login/")
    client.force_login(november["leaders"][0].user)
    assert client.get(OVERVIEW).status_code == 403
    assert client.get("/plans/overview/export.xlsx").status_code == 403


def test_overview_matrix_by_leader_and_department(client, staff_user, november):
    client.force_login(staff_user)
    response = client.get(OVERVIEW, {"month": "2020-11"})
    overview = response.context["overview"]
    by_leader = {
        row.party.name: (row.total, row.done, row.in_progress, row.overdue, row.rate)
        for row in overview.by_leader
    }
    assert by_leader == {"高启秀": (2, 1, 0, 1, 50), "罗莉": (2, 1, 1, 0, 50)}
    by_department = {
        row.party.name: (row.total, row.done, row.overdue, row.rate) for row in overview.by_department
    }
    assert by_department == {"权益保障部": (1, 1, 0, 100), "组织部": (3, 1, 1, 33)}
    # Overdue across months: October's open item has not dropped out of view.
    october_open = PlanItem.objects.get(plan__month=dt.date(2020, 10, 1), status=PlanItem.Status.NOT_STARTED)
    assert overview.overdue == [october_open, november["late"]]
    assert overview.due_soon == [november["ongoing"]]  # due 2020-12-07, within 3 days

    html = response.content.decode()
    assert "逾期事项（2）" in html and "举办技能培训班" in html
    assert "3天内到期（1）" in html and "征集优秀提案" in html
    assert "<svg viewBox=" in html and 'role="img"' in html  # the chart, without JavaScript
    # The table alternative to the chart: October 1 of 2 done, November 1 of 3.
    chart = overview.chart["rows"]
    assert [(row["month"], row["total"], row["done"], row["rate"]) for row in chart] == [
        (dt.date(2020, 10, 1), 2, 1, 50),
        (dt.date(2020, 11, 1), 3, 1, 33),
    ]
    assert '<td data-label="完成率">33%</td>' in html


def test_overview_over_a_period_and_a_wider_window(client, staff_user, november):
    client.force_login(staff_user)
    response = client.get(OVERVIEW, {"start": "2020-10", "end": "2020-11", "days": "30"})
    overview = response.context["overview"]
    assert overview.period_label == "2020年10月至2020年11月"
    assert {row.party.name: (row.total, row.done) for row in overview.by_leader} == {
        "高启秀": (4, 2),
        "罗莉": (2, 1),
    }
    assert "30天内到期（1）" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"month": "2020-13"},
        {"month": "11/2020"},
        {"start": "1999-01", "end": "2020-11"},
        {"start": "2020-11", "end": "2020-10", "days": "3"},
        {"start": "2020-11", "end": "2020-11", "days": "0"},
    ],
)
def test_overview_explains_an_invalid_choice(client, staff_user, november, query):
    client.force_login(staff_user)
    response = client.get(OVERVIEW, query)
    assert response.status_code == 200
    assert "筛选条件无效" in response.content.decode()
    assert response.context["overview"].start == dt.date(2020, 11, 1)  # the newest plan month instead


def test_overview_lists_unsigned_items_and_exports_everything(
    client, reviewer, november, django_capture_on_commit_callbacks
):
    from supervision.assignment import assign_plan

    with django_capture_on_commit_callbacks(execute=True):
        assign_plan(november["plan"])
    client.force_login(reviewer)
    overview = client.get(OVERVIEW, {"month": "2020-11"}).context["overview"]
    # The done item's assignments are not waited for.
    assert {(a.item.content, str(a.party)) for a in overview.unsigned} == {
        ("举办技能培训班", "高启秀"),
        ("举办技能培训班", "组织部"),
        ("征集优秀提案", "罗莉"),
        ("征集优秀提案", "组织部"),
    }
    response = client.get("/plans/overview/export.xlsx", {"month": "2020-11"})
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["按责任领导", "按责任部室", "逾期事项", "3天内到期", "未签收", "办结与评价"]
    leaders = book["按责任领导"]
    assert leaders["A1"].value == "督办总览（2020年11月） · 按责任领导（2020-12-05）"
    assert [cell.value for cell in leaders[2]][:2] == ["责任领导", "事项"]
    assert [row[:8] for row in leaders.iter_rows(min_row=3, values_only=True)] == [
        ("高启秀", 2, 1, 0, 1, 0, 1, 50),
        ("罗莉", 2, 1, 1, 0, 0, 0, 50),
    ]
    overdue = [row[2] for row in book["逾期事项"].iter_rows(min_row=3, values_only=True)]
    assert overdue == ["测试任务", "举办技能培训班"]
    assert [row[6] for row in book["逾期事项"].iter_rows(min_row=3, values_only=True)] == [
        "已逾期35天",
        "已逾期5天",
    ]
    assert len(list(book["未签收"].iter_rows(min_row=3))) == 4


@pytest.mark.parametrize("count", [10, 300])
def test_overview_query_count_does_not_grow_with_items(
    client,
    staff_user,
    site_settings,
    make_leader,
    make_department,
    make_plan,
    make_item,
    django_assert_max_num_queries,
    count,
):
    plan = make_plan(dt.date(2020, 11, 1))
    leaders = [make_leader(with_user=False) for _ in range(5)]
    departments = [make_department() for _ in range(5)]
    for number in range(count):
        make_item(plan, leaders[number % 5 : number % 5 + 2], departments[number % 3 : number % 3 + 2])
    client.force_login(staff_user)
    # session, user, the user's two permission queries, months; the period's items, the
    # overdue, the due-soon and the pending items (each with its leaders and departments),
    # the unsigned assignments, the chart, site, columns; then renewing the session
    # (SAVEPOINT, UPDATE, RELEASE in a test), which the first request after signing in does
    # (core.middleware.renew_session; later ones only once a minute)
    with django_assert_max_num_queries(19 + 3):
        response = client.get(OVERVIEW, {"month": "2020-11"})
    assert sum(row.total for row in response.context["overview"].by_leader) == count + count * 4 // 5


def test_excel_export_cell_by_cell(client, staff_user, november):
    client.force_login(staff_user)
    response = client.get(f"/plans/{november['plan'].pk}/export.xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response["Content-Disposition"]

    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet.title == "2020年11月"
    assert sheet["A1"].value == "荆州市总工会2020年十一月工作计划"
    assert sheet.freeze_panes == "A3"
    assert sheet.print_title_rows == "$2:$2"
    assert [cell.value for cell in sheet[2]] == [
        "序号",
        "工作任务",
        "责任领导",
        "责任部室",
        "完成时限",
        "完成情况",
        "提醒",
        "完成进度（%）",
        "最新进展",
        "反馈日期",
    ]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3)]
    assert rows == [
        [
            1,
            "召开全委会议",
            "高启秀、罗莉",
            "权益保障部、组织部",
            "2020-11-20",
            "已完成",
            None,
            100,
            "会议已召开，选举产生新一届班子。",
            dt.datetime(2020, 11, 19),
        ],
        [
            2,
            "举办技能培训班",
            "高启秀",
            "组织部",
            "2020-11-30（月底）",
            "未开始",
            "已逾期",
            None,
            None,
            None,
        ],
        [
            3,
            "征集优秀提案",
            "罗莉",
            "组织部",
            "2020-12-07",
            "进行中",
            "即将到期",
            None,
            None,
            None,
        ],
    ]
    assert sheet.column_dimensions["B"].width == 46
    assert sheet.column_dimensions["I"].width == 40
    assert sheet.row_dimensions[3].height == 30  # 权益保障部、组织部 takes two lines in 责任部室
    assert sheet["E3"].value == "2020-11-20" and sheet["E4"].value == "2020-11-30（月底）"
    assert sheet["J3"].number_format == "yyyy-mm-dd"  # 反馈日期 stays a date
    assert sheet["B3"].alignment.wrap_text and sheet["B3"].border.left.style == "thin"
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
    assert sheet.page_setup.fitToHeight == 0


def test_export_and_print_are_for_staff(client, november):
    client.force_login(november["leaders"][0].user)
    assert client.get(f"/plans/{november['plan'].pk}/export.xlsx").status_code == 403
    assert client.get(f"/plans/{november['plan'].pk}/print/").status_code == 403


def test_print_layout_is_an_a4_table(client, staff_user, november):
    client.force_login(staff_user)
    html = client.get(f"/plans/{november['plan'].pk}/print/").content.decode()
    assert "size: A4" in html
    headers = ["序号", "工作任务", "责任领导", "责任部室", "完成时限", "进展情况"]
    assert "".join(f'<th scope="col">{h}</th>' for h in headers) in html
    assert "会议已召开，选举产生新一届班子。" in html and "未开始（已逾期）" in html


def test_summary_draft_has_each_completed_item_once(seed):
    plan = seed["plan"]
    items = {item.order: item for item in plan.items.all()}
    # Items 1 and 5 share 权益保障部 but 5 names 经审办 first; 6 names 宣教网络部 and 相关部室.
    for order in (1, 5, 6):
        ProgressReport.objects.create(
            item=items[order],
            author=seed["user"],
            date=dt.date(2020, 11, 25),
            text=f"第{order}项已办结。",
            status="done",
            percent=100,
        )

    bulletin, created = draft_next_summary(plan)
    assert created

    assert bulletin.status == Article.Status.DRAFT
    assert (bulletin.series, bulletin.year) == (plan.bulletin.series, 2020)
    assert bulletin.subject == "荆州市总工会十一月份工作"
    assert bulletin.report_month == dt.date(2020, 11, 1)
    sections = list(bulletin.sections.all())
    assert [section.heading for section in sections] == ["权益保障部", "经审办", "宣教网络部"]
    bodies = "".join(section.body for section in sections)
    for order in (1, 5, 6):
        assert bodies.count(items[order].content) == 1
        assert bodies.count(f"第{order}项已办结。") == 1
    assert items[2].content not in bodies
    assert set(
        PlanItem.objects.filter(summary_section__bulletin=bulletin).values_list("order", flat=True)
    ) == {1, 5, 6}


def test_admin_action_drafts_the_summary_and_opens_it(admin_client, seed):
    item = seed["plan"].items.get(order=3)
    ProgressReport.objects.create(
        item=item, author=seed["user"], text="活动已举办。", status="done", percent=100
    )
    response = admin_client.post(
        "/admin/workplans/workplan/",
        {"action": "draft_summary", ACTION_CHECKBOX_NAME: [seed["plan"].pk]},
    )
    draft = Bulletin.objects.get(status=Article.Status.DRAFT)
    assert response["Location"] == f"/admin/bulletins/bulletin/{draft.pk}/change/"
    assert [section.heading for section in draft.sections.all()] == ["女工部"]


def test_admin_action_explains_a_plan_with_nothing_done(admin_client, seed):
    response = admin_client.post(
        "/admin/workplans/workplan/",
        {"action": "draft_summary", ACTION_CHECKBOX_NAME: [seed["plan"].pk]},
        follow=True,
    )
    assert "还没有已完成的事项" in response.content.decode()
    assert not Bulletin.objects.filter(status=Article.Status.DRAFT).exists()


def test_closing_plans_from_the_admin(admin_client, seed):
    admin_client.post(
        "/admin/workplans/workplan/", {"action": "close_plans", ACTION_CHECKBOX_NAME: [seed["plan"].pk]}
    )
    assert WorkPlan.objects.get(pk=seed["plan"].pk).closed
