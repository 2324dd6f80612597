"""What uncached pages keep for the content generation (core.page_cache.remember): the column
tree, the site settings, the home page's blocks, a column's count and pages, an article's
previous and next. With the page cache off, every change an editor, reviewer or the office
makes is on every page at once, as it is with the cache on (tests/test_page_cache.py).

Each test renders the pages twice first, so that what they show is kept, then changes
something and reads them again.
"""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from core.models import SiteSettings
from news import workflow
from news.models import Article, HomeBlock, PendingRevision


def text_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def kept(client, url):
    """GET `url` twice (the second from what the first kept); returns its text."""
    text_of(client, url)
    return text_of(client, url)


@pytest.fixture
def pages(column_tree, make_article, site_settings, editor, uncached_pages):
    """Two published articles in 工会动态, one in 政策法规; the page cache off."""
    first = make_article(column_tree["updates"], title="第一篇动态", days_ago=3, created_by=editor)
    second = make_article(column_tree["updates"], title="第二篇动态", days_ago=2, created_by=editor)
    policy = make_article(column_tree["policy"], title="一篇政策", days_ago=2, created_by=editor)
    return {"first": first, "second": second, "policy": policy}


def list_urls(column_tree):
    """Home, the column and the column above it, page 1 and page 1 named (two kept pages)."""
    return ["/", column_tree["updates"].get_absolute_url(), column_tree["news"].get_absolute_url(),
            column_tree["news"].get_absolute_url() + "?page=1"]


def test_the_page_cache_is_off_here(client, pages):
    from core import page_cache

    response = client.get("/")
    assert page_cache.HIT_HEADER not in response


def test_publishing_shows_the_article_on_home_columns_and_its_neighbour(
    client, pages, column_tree, make_article, reviewer, editor
):
    pending = make_article(column_tree["updates"], title="刚刚审核通过的新闻", status=Article.Status.PENDING,
                           days_ago=1, created_by=editor)
    for url in list_urls(column_tree):
        assert "刚刚审核通过的新闻" not in kept(client, url), url
    neighbour = pages["second"].get_absolute_url()
    assert "下一篇：没有了" in kept(client, neighbour)

    workflow.approve(pending, reviewer)

    for url in list_urls(column_tree):
        assert "刚刚审核通过的新闻" in text_of(client, url), url
    assert pending.get_absolute_url() in text_of(client, neighbour)


def test_withdrawing_removes_the_article_from_lists_and_neighbours(client, pages, column_tree, reviewer):
    for url in list_urls(column_tree):
        assert "第二篇动态" in kept(client, url), url
    first = pages["first"].get_absolute_url()
    assert "第二篇动态" in kept(client, first)  # its 下一篇

    workflow.withdraw(pages["second"], reviewer)

    for url in [*list_urls(column_tree), first]:
        assert "第二篇动态" not in text_of(client, url), url
    assert "下一篇：没有了" in text_of(client, first)


def test_approving_an_edit_shows_the_new_title_in_lists_and_neighbours(
    client, pages, column_tree, editor, reviewer
):
    article = pages["second"]
    urls = [*list_urls(column_tree), pages["first"].get_absolute_url()]
    for url in urls:
        assert "第二篇动态" in kept(client, url), url
    article.title = "修改后的标题"
    PendingRevision.capture(article, editor)
    workflow.submit(Article.objects.get(pk=article.pk), editor)
    workflow.approve(Article.objects.get(pk=article.pk), reviewer)

    for url in urls:
        text = text_of(client, url)
        assert "修改后的标题" in text and "第二篇动态" not in text, url


def test_moving_an_article_changes_its_address_in_every_list(client, pages, column_tree, reviewer):
    article = pages["second"]
    old_url = article.get_absolute_url()
    for url in list_urls(column_tree):
        assert old_url in kept(client, url), url
    assert "第二篇动态" in kept(client, pages["first"].get_absolute_url())

    article.column = column_tree["policy"]
    article.save_as(reviewer, "移动栏目")

    new_url = Article.objects.get(pk=article.pk).get_absolute_url()
    assert "第二篇动态" not in text_of(client, column_tree["updates"].get_absolute_url())
    assert new_url in text_of(client, column_tree["policy"].get_absolute_url())
    assert old_url not in text_of(client, "/") and new_url in text_of(client, "/")
    assert "第二篇动态" not in text_of(client, pages["first"].get_absolute_url())
    assert "第二篇动态" in text_of(client, pages["policy"].get_absolute_url())  # its new neighbour


