"""The site search: tokenizer, index upkeep, recall and precision, the page and its bad input.

Runs on SQLite (FTS5) and PostgreSQL (GIN); the recall tests are the same on both.
"""

import datetime as dt
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from bulletins.models import Bulletin, BulletinSection, BulletinSeries
from news.models import Article
from search.forms import search_transaction
from search.models import SearchEntry
from search.tokenizer import MAX_QUERY_TERMS, MAX_TERM_LENGTH, query_terms, term_tokens, tokenize
from workplans.models import Department, Leader, PlanItem, PlanItemDepartment, WorkPlan

# Tokenizer ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("劳动竞赛", ["劳动", "动竞", "竞赛"]),
        ("扶贫", ["扶贫"]),
        ("与", ["与"]),
        ("高启秀为职工，办实事。", ["高启", "启秀", "秀为", "为职", "职工", "办实", "实事"]),
        ("COVID19疫情 App 2020年", ["covid19", "疫情", "app", "2020", "年"]),
        ("第62期Word文档", ["第", "62", "期", "word", "文档"]),
        ("“”《》！？、——…()*\"' AND", ["and"]),
        ("x" * (MAX_TERM_LENGTH + 1) + " 扶贫", ["扶贫"]),
        ("", []),
    ],
)
def test_tokenizer_makes_bigrams_of_chinese_and_keeps_other_words_whole(text, tokens):
    assert tokenize(text) == tokens


def test_query_terms_split_on_punctuation_drop_repeats_and_single_characters():
    assert query_terms("  扶贫，调解;扶贫 “劳动竞赛” 秀 ") == ["扶贫", "调解", "劳动竞赛"]
    assert query_terms('"扶贫" NEAR(调解) * AND') == ["扶贫", "NEAR", "调解", "AND"]
    assert query_terms("！？、。") == []
    assert term_tokens("2020年") == ["2020"]  # 年 is left to the substring check


def test_query_terms_are_cut_to_the_documented_limits():
    many = " ".join(f"词语{chr(0x4E00 + number)}" for number in range(20))
    assert len(query_terms(many)) == MAX_QUERY_TERMS
    assert query_terms("扶" * 10_000) == ["扶" * MAX_TERM_LENGTH]


# Recall and precision on the index -----------------------------------------------------------


@pytest.fixture
def corpus(column_tree, make_article):
    updates, policy = column_tree["updates"], column_tree["policy"]
    return {
        "fupin": make_article(updates, title="扶贫日系列活动", body="<p>走访困难职工。</p>", days_ago=5),
        "fupin_body": make_article(
            updates, title="走访活动", body="<p>开展<b>扶贫</b>工作。</p>", days_ago=1
        ),
        "tiaojie": make_article(policy, title="劳动争议", body="<p>人民调解委员会成立。</p>", days_ago=3),
        "both": make_article(updates, title="综合新闻", body="<p>扶贫与调解并重。</p>", days_ago=4),
        "tanpuhui": make_article(policy, title="绿色出行", body="<p>推广低碳普惠制度。</p>", days_ago=6),
        "puhuitan": make_article(policy, title="普查通知", body="<p>开展普惠碳普查工作。</p>", days_ago=7),
        "name": make_article(
            updates, title="专题党课", body="<p>副主席高启秀为机关党员宣讲。</p>", days_ago=8
        ),
        "contest": make_article(updates, title="职工劳动竞赛启动", body="<p>比学赶超。</p>", days_ago=9),
        "apart": make_article(updates, title="劳动光荣", body="<p>技能竞赛和劳动保护。</p>", days_ago=2),
    }


def found(query):
    with search_transaction():
        entries = SearchEntry.objects.public().matching(query_terms(query)).ranked(query_terms(query))
        return [entry.article_id for entry in entries]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("扶贫", ["fupin", "fupin_body", "both"]),  # two characters, title hit first
        ("调解", ["tiaojie", "both"]),
        ("碳普惠", ["tanpuhui"]),  # inside 低碳普惠, and not 普惠碳普查
        ("高启秀", ["name"]),  # inside 高启秀为, which a dictionary splits 高启 + 秀为
        ("劳动竞赛", ["contest"]),  # not 劳动 … 竞赛 apart
        ("扶贫 调解", ["both"]),  # every word
        ("调解，扶贫", ["both"]),
        ("扶贫 不存在的词", []),
    ],
)
def test_each_query_class_finds_exactly_the_planted_articles(corpus, query, expected):
    assert found(query) == [corpus[key].pk for key in expected]


