"""Public plan pages: titles carry the year, items of a month that is over do not read
未开始, and the print stylesheet keeps the last line company and drops 浏览次数."""

import datetime as dt
from pathlib import Path

from django.conf import settings

from workplans.models import PlanItem, WorkPlan


def test_plan_titles_include_the_year(db, make_plan):
    plan = make_plan(dt.date(2020, 11, 1), title="荆州市总工会十一月工作计划")
    assert plan.display_title == "荆州市总工会2020年十一月工作计划"
    generated = make_plan(dt.date(2021, 1, 1))
    assert generated.display_title == "荆州市总工会2021年一月工作计划"
    other = make_plan(dt.date(2021, 2, 1), title="二月重点工作")
    assert other.display_title == "2021年二月重点工作"
    dated = make_plan(dt.date(2021, 3, 1), title="2021年三月计划")
    assert dated.display_title == "2021年三月计划"


def test_items_of_a_past_plan_read_ended_not_not_started(client, db, make_plan, make_item, time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 1, 9, 0), tick=False)
    old = make_plan(dt.date(2020, 11, 1), title="荆州市总工会十一月工作计划")
    silent = make_item(old, content="没有反馈的事项")
    done = make_item(old, content="完成的事项", status=PlanItem.Status.DONE)
    current = make_plan(dt.date(2026, 12, 1))
    fresh = make_item(current, content="本月事项")
    assert silent.public_status == ("ended", "已结束（未反馈进展）")
    assert done.public_status == ("done", "已完成")
    assert fresh.public_status == ("not_started", "未开始")

    html = client.get(old.get_absolute_url()).content.decode()
    assert "<h1>荆州市总工会2020年十一月工作计划</h1>" in html
    assert '<span class="status status-ended">已结束（未反馈进展）</span>' in html
    assert '<span class="status status-done">已完成</span>' in html
    assert "未开始" not in html
    assert "荆州市总工会2020年十一月工作计划" in client.get("/plans/").content.decode()
    assert "未开始" in client.get(current.get_absolute_url()).content.decode()
    assert WorkPlan.objects.count() == 2


def test_print_leaves_out_the_view_count_and_keeps_the_last_item_with_the_one_before():
    css = (Path(settings.BASE_DIR) / "static" / "css" / "print.css").read_text()
    assert ".article-meta .views" in css.split("{")[0]
    assert ".plan-items > li:last-child" in css and "break-before: avoid" in css
    assert "orphans: 3" in css and "widows: 3" in css


def test_view_count_is_wrapped_so_print_can_hide_it(client, column_tree, make_article):
    article = make_article(column_tree["updates"])
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<span class="views"> | 浏览次数:<span class="view-count">0</span></span>' in html
    assert '<div class="article-tools" role="group" aria-label="阅读工具">' in html