def test_renaming_a_column_or_changing_its_address_updates_navigation_and_lists(
    client, pages, column_tree
):
    article_url = pages["second"].get_absolute_url()
    for url in list_urls(column_tree):
        assert "政策法规" in kept(client, url)
    kept(client, article_url)
    policy = column_tree["policy"]
    policy.name, policy.slug = "法律法规", "laws"
    policy.save()
    updates = column_tree["updates"]
    updates.slug = "union-news"
    updates.save()

    moved = Article.objects.get(pk=pages["second"].pk).get_absolute_url()
    assert moved != article_url and "/union-news/" in moved
    for url in ["/", "/news/union-news/", column_tree["news"].get_absolute_url(), moved]:
        text = text_of(client, url)
        assert "法律法规" in text and "政策法规" not in text, url  # the navigation
        assert "/news/policy/" not in text and "/news/updates/" not in text, url
    assert moved in text_of(client, "/") and moved in text_of(client, column_tree["news"].get_absolute_url())
    assert client.get(article_url).status_code == 301


def test_hiding_a_column_from_the_navigation(client, pages, column_tree):
    assert "政策法规" in kept(client, pages["first"].get_absolute_url())
    policy = column_tree["policy"]
    policy.show_in_nav = False
    policy.save()
    text = text_of(client, pages["first"].get_absolute_url())
    nav = text.split('aria-label="主导航"')[1].split("</nav>")[0]
    assert "政策法规" not in nav


def test_a_home_block_change_shows_at_once(client, pages, column_tree):
    block = HomeBlock.objects.create(column=column_tree["updates"], title="基层风采", count=1)
    text = kept(client, "/")
    assert "基层风采" in text and "第二篇动态" in text and "第一篇动态" not in text
    block.title, block.count = "基层动态", 2
    block.save()
    text = text_of(client, "/")
    assert "基层动态" in text and "基层风采" not in text and "第一篇动态" in text


def test_site_settings_change_the_footer_at_once(client, pages):
    for url in ["/", pages["first"].get_absolute_url()]:
        assert "0716-8212336" in kept(client, url)
    settings_row = SiteSettings.load()
    settings_row.hotline, settings_row.site_name = "0716-1234567", "荆州市总工会网站"
    settings_row.save()
    for url in ["/", pages["first"].get_absolute_url()]:
        assert "0716-1234567" in text_of(client, url)
    assert '<h1 class="visually-hidden">荆州市总工会网站</h1>' in text_of(client, "/")  # in the kept blocks


def test_the_recycle_bin_and_restore(client, pages, column_tree, reviewer):
    for url in list_urls(column_tree):
        assert "第二篇动态" in kept(client, url)
    workflow.trash(pages["second"], reviewer)
    for url in list_urls(column_tree):
        assert "第二篇动态" not in text_of(client, url), url
    workflow.restore(pages["second"], reviewer)
    workflow.submit(pages["second"], reviewer)
    workflow.approve(pages["second"], reviewer)
    for url in list_urls(column_tree):
        assert "第二篇动态" in text_of(client, url), url


def test_a_scheduled_article_appears_at_its_publish_time_while_values_are_kept(
    client, pages, column_tree, make_article, editor
):
    at = timezone.now().replace(microsecond=0) + dt.timedelta(hours=2)
    scheduled = make_article(column_tree["updates"], title="定时发布的通知", publish_at=at, created_by=editor)
    urls = [*list_urls(column_tree), pages["second"].get_absolute_url()]
    with time_machine.travel(at - dt.timedelta(minutes=30), tick=False):
        for url in urls:
            assert "定时发布的通知" not in kept(client, url), url
    with time_machine.travel(at - dt.timedelta(seconds=1), tick=False):
        assert "定时发布的通知" not in kept(client, "/")
    with time_machine.travel(at + dt.timedelta(seconds=1), tick=False):
        for url in urls:
            text = text_of(client, url)
            assert "定时发布的通知" in text or scheduled.get_absolute_url() in text, url