def test_title_hits_come_first_then_the_newest(corpus):
    # fupin (5 days old) has 扶贫 in its title; fupin_body (1 day) and both (4 days) do not.
    assert found("扶贫")[0] == corpus["fupin"].pk


def test_drafts_and_future_articles_are_never_found(column_tree, make_article):
    make_article(column_tree["updates"], title="扶贫草稿", status=Article.Status.DRAFT)
    make_article(column_tree["updates"], title="扶贫定时", publish_at=timezone.now() + timedelta(hours=1))
    public = make_article(column_tree["updates"], title="扶贫公开")
    assert found("扶贫") == [public.pk]


def test_scheduled_article_is_found_when_its_time_comes(column_tree, make_article, time_machine):
    later = timezone.now() + timedelta(hours=1)
    article = make_article(column_tree["updates"], title="扶贫定时", publish_at=later)
    assert found("扶贫") == []
    time_machine.move_to(timezone.now() + timedelta(hours=2))
    assert found("扶贫") == [article.pk]


def test_editing_and_deleting_an_article_rewrites_its_entry(column_tree, make_article):
    article = make_article(column_tree["updates"], title="扶贫日活动")
    article.title = "调解工作"
    article.save()
    assert found("扶贫") == [] and found("调解") == [article.pk]
    article.status = Article.Status.DRAFT
    article.save()
    assert found("调解") == []
    article.delete()
    assert not SearchEntry.objects.exists()
    if connection.vendor == "sqlite":  # the trigger empties the FTS5 row with the entry
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM search_searchentry_fts")
            assert cursor.fetchone() == (0,)


@pytest.fixture
def bulletin(column_tree):
    series = BulletinSeries.objects.create(name="工会要情摘报", column=column_tree["bulletins"])
    return Bulletin.objects.create(
        series=series, year=2020, subject="十月份工作", status=Article.Status.PUBLISHED,
        publish_at=timezone.now() - timedelta(days=1),
    )


def test_a_bulletins_sections_are_part_of_its_text(bulletin):
    section = BulletinSection.objects.create(
        bulletin=bulletin, heading="开展扶贫日活动", body="<p>人民调解</p>"
    )
    assert found("扶贫 调解") == [bulletin.pk]
    assert SearchEntry.objects.get().kind == SearchEntry.Kind.BULLETIN
    section.delete()
    assert found("扶贫") == []


@pytest.fixture
def plan(bulletin):
    return WorkPlan.objects.create(
        month=dt.date(2020, 11, 1), bulletin=bulletin, status=WorkPlan.Status.PUBLISHED
    )


def test_plan_items_are_found_by_content_leader_and_department(plan):
    item = PlanItem.objects.create(plan=plan, content="组织开展劳动竞赛", order=1)
    leader = Leader.objects.create(name="高启秀")
    item.leaders.add(leader, through_defaults={"order": 0})
    PlanItemDepartment.objects.create(item=item, department=Department.objects.create(name="经济部"))
    entry = SearchEntry.objects.public().matching(["高启秀", "经济部", "劳动竞赛"]).get()
    assert entry.plan_item == item and entry.kind == SearchEntry.Kind.PLAN_ITEM
    assert entry.url == f"{plan.get_absolute_url()}#item-{item.pk}"
    leader.name = "罗莉"
    leader.save()
    assert not SearchEntry.objects.matching(["高启秀"]).exists()
    plan.status = WorkPlan.Status.DRAFT
    plan.save()
    assert not SearchEntry.objects.public().matching(["罗莉"]).exists()
    plan.delete()
    assert not SearchEntry.objects.filter(kind=SearchEntry.Kind.PLAN_ITEM).exists()


