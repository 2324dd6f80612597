"""Each rule in one place: the cases where two copies of a rule used to give users two answers."""

import datetime as dt
import io
import json
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase
from openpyxl import load_workbook

from core.permissions import may_preview
from news.models import Article, Column
from workplans.models import PlanItem, WorkPlan

NOVEMBER = dt.date(2020, 11, 1)


# 1. Who may preview: a permission, the same for the public address and the admin ----------


def test_a_staff_account_without_permissions_cannot_preview(client, bare_staff_user, draft):
    client.force_login(bare_staff_user)
    assert client.get(draft.get_absolute_url()).status_code == 404
    # The admin refuses it too (it has no module permission to open the admin at all).
    assert client.get(f"/admin/news/article/{draft.pk}/preview/").status_code in (302, 403)


def test_an_editor_previews_at_both_addresses(login, editor, draft):
    client = login(editor)
    public = client.get(draft.get_absolute_url())
    assert public.status_code == 200 and "预览：本文尚未公开" in public.content.decode()
    admin = client.get(f"/admin/news/article/{draft.pk}/preview/")
    assert admin.status_code == 200 and "预览：本文尚未公开" in admin.content.decode()


def test_previewing_is_one_rule_for_every_kind_of_content(bare_staff_user, editor):
    for model in (Article, WorkPlan, PlanItem):
        assert not may_preview(bare_staff_user, model)
        assert not may_preview(AnonymousUser(), model)
        assert may_preview(editor, model)


def test_the_recycle_bin_is_not_shown_even_to_previewers(login, editor, draft):
    draft.deleted_at = timezone.now()
    draft.save()
    assert login(editor).get(draft.get_absolute_url()).status_code == 404


class PublicRuleTest(HypothesisTestCase):
    """`Article.is_public` and `ArticleQuerySet.published()` are the same rule."""

    @settings(max_examples=40, deadline=None)
    @given(
        status=st.sampled_from(list(Article.Status)),
        hours=st.integers(min_value=-48, max_value=48),
        trashed=st.booleans(),
    )
    def test_one_article_and_the_query_agree(self, status, hours, trashed):
        column = Column.objects.get_or_create(slug="rule", defaults={"name": "规则"})[0]
        article = Article.objects.create(
            title="规则", column=column, status=status,
            publish_at=timezone.now() + timedelta(hours=hours),
            deleted_at=timezone.now() if trashed else None,
        )
        assert article.is_public == Article.objects.published().filter(pk=article.pk).exists()


# 2. An item's number: the stored order, renumbered 1…n, shown the same everywhere ----------


@pytest.fixture
def numbered_plan(make_plan, make_item, make_leader, make_department):
    leader = make_leader("高启秀")
    department = make_department("权益保障部")
    plan = make_plan(NOVEMBER)
    items = [make_item(plan, [leader], [department], order=order, content=f"任务{order}")
             for order in (10, 20, 30, 40)]
    return plan, items, leader


def test_the_office_renumbering_items_gives_one_number_everywhere(
    numbered_plan, login, administrator, staff_user, client
):
    plan, items, leader = numbered_plan
    items[2].delete()  # 任务30 goes: 任务40 is now the third item
    assert list(plan.items.values_list("content", "order")) == [("任务10", 1), ("任务20", 2), ("任务40", 3)]
    fourth = PlanItem.objects.get(content="任务40")

    public = client.get(plan.get_absolute_url()).content.decode()
    assert "3、</span>任务40" in public
    leader_client = login(leader.user)
    assert "3、任务40" in leader_client.get("/plans/my/").content.decode()
    assert "第3项" in leader_client.get(fourth.get_absolute_url()).content.decode()
    office = login(staff_user)
    assert "第3项 任务40" in office.get("/plans/overview/?month=2020-11").content.decode()
    sheet = load_workbook(io.BytesIO(office.get(f"/plans/{plan.pk}/export.xlsx").content)).active
    assert [row[0] for row in sheet.iter_rows(values_only=True) if row[1] == "任务40"] == [3]