def test_a_kept_value_is_not_kept_past_midnight(client, pages, column_tree, make_article, editor):
    """No change is saved, but the day turns: what is kept is read again (the rule of
    core.page_cache: nothing outlives midnight in Asia/Shanghai)."""
    import zoneinfo

    evening = dt.datetime(2026, 12, 1, 23, 59, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(evening, tick=False):
        assert "第二篇动态" in kept(client, "/")
        # A change that starts no generation (an update() sends no signal): kept until midnight.
        Article.objects.filter(pk=pages["second"].pk).update(title="午夜后的标题")
        assert "第二篇动态" in text_of(client, "/")
    with time_machine.travel(evening + dt.timedelta(seconds=31), tick=False):
        assert "午夜后的标题" in text_of(client, "/")


# A bulletin's sections and the plan it publishes -------------------------------------------


@pytest.fixture
def bulletin_page(seed, uncached_pages):
    from bulletins.models import Bulletin

    plan = seed["plan"]
    bulletin = Bulletin.objects.get(pk=plan.bulletin_id)
    return {"plan": plan, "bulletin": bulletin, "item": plan.items.get(order=1),
            "url": bulletin.get_absolute_url()}


def test_editing_a_section_or_a_plan_item_updates_the_bulletin_page(client, bulletin_page):
    from workplans.models import PlanItem

    url = bulletin_page["url"]
    section = bulletin_page["bulletin"].sections.first()
    assert section.heading in kept(client, url)
    section.heading = "改过的小标题"
    section.save()
    assert "改过的小标题" in text_of(client, url)

    item = PlanItem.objects.get(pk=bulletin_page["item"].pk)
    item.content = "新的工作任务内容"
    item.save()
    assert "新的工作任务内容" in text_of(client, url)


def test_renaming_a_leader_updates_the_bulletin_page(client, bulletin_page):
    leader = bulletin_page["item"].leaders.first()
    assert leader.name in kept(client, bulletin_page["url"])
    leader.name = "新领导"
    leader.save()
    assert "新领导" in text_of(client, bulletin_page["url"])


def test_unpublishing_the_plan_takes_it_off_the_bulletin_page_but_not_for_who_may_preview(
    client, bulletin_page, login, administrator
):
    from workplans.models import WorkPlan

    plan, url = bulletin_page["plan"], bulletin_page["url"]
    assert plan.get_absolute_url() in kept(client, url)
    plan.status = WorkPlan.Status.DRAFT
    plan.save()
    assert plan.get_absolute_url() not in text_of(client, url)
    # Who may preview plans sees the draft plan: what the public's page kept is not theirs.
    assert plan.get_absolute_url() in text_of(login(administrator), url)
    assert plan.get_absolute_url() not in text_of(client, url)


def test_leader_and_department_pages_follow_item_leader_and_plan_changes(client, bulletin_page):
    from workplans.models import PlanItem, WorkPlan

    item = PlanItem.objects.get(pk=bulletin_page["item"].pk)
    leader, department = item.leaders.first(), item.departments.first()
    urls = [leader.get_absolute_url(), department.get_absolute_url()]
    for url in urls:
        assert item.content[:10] in kept(client, url), url
    item.content = "新的工作任务内容"
    item.save()
    department.name = "新部室"
    department.save()
    for url in urls:
        text = text_of(client, url)
        assert "新的工作任务内容" in text and "新部室" in text, url

    plan = bulletin_page["plan"]
    for other in WorkPlan.objects.exclude(pk=plan.pk):
        other.status = WorkPlan.Status.DRAFT
        other.save()
    plan.status = WorkPlan.Status.DRAFT
    plan.save()
    for url in urls:
        text = text_of(client, url)
        assert "新的工作任务内容" not in text and "负责的已发布工作任务" in text, url


# An article's own page, a search and the values kept in this process ------------------------


def test_an_article_page_shows_an_approved_edit_and_its_withdrawal_at_once(
    client, pages, editor, reviewer
):
    article = pages["second"]
    url = article.get_absolute_url()
    assert "第二篇动态" in kept(client, url)
    article.body = "<p>改过的正文</p>"
    article.title = "修改后的标题"
    PendingRevision.capture(article, editor)
    workflow.submit(Article.objects.get(pk=article.pk), editor)
    assert "改过的正文" not in text_of(client, url)  # still waiting for review
    workflow.approve(Article.objects.get(pk=article.pk), reviewer)
    text = text_of(client, url)
    assert "修改后的标题" in text and "改过的正文" in text and "第二篇动态" not in text

    workflow.withdraw(Article.objects.get(pk=article.pk), reviewer)
    assert client.get(url).status_code == 404


def test_an_attachment_added_to_a_kept_article_page_is_listed(client, pages):
    from django.core.files.base import ContentFile

    from news.models import Attachment

    url = pages["first"].get_absolute_url()
    assert "附件" not in kept(client, url)
    attachment = Attachment(article=pages["first"], title="会议通知")
    attachment.file.save("notice.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    attachment.save()
    text = text_of(client, url)
    assert "会议通知" in text and f"/attachments/{attachment.pk}/" in text


def test_a_kept_article_page_costs_no_query_and_signed_in_readers_get_theirs_afresh(
    client, pages, login, reviewer, django_assert_num_queries
):
    url = pages["first"].get_absolute_url()
    kept(client, url)
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200
    # A reviewer's page is read from the database (their rights may show them more).
    reviewer_client = login(reviewer)
    reviewer_client.get(url)
    Article.objects.filter(pk=pages["first"].pk).update(title="只改了数据库的标题")  # no signal
    assert "只改了数据库的标题" in text_of(reviewer_client, url)
    assert "只改了数据库的标题" not in text_of(client, url)


def test_a_search_is_kept_per_address_and_follows_publishing(
    client, pages, column_tree, make_article, reviewer, editor, django_assert_num_queries
):
    # Titles come with the query's words marked: the results are told apart by their addresses.
    first, policy = pages["first"].get_absolute_url(), pages["policy"].get_absolute_url()
    url = "/search/?q=" + "动态"
    text = kept(client, url)
    assert first in text and pages["second"].get_absolute_url() in text and policy not in text
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200
    # Another address is another search, with its own results.
    text = text_of(client, "/search/?q=" + "政策")
    assert policy in text and first not in text
    assert policy in text_of(client, "/search/?q=" + "政策&kind=news")
    assert policy not in text_of(client, "/search/?q=" + "政策&kind=bulletin")

    pending = make_article(column_tree["updates"], title="新的工会动态", status=Article.Status.PENDING,
                           days_ago=1, created_by=editor)
    assert pending.get_absolute_url() not in text_of(client, url)
    workflow.approve(pending, reviewer)
    assert pending.get_absolute_url() in text_of(client, url)
    # A page past the end is a 404 however often it is asked for.
    for _ in range(2):
        assert client.get(url + "&page=9").status_code == 404


def test_a_leader_page_costs_no_query_once_kept(client, bulletin_page, django_assert_num_queries):
    leader = bulletin_page["item"].leaders.first()
    url = leader.get_absolute_url()
    assert bulletin_page["item"].content[:10] in kept(client, url)
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200
    assert client.get(url + "?page=9").status_code == 404


def test_the_bulletin_page_leaves_its_kept_sections_as_they_were(client, bulletin_page, login, administrator):
    """The sections are kept in this process and shared by its requests: the plan's part
    gives each section's items as a mapping rather than setting them on the sections."""
    bulletin = bulletin_page["bulletin"]
    text_of(login(administrator), bulletin_page["url"])
    kept(client, bulletin_page["url"])
    assert not any(hasattr(section, "completed_plan_items") for section in bulletin.page_sections())


def test_a_value_is_kept_in_this_process_until_another_node_starts_a_generation(pages):
    """What a process keeps needs no cache round trip; a new generation in the shared cache,
    started by any node, makes it stale here too."""
    from django.core.cache import cache

    from core import page_cache

    computed = []

    def compute():
        computed.append(1)
        return len(computed)

    assert page_cache.remember("test:counter", compute) == 1
    cache.delete("page-cache:value:test:counter")  # gone from the shared cache: still kept here
    assert page_cache.remember("test:counter", compute) == 1
    cache.set(page_cache.GENERATION_KEY, "another-node's-generation", None)
    assert page_cache.remember("test:counter", compute) == 2


def test_a_request_renders_one_generation_and_sees_its_own_changes(pages):
    from django.core.cache import cache

    from core import page_cache

    computed = []

    def compute():
        computed.append(1)
        return len(computed)

    with page_cache.one_generation_per_request():
        assert page_cache.remember("test:counter", compute) == 1
        # Another node starts a generation while this request renders: it goes on with its own.
        cache.set(page_cache.GENERATION_KEY, "another-node's-generation", None)
        assert page_cache.remember("test:counter", compute) == 1
        # This request's own change is what it renders next.
        page_cache.content_changed()
        assert page_cache.remember("test:counter", compute) == 2
    with page_cache.one_generation_per_request():
        assert page_cache.remember("test:counter", compute) == 2