def test_imported_content_is_indexed_with_its_bulk_created_parts(db, django_capture_on_commit_callbacks):
    # The importer bulk-creates sections and leader links (no signals): the commit reindexes.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", verbosity=0)
    bulletin = Bulletin.objects.get()
    bulletin.status = Article.Status.PUBLISHED
    bulletin.save()
    assert bulletin.pk in found("高启秀 扶贫")  # in a section
    assert SearchEntry.objects.matching(["高启秀"]).filter(kind=SearchEntry.Kind.PLAN_ITEM).exists()


def test_rebuild_command_recreates_a_lost_index(corpus, capsys):
    SearchEntry.objects.all().delete()
    assert found("碳普惠") == []
    call_command("rebuild_search_index", batch_size=4)
    assert found("碳普惠") == [corpus["tanpuhui"].pk]
    assert "文章：9/9（100%）" in capsys.readouterr().out


@pytest.mark.postgres
def test_postgresql_answers_from_the_gin_index(postgres, corpus):
    queryset = SearchEntry.objects.public().matching(["碳普惠"]).ranked(["碳普惠"])
    with search_transaction():
        plan = queryset.explain()
    assert "search_searchentry_vector_gin" in plan and "Seq Scan" not in plan


# The page ----------------------------------------------------------------------------------


def page(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_results_show_title_column_date_and_marked_snippet(client, corpus):
    html = page(client, q="高启秀")
    assert "找到 1 条与“高启秀”有关的信息。" in html
    assert f'<a href="{corpus["name"].get_absolute_url()}">专题党课</a>' in html
    assert "副主席<mark>高启秀</mark>为机关党员宣讲。" in html
    assert "工会动态 · 新闻 · " in html
    assert f'{corpus["name"].publish_at.astimezone():%Y-%m-%d}</time>' in html


def test_snippet_is_about_80_characters_around_the_first_hit(client, column_tree, make_article):
    body = "前文" * 100 + "劳动竞赛" + "后文" * 100
    make_article(column_tree["updates"], title="长文", body=f"<p>{body}</p>")
    html = page(client, q="劳动竞赛")
    snippet = re.search(r"<p>(…[^<]*<mark>劳动竞赛</mark>[^<]*…)</p>", html).group(1)
    assert len(snippet.replace("<mark>", "").replace("</mark>", "")) == 80 + 2  # and two …


def test_html_in_text_is_shown_as_text(client, column_tree, make_article):
    make_article(
        column_tree["updates"], title="<script>alert(1)</script>扶贫",
        body="<p>&lt;script&gt;alert(2)&lt;/script&gt;扶贫</p>",
    )
    html = page(client, q="扶贫")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "alert(2)&lt;/script&gt;<mark>扶贫</mark>" in html


def test_plan_items_show_as_work_plan(client, plan):
    item = PlanItem.objects.create(plan=plan, content="组织开展劳动竞赛", order=1)
    html = page(client, q="劳动竞赛", kind="plan_item")
    assert f'href="{plan.get_absolute_url()}#item-{item.pk}"' in html
    assert "工作计划 · 计划事项 · " in html


def test_filters_by_column_and_its_descendants_kind_and_dates(client, corpus, column_tree, bulletin):
    bulletin.subject = "扶贫工作"
    bulletin.save()
    assert "找到 4 条" in page(client, q="扶贫")
    assert "找到 4 条" in page(client, q="扶贫", column=column_tree["news"].pk)  # 工会要情 is below
    assert "找到 3 条" in page(client, q="扶贫", column=column_tree["updates"].pk)
    assert "找到 1 条" in page(client, q="扶贫", column=column_tree["notices"].pk)
    assert "找到 0 条" in page(client, q="扶贫", column=column_tree["policy"].pk)
    assert "找到 1 条" in page(client, q="扶贫", kind="bulletin")
    assert "找到 3 条" in page(client, q="扶贫", kind="news")
    day = timezone.localdate() - timedelta(days=4)
    assert "找到 1 条" in page(client, q="扶贫", date_from=day, date_to=day)
    assert "找到 3 条" in page(client, q="扶贫", date_from=day)
    html = page(client, q="扶贫", kind="bulletin", date_to=day)
    assert "找到 0 条" in html and "可以去掉栏目、类型或日期的限制再试一次" in html


def test_empty_query_shows_the_form_not_all_content(client, corpus):
    html = page(client, q="", kind="news")
    assert "请输入要查找的关键词" in html and "扶贫日系列活动" not in html
    assert '<label for="id_q">关键词</label>' in html and '<label for="id_column">栏目</label>' in html


def test_results_are_paginated_by_twenty(client, column_tree, make_article):
    for number in range(45):
        make_article(column_tree["updates"], title=f"扶贫{number:02d}", days_ago=number + 1)
    third = page(client, q="扶贫", page=3)
    assert "第 3 页 / 共 3 页（45 条）" in third
    assert "<mark>扶贫</mark>44" in third and "<mark>扶贫</mark>39" not in third
    assert 'href="?q=%E6%89%B6%E8%B4%AB&amp;page=2"' in third


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "扶" * 10_000}, "找到 0 条"),
        ({"q": "！？，。……"}, "中没有可以搜索的词"),
        ({"q": "秀"}, "单个汉字和标点无法搜索"),
        ({"q": '"扶贫"* ^调解 -(:'}, "找到 1 条"),  # FTS5 syntax is punctuation here
        ({"q": "扶贫 OR NEAR AND"}, "找到 0 条"),  # and its words are words: all must occur
        ({"q": "扶贫'; DROP TABLE news_article; --"}, "找到 0 条"),
        ({"q": "扶贫' OR '1'='1"}, "找到 0 条"),
        ({"q": "扶贫", "date_from": "2024-13-45"}, "“从”的日期格式应为 年-月-日"),
        ({"q": "扶贫", "date_to": "yesterday"}, "“到”的日期格式应为 年-月-日"),
        ({"q": "扶贫", "date_from": "2024-05-02", "date_to": "2024-05-01"}, "开始日期不能晚于结束日期"),
        ({"q": "扶贫", "date_from": "9999-12-31"}, "找到 0 条"),
        ({"q": "扶贫", "column": "999999"}, "没有这个栏目"),
        ({"q": "扶贫", "column": "abc"}, "没有这个栏目"),
        ({"q": "扶贫", "kind": "article; --"}, "没有这种类型"),
    ],
)
def test_bad_input_gives_a_normal_page_with_a_chinese_message(client, corpus, params, message):
    assert message in page(client, **params)
    assert SearchEntry.objects.count() == len(corpus)


