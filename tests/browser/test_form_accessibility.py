"""The editor's forms pass axe-core with no violations: every input has a label (the split
发布时间 date and time inputs too) and every autocomplete box an accessible name."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_editorial import PASSWORD, log_in


@pytest.fixture
def office(transactional_db):
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command

    from bulletins.models import Bulletin
    from core import roles
    from workplans import planning
    from workplans.models import PlanItem, WorkPlan

    call_command("load_demo", verbosity=0)
    roles.sync_groups()
    editor = User.objects.create_user("editor", password=PASSWORD, is_staff=True)
    editor.groups.add(Group.objects.get(name=roles.EDITORS))
    plan = WorkPlan.objects.first()
    return {"plan": plan, "item": PlanItem.objects.first(), "bulletin": Bulletin.objects.first(),
            "draft": planning.create_next_month(plan, editor)}


FORMS = [
    ("文章（新建）", "/admin/news/article/add/"),
    ("工会要情（新建）", "/admin/bulletins/bulletin/add/"),
    ("工会要情（修改，含综述各部分）", "/admin/bulletins/bulletin/{bulletin}/change/"),
    ("工作计划（新建）", "/admin/workplans/workplan/add/"),
    ("计划事项（新建）", "/admin/workplans/planitem/add/"),
    ("工作计划（修改）", "/admin/workplans/workplan/{plan}/change/"),
    ("计划事项（修改）", "/admin/workplans/planitem/{item}/change/"),
    ("工作计划（草稿的事项表）", "/admin/workplans/workplan/{draft}/change/"),
    ("导入工会要情", "/admin/import/bulletin/"),
    ("导入工作计划", "/admin/import/plan/"),
    ("从Word导入文章", "/admin/import/article/"),
]


def test_the_editors_forms_have_no_axe_violations(browser, live_server, office, axe_violations):
    page = log_in(browser, live_server, "editor")
    found = {}
    for name, url in FORMS:
        page.goto(live_server.url + url.format(**{key: obj.pk for key, obj in office.items()}))
        expect(page.locator("#content")).to_be_visible()
        if page.locator(".ck-editor__editable").count():
            expect(page.locator(".ck-editor__editable").first).to_be_visible()
        violations = axe_violations(page)
        if violations:
            found[name] = [f"{v['id']}: {node.split(' :: ')[0]}" for v in violations for node in v["nodes"]]
    assert found == {}, "\n".join(f"{name}: {line}" for name, lines in found.items() for line in lines)
