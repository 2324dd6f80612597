"""督办 in the browser: 张征军 signs for, reports on, asks to extend and to close his item; the
office (a 审核 account, no superuser) approves, confirms, urges another item and rates; the
overview and its Excel export show it, and the overview reads at 375 px."""

import datetime as dt

from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from core import roles
from supervision.models import Assignment, Step, Supervision
from workplans.models import Leader, PlanItem

from .test_workspace import sign_in

PASSWORD = "jzgh-test-2026"


def axe_violations(page):
    return [(v["id"], v["impact"], len(v["nodes"])) for v in Axe().run(page).response["violations"]]


def step_form(page, label):
    return page.locator("form.duban-form", has=page.locator("legend", has_text=label))


def test_a_leader_and_the_office_take_an_item_through_duban(browser, page, live_server, demo, tmp_path):
    User = get_user_model()
    zhang = User.objects.create_user("zhangzhengjun", password=PASSWORD, first_name="张征军",
                                     email="zhang@example.com")
    Leader.objects.filter(name="张征军").update(user=zhang)
    office = User.objects.create_user("shenhe", password=PASSWORD, first_name="李审核", is_staff=True)
    office.groups.add(Group.objects.get(name=roles.REVIEWERS))
    november = PlanItem.objects.filter(plan__month=dt.date(2020, 11, 1))
    ninth, tenth = november.filter(order__in=[9, 10]).order_by("order")
    assert Assignment.objects.filter(item=ninth, leader__name="张征军").exists()  # 交办 on publication
    new_date = timezone.localdate() + dt.timedelta(days=30)

    sign_in(page, live_server, "zhangzhengjun", PASSWORD)
    expect(page.locator("h1")).to_have_text("我的任务")
    unsigned = page.locator("section", has=page.get_by_role("heading", name="待签收的交办事项（2）"))
    unsigned.locator("li", has_text="第9项").get_by_role("button", name="签收").click()
    expect(page.get_by_role("heading", name="待签收的交办事项（1）")).to_be_visible()

    page.locator("table.my-tasks").get_by_role("link", name=f"9、{ninth.content}").click()
    expect(page.locator("h1")).to_contain_text("第9项")
    expect(page.locator(".duban-assignments")).to_contain_text("张征军于")
    page.get_by_label("完成情况").select_option(label="进行中")
    page.get_by_label("完成进度（%）").fill("80")
    page.get_by_label("进展情况").fill("“五一”劳动奖候选名单已初审。")
    page.get_by_role("button", name="提交反馈").click()
    expect(page.locator(".report-history")).to_contain_text("候选名单已初审")

    extension = step_form(page, "申请延期")
    extension.get_by_label("申请延期至").fill(f"{new_date:%Y-%m-%d}")
    extension.get_by_label("说明").fill("等待省总工会复核结果")
    extension.get_by_role("button", name="申请延期").click()
    expect(page.get_by_role("status")).to_contain_text("已申请延期")
    expect(page.locator(".duban-box").first).to_contain_text(f"申请延期至 {new_date:%Y-%m-%d}")
    completion = step_form(page, "申请办结")
    completion.get_by_label("说明").fill("表彰名单已公示")
    completion.get_by_role("button", name="申请办结").click()
    expect(page.locator("#duban-title")).to_have_text("督办 · 待确认办结")
    assert not axe_violations(page)
    page.get_by_role("button", name="退出").click()

    sign_in(page, live_server, "shenhe", PASSWORD)
    page.goto(live_server.url + "/plans/overview/?month=2020-11")
    pending = page.locator("section", has=page.locator("#pending-title"))
    expect(pending).to_contain_text("申请办结")
    pending.get_by_role("link", name=f"第9项 {ninth.content}"[:20]).click()
    step_form(page, "批准延期").get_by_role("button", name="批准延期").click()
    expect(page.locator(".duban-history")).to_contain_text(f"新时限 {new_date:%Y-%m-%d}")
    expect(page.locator(".task-facts").first).to_contain_text(f"{new_date:%Y-%m-%d}")
    step_form(page, "确认办结").get_by_role("button", name="确认办结").click()
    expect(page.locator("#duban-title")).to_have_text("督办 · 已办结")
    rating = step_form(page, "评价")
    rating.get_by_label("评价").select_option(label="优秀")
    rating.get_by_label("说明").fill("按时保质完成")
    rating.get_by_role("button", name="评价").click()
    expect(page.locator(".duban-box .task-facts")).to_contain_text("优秀")

    page.screenshot(path=str(tmp_path / "item-office.png"), full_page=True)
    page.goto(live_server.url + tenth.get_absolute_url())
    assert not axe_violations(page)  # the office's forms: 催办 and the report form
    urge = step_form(page, "催办")
    urge.get_by_label("说明").fill("请本周内报送进展。")
    urge.get_by_role("button", name="催办").click()
    expect(page.locator(".duban-history")).to_contain_text("请本周内报送进展。")

    ninth.refresh_from_db()
    assert ninth.status == PlanItem.Status.DONE and ninth.due_date == new_date
    assert Supervision.objects.get(item=ninth).rating == "excellent"
    assert Step.objects.filter(item=tenth, kind=Step.Kind.URGE, user=office).exists()

    page.goto(live_server.url + "/plans/overview/?month=2020-11")
    zhang_row = page.locator("table.tally-table").first.locator("tr", has_text="张征军")
    expect(zhang_row.locator('td[data-label="已完成"]')).to_have_text("1")
    expect(zhang_row.locator('td[data-label="完成率"]')).to_contain_text("50%")
    unsigned = page.locator("section", has=page.locator("#unsigned-title"))
    expect(unsigned).to_contain_text("第10项")
    closed = page.locator("section", has=page.locator("#closed-title"))
    expect(closed).to_contain_text("第9项")
    expect(closed).to_contain_text("评价：优秀")
    page.screenshot(path=str(tmp_path / "overview-1280.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="导出督办总览（Excel）").click()
    assert download.value.suggested_filename == "督办总览（2020年11月）.xlsx"
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    book = load_workbook(saved)
    leaders = {row[0]: row for row in book["按责任领导"].iter_rows(min_row=3, values_only=True)}
    assert leaders["张征军"][1:3] == (2, 1) and leaders["张征军"][7] == 50
    assert any(row[1] == 10 for row in book["未签收"].iter_rows(min_row=3, values_only=True))
    closed_rows = book["办结与评价"].iter_rows(min_row=3, values_only=True)
    assert [(row[1], row[5]) for row in closed_rows] == [(9, "优秀")]

    # 375 px: captions and row headings read across the screen, not one character a line.
    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    caption = page.locator("table.tally-table caption").first
    assert caption.bounding_box()["height"] < 60
    row_heading = page.locator("table.tally-table th[scope=row]").first
    assert row_heading.bounding_box()["width"] > 200
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(tmp_path / "overview-375.png"), full_page=True)
    assert not axe_violations(page)

    page.get_by_role("button", name="退出").click()
    sign_in(page, live_server, "zhangzhengjun", PASSWORD)
    expect(page.locator("section", has=page.locator("#urged-title"))).to_contain_text("请本周内报送进展。")
    assert not axe_violations(page)
    page.screenshot(path=str(tmp_path / "my-tasks-375.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # still the phone's width