def test_the_page_runs_a_fixed_number_of_queries(
    client, column_tree, make_article, site_settings, django_assert_max_num_queries
):
    # Column tree, site settings, count, page of results; on PostgreSQL also SET LOCAL. The
    # search transaction is a SAVEPOINT and RELEASE here, inside the test's transaction.
    budget = 7 if connection.vendor == "postgresql" else 6
    for count in (3, 60):
        while Article.objects.count() < count:
            make_article(column_tree["updates"], title="扶贫活动", body="<p>劳动竞赛</p>")
        with django_assert_max_num_queries(budget):
            html = page(client, q="扶贫 劳动竞赛", column=column_tree["news"].pk)
        assert f"找到 {count} 条" in html


def test_admin_search_uses_the_index_and_finds_drafts(admin_client, column_tree, make_article, bulletin):
    draft = make_article(column_tree["updates"], title="低碳普惠草稿", status=Article.Status.DRAFT)
    make_article(column_tree["updates"], title="普惠碳普查")
    html = admin_client.get("/admin/news/article/", {"q": "碳普惠"}).content.decode()
    assert "低碳普惠草稿" in html and "普惠碳普查" not in html and f"/{draft.pk}/change/" in html
    html = admin_client.get("/admin/bulletins/bulletin/", {"q": "十月份"}).content.decode()
    assert bulletin.title in html
    assert admin_client.get("/admin/news/article/", {"q": "！？"}).status_code == 200
