"""Search as readers use it: a bulletin found by its plan's words, highlighted titles, the
documented word limit, a breadcrumb and the site's one rule for bad page numbers."""

import re

import pytest
from django.core.management import call_command

from bulletins.models import Bulletin
from search.models import SearchEntry
from workplans.models import WorkPlan


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)
    return Bulletin.objects.get()


def results(client, **params):
    html = client.get("/search/", params).content.decode()
    return html, re.findall(r'<h2><a href="([^"]+)">', html)


@pytest.mark.parametrize("words", ["工人文化宫", "十一月工作计划", "金蓝领", "困难职工"])
def test_a_bulletin_is_found_by_the_words_of_its_plan(client, demo, words):
    html, urls = results(client, q=words)
    assert demo.get_absolute_url() in urls, (words, urls)


def test_the_plan_item_stays_findable_on_its_own(client, demo):
    _, urls = results(client, q="工人文化宫", kind=SearchEntry.Kind.PLAN_ITEM)
    assert urls and all("#item-" in url for url in urls)


def test_a_draft_plan_adds_nothing_to_its_bulletin(client, demo):
    plan = WorkPlan.objects.get()
    plan.status = WorkPlan.Status.DRAFT
    plan.save()
    _, urls = results(client, q="十一月工作计划")
    assert demo.get_absolute_url() not in urls
    plan.status = WorkPlan.Status.PUBLISHED
    plan.save()
    _, urls = results(client, q="十一月工作计划")
    assert demo.get_absolute_url() in urls


def test_editing_a_plan_item_reindexes_its_bulletin(client, demo):
    item = WorkPlan.objects.get().items.first()
    item.content = "筹办职工书法摄影大赛"
    item.save()
    _, urls = results(client, q="书法摄影", kind=SearchEntry.Kind.BULLETIN)
    assert urls == [demo.get_absolute_url()]


def test_titles_are_highlighted_and_escaped(client, column_tree, make_article):
    make_article(column_tree["updates"], title="<b>劳动</b>竞赛动员会")
    html, _ = results(client, q="竞赛")
    assert "&lt;b&gt;劳动&lt;/b&gt;<mark>竞赛</mark>动员会</a></h2>" in html


def test_more_than_eight_words_is_refused_with_a_message(client, column_tree, make_article):
    make_article(column_tree["updates"], title="扶贫工作")
    words = "扶贫 劳动 竞赛 职工 工会 帮扶 法律 援助"
    assert "找到 1 条" not in results(client, q=words)[0]  # eight words: searched (all must match)
    assert "请修改下面的内容" not in results(client, q=words)[0]
    html, urls = results(client, q=words + " 维权")
    assert "最多 8 个词，现在有 9 个" in html and not urls


def test_search_page_has_a_breadcrumb(client, db):
    html = client.get("/search/?q=扶贫").content.decode()
    trail = '您的位置:</span><a href="/">首页</a> &gt; <span aria-current="page">站内搜索</span>'
    assert trail in html


@pytest.mark.parametrize("page", ["abc", "0", "-1", "99"])
def test_bad_page_numbers_are_404_as_on_column_pages(client, column_tree, make_article, page):
    for number in range(3):
        make_article(column_tree["updates"], title=f"扶贫{number}")
    search = client.get(f"/search/?q=扶贫&page={page}")
    column = client.get(f"/news/updates/?page={page}")
    assert search.status_code == column.status_code == 404
    assert "抱歉，您访问的页面不存在" in search.content.decode()


def test_no_results_is_still_a_page(client, db):
    response = client.get("/search/?q=没有的词语")
    assert response.status_code == 200 and "找到 0 条" in response.content.decode()
    assert client.get("/search/?q=没有的词语&page=2").status_code == 404
