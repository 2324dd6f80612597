"""In a browser, with no superuser anywhere: a 管理员 creates and links the accounts of a
leader and a department member; a 编辑 makes next month's plan from the current one (续办),
adds an item with leaders and departments and submits it; a 审核 publishes it. And the seed's
ten items entered as 编辑, counting the clicks."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.test_editorial import PASSWORD, log_in

SEED = Path(__file__).resolve().parents[2] / "demo" / "fixtures" / "bulletin-2020-62.txt"


def office_accounts():
    from django.contrib.auth.models import User

    from core import roles

    roles.sync_groups()
    for username, code in [("admin1", roles.ADMINISTRATORS), ("editor", roles.EDITORS),
                           ("reviewer", roles.REVIEWERS)]:
        user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
        user.groups.add(roles.group(code))
    assert not User.objects.filter(is_superuser=True).exists()


@pytest.fixture
def office(transactional_db):
    from django.core.management import call_command

    from workplans.models import PlanItem

    call_command("load_demo", verbosity=0)
    office_accounts()
    # November's items 1–7 are done; 8–10 go on in December.
    PlanItem.objects.filter(plan__month="2020-11-01", order__lte=7).update(status=PlanItem.Status.DONE)


def pick(page, field, text):
    """Choose `text` in an autocomplete (select2) box inside `field`."""
    field.locator(".select2-selection").click()
    page.locator(".select2-search__field").last.fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def test_the_office_runs_a_month_without_a_superuser(browser, live_server, office):
    from django.contrib.auth.models import User

    from workplans.models import Department, Leader, WorkPlan

    # 管理员: 张征军's account from the leader's form (the + popup asks for name and e-mail).
    admin = log_in(browser, live_server, "admin1")
    leader = Leader.objects.get(name="张征军")
    admin.goto(f"{live_server.url}/admin/workplans/leader/{leader.pk}/change/")
    with admin.expect_popup() as popup_info:
        admin.locator("#add_id_user").click()
    popup = popup_info.value
    popup.locator("#id_username").fill("zhangzhengjun")
    popup.locator("#id_first_name").fill("张征军")
    popup.locator("#id_email").fill("zhang@example.com")
    popup.locator("#id_password1").fill("Chushi-2026-zz")
    popup.locator("#id_password2").fill("Chushi-2026-zz")
    popup.get_by_role("button", name="保存", exact=True).click()
    expect(admin.locator(".field-user .select2-selection__rendered")).to_contain_text("zhangzhengjun")
    admin.get_by_role("button", name="保存", exact=True).click()
    expect(admin.locator(".messagelist")).to_contain_text("成功")
    leader.refresh_from_db()
    assert (leader.user.first_name, leader.user.email) == ("张征军", "zhang@example.com")

    # …and a 经技部 member's, linked through the department's account picker.
    admin.goto(f"{live_server.url}/admin/auth/user/add/")
    admin.locator("#id_username").fill("jingjibu")
    admin.locator("#id_first_name").fill("李明")
    admin.locator("#id_email").fill("liming@example.com")
    admin.locator("#id_password1").fill("Chushi-2026-lm")
    admin.locator("#id_password2").fill("Chushi-2026-lm")
    admin.get_by_role("button", name="保存", exact=True).click()
    expect(admin.locator(".messagelist")).to_contain_text("成功")
    department = Department.objects.get(name="经技部")
    admin.goto(f"{live_server.url}/admin/workplans/department/{department.pk}/change/")
    pick(admin, admin.locator(".field-members"), "jingjibu")
    admin.get_by_role("button", name="保存", exact=True).click()
    expect(admin.locator(".messagelist")).to_contain_text("成功")
    assert list(department.members.values_list("username", flat=True)) == ["jingjibu"]

    # 编辑: 新建下月计划 from November's, then one more item with two leaders and a department.
    editor = log_in(browser, live_server, "editor")
    november = WorkPlan.objects.get(month="2020-11-01")
    editor.goto(f"{live_server.url}/admin/workplans/workplan/")
    editor.locator(f"input[name=_selected_action][value='{november.pk}']").check()
    editor.locator("select[name=action]").select_option("create_next_month")
    editor.get_by_role("button", name="执行").click()
    expect(editor.locator(".messagelist")).to_contain_text("3 项未完成事项转入续办")
    december = WorkPlan.objects.get(month="2020-12-01")
    assert editor.url.endswith(f"/admin/workplans/workplan/{december.pk}/change/")
    expect(editor.locator("#items-group td.field-carried_over", has_text="续办")).to_have_count(3)

    editor.locator("#items-group .add-row a").click()
    row = editor.locator("#items-group tr.form-row.dynamic-items").last
    row.locator("textarea[name$=content]").fill("开展职工代表提案督办工作。")
    pick(editor, row.locator("td.field-item_leaders"), "张征军")
    pick(editor, row.locator("td.field-item_leaders"), "高启秀")
    pick(editor, row.locator("td.field-item_departments"), "经技部")
    editor.get_by_role("button", name="保存并提交审核").click()
    expect(editor.locator(".messagelist")).to_contain_text("已提交审核")
    december.refresh_from_db()
    assert december.status == WorkPlan.Status.PENDING
    added = december.items.with_responsibility().get(content="开展职工代表提案督办工作。")
    assert (added.order, added.leaders_text, added.departments_text) == (4, "张征军、高启秀", "经技部")
    carried = december.items.with_responsibility().get(order=3)
    assert carried.carried_from.plan == november and carried.leaders_text == "张征军"
    # The 编辑 has no button to publish.
    expect(editor.get_by_role("button", name="审核通过并发布")).to_have_count(0)

    # 审核 publishes it; the public sees it.
    reviewer = log_in(browser, live_server, "reviewer")
    reviewer.goto(f"{live_server.url}/admin/workplans/workplan/{december.pk}/change/")
    reviewer.get_by_role("button", name="审核通过并发布").click()
    expect(reviewer.locator(".messagelist")).to_contain_text("已审核通过并发布")
    december.refresh_from_db()
    assert december.status == WorkPlan.Status.PUBLISHED
    visitor = browser.new_context().new_page()
    visitor.goto(f"{live_server.url}/plans/{december.pk}/")
    expect(visitor.locator("body")).to_contain_text("开展职工代表提案督办工作。")
    assert not User.objects.filter(is_superuser=True).exists()


def seed_plan_text():
    text = SEED.read_text(encoding="utf-8")
    return text[text.index("荆州市总工会十一月工作计划"):text.index("地址:")]


def test_the_seeds_ten_items_take_at_most_30_clicks(browser, live_server, transactional_db):
    from workplans.models import WorkPlan

    office_accounts()
    editor = log_in(browser, live_server, "editor")
    clicks = 0

    def click(locator):
        nonlocal clicks
        clicks += 1
        locator.click()

    editor.goto(f"{live_server.url}/admin/")
    click(editor.get_by_role("link", name="月度工作计划").first)
    click(editor.get_by_role("link", name="导入工作计划"))
    editor.get_by_label("计划月份").fill("2020-11")
    editor.get_by_label("或粘贴计划").fill(seed_plan_text())
    click(editor.get_by_role("button", name="预览"))
    expect(editor.locator("#import-preview")).to_contain_text("事项（10 项）")
    click(editor.get_by_role("button", name="确认导入"))
    expect(editor.locator(".messagelist")).to_contain_text("已导入 10 项")
    click(editor.get_by_role("button", name="保存并提交审核"))
    expect(editor.locator(".messagelist")).to_contain_text("已提交审核")

    plan = WorkPlan.objects.get()
    assert plan.status == WorkPlan.Status.PENDING and plan.items.count() == 10
    items = {item.order: item for item in plan.items.with_responsibility()}
    assert items[2].leaders_text == "高启秀、葛艳平、罗莉"
    assert items[6].departments_text == "宣教网络部、相关部室"
    assert clicks <= 30, clicks  # 5 clicks and 2 typed fields today