def test_saving_a_plan_in_the_admin_renumbers_in_the_typed_order(numbered_plan, login, administrator):
    plan, items, _ = numbered_plan
    client = login(administrator)
    form = client.get(f"/admin/workplans/workplan/{plan.pk}/change/").context["adminform"].form
    data = {
        "organization": plan.organization, "month": "2020-11-01", "title": plan.title,
        "status": plan.status, "items-TOTAL_FORMS": "4", "items-INITIAL_FORMS": "4",
        "items-MIN_NUM_FORMS": "0", "items-MAX_NUM_FORMS": "1000",
    }
    assert form  # the page renders
    # The office types the order backwards: 40, 30, 20, 10.
    for index, (item, order) in enumerate(zip(items, (40, 30, 20, 10), strict=True)):
        data.update({
            f"items-{index}-id": item.pk, f"items-{index}-plan": plan.pk, f"items-{index}-order": order,
            f"items-{index}-content": item.content, f"items-{index}-status": item.status,
        })
    response = client.post(f"/admin/workplans/workplan/{plan.pk}/change/", data)
    assert response.status_code == 302, response.context["errors"]
    assert list(plan.items.values_list("content", "order")) == [
        ("任务40", 1), ("任务30", 2), ("任务20", 3), ("任务10", 4)
    ]


# 3. A deadline without a due date: the same words on every page -------------------------


def test_a_deadline_without_a_due_date_reads_the_same_everywhere(numbered_plan, login, client):
    plan, items, leader = numbered_plan
    department = items[0].ordered_departments[0]
    expected = "2020-11-30</time><span class=\"muted\">（月底）</span>"
    with time_machine.travel(dt.datetime(2020, 11, 10, 10), tick=False):
        pages = [
            client.get(leader.get_absolute_url()),
            client.get(department.get_absolute_url()),
            client.get(plan.get_absolute_url()),
            login(leader.user).get("/plans/my/"),
            login(leader.user).get(items[0].get_absolute_url()),
        ]
    for page in pages:
        assert expected in page.content.decode(), page.wsgi_request.path
    assert items[0].deadline_text == "2020-11-30（月底）"


# 4. One upload policy: the package's own upload address is gone --------------------------


def test_the_editor_package_upload_address_is_not_routed(login, editor):
    assert login(editor).post("/ckeditor5/image_upload/").status_code == 404


# 5. Sanitizing on every write path -------------------------------------------------------

HOSTILE = '<p>正文</p><script>alert(1)</script><img src="x" alt="x" onerror="alert(2)">'


def assert_clean(article):
    stored = Article.objects.values_list("body", flat=True).get(pk=article.pk)
    assert "<script" not in stored and "onerror" not in stored and "<p>正文</p>" in stored


def test_queryset_update_is_sanitized(live, client):
    Article.objects.filter(pk=live.pk).update(body=HOSTILE)
    assert_clean(live)
    assert "alert(" not in client.get(live.get_absolute_url()).content.decode()


def test_bulk_create_and_bulk_update_are_sanitized(live, column_tree):
    new = Article(title="批量", column=column_tree["updates"], body=HOSTILE)
    [created] = Article.objects.bulk_create([new])
    assert_clean(created)
    live.body = HOSTILE
    Article.objects.bulk_update([live], ["body"])
    assert_clean(live)


def test_loaddata_is_sanitized(live, tmp_path, client):
    fixture = tmp_path / "articles.json"
    row = Article.objects.values().get(pk=live.pk)
    fields = {key: value for key, value in row.items() if key != "id"}
    fields.update(body=HOSTILE, column=fields.pop("column_id"), created_by=fields.pop("created_by_id"))
    fixture.write_text(json.dumps([{"model": "news.article", "pk": live.pk, "fields": fields}], default=str))
    call_command("loaddata", str(fixture), verbosity=0)
    assert_clean(live)
    assert "alert(" not in client.get(live.get_absolute_url()).content.decode()
