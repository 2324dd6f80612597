"""The page cache (core/page_cache.py): anonymous readers get cached pages, and every change
an editor, reviewer or the office makes is on every affected page at once.

Runs on whichever cache the settings chose: local memory, or Redis with REDIS_URL set
(.ci/run runs the suite both ways).
"""

import datetime as dt
import io
import sys
import zoneinfo

import pytest
import time_machine
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from django.utils import timezone

from bulletins.models import Bulletin
from core import page_cache
from core.models import SiteSettings
from news import workflow
from news.models import Article, PendingRevision
from workplans.models import Department, PlanItem, WorkPlan

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response, response.content.decode()


def cached(client, url):
    """GET `url` twice; the second answer must come from the cache. Returns its text."""
    get(client, url)
    response, text = get(client, url)
    assert response.get(page_cache.HIT_HEADER) == "hit", url
    return text


@pytest.fixture
def pages(column_tree, make_article, site_settings, editor):
    """Two published articles in 工会动态, one in 政策法规."""
    first = make_article(column_tree["updates"], title="第一篇动态", days_ago=3, created_by=editor)
    second = make_article(column_tree["updates"], title="第二篇动态", days_ago=2, created_by=editor)
    policy = make_article(column_tree["policy"], title="一篇政策", days_ago=2, created_by=editor)
    return {"first": first, "second": second, "policy": policy}


def public_urls(column_tree, *articles):
    return [
        "/",
        column_tree["updates"].get_absolute_url(),
        column_tree["news"].get_absolute_url(),
        "/feed/",
        "/sitemap.xml",
        *(article.get_absolute_url() for article in articles),
    ]


# What is cached, and for whom ---------------------------------------------------------------


def test_an_anonymous_reader_gets_the_cached_page_with_no_queries(
    client, pages, django_assert_num_queries
):
    url = pages["first"].get_absolute_url()
    first = client.get(url)
    assert first[page_cache.HIT_HEADER] == "miss"
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again[page_cache.HIT_HEADER] == "hit"
    assert again.content == first.content
    assert again["Content-Type"] == "text/html; charset=utf-8"
    assert again["X-Frame-Options"] == "DENY"  # the security headers are added to hits too


def test_a_cached_page_carries_no_session_or_csrf_data(client, pages, column_tree):
    # A reader with an anonymous session and a CSRF cookie (they opened the sign-in page).
    client.get("/accounts/login/")
    assert "csrftoken" in client.cookies
    for url in public_urls(column_tree, pages["first"]):
        get(client, url)
        stranger = Client()
        response, text = get(stranger, url)
        assert response[page_cache.HIT_HEADER] == "hit", url
        assert "csrfmiddlewaretoken" not in text
        assert client.cookies["csrftoken"].value not in text
        assert not response.cookies, url  # no Set-Cookie: no csrftoken, no sessionid
        stored = cache.get(page_cache.KEY_PREFIX + page_cache.address_key(f"http://testserver{url}"))
        assert b"csrftoken" not in repr(stored).encode() and b"sessionid" not in repr(stored).encode()


def test_signed_in_users_bypass_the_cache(pages, login, editor, leader_user):
    anonymous = Client()
    url = "/"
    cached(anonymous, url)
    for user in (editor, leader_user):
        response, text = get(login(user), url)
        assert page_cache.HIT_HEADER not in response
        assert "退出" in text and "csrfmiddlewaretoken" in text
    # ... and nothing they saw was stored for the public.
    assert "退出" not in get(anonymous, url)[1]


def test_a_hit_has_the_headers_of_the_page_it_stored(client, pages, column_tree):
    for url in public_urls(column_tree, pages["first"]):
        miss = client.get(url)
        hit = client.get(url)
        assert (miss[page_cache.HIT_HEADER], hit[page_cache.HIT_HEADER]) == ("miss", "hit"), url
        headers = {name: value for name, value in miss.items() if name != page_cache.HIT_HEADER}
        assert {name: value for name, value in hit.items() if name != page_cache.HIT_HEADER} == headers
        # The security headers come from the middleware in front of the cache ...
        for name in ("Content-Security-Policy", "Permissions-Policy", "X-Frame-Options",
                     "X-Content-Type-Options", "Referrer-Policy"):
            assert name in hit, (url, name)
        # ... and a browser still learns that the page differs for a signed-in user.
        assert "Cookie" in hit["Vary"], url


def test_whoever_has_a_session_is_served_by_the_views(client, pages, login, editor):
    """The cache decides on the cookies alone, before the session is read: a session cookie,
    even one that signs nobody in any more, goes past it (and nothing it sees is stored)."""
    url = "/"
    cached(client, url)
    browser = login(editor)
    browser.post("/accounts/logout/")
    browser.cookies["sessionid"] = "a-session-that-has-expired-long-ago"
    response, text = get(browser, url)
    assert page_cache.HIT_HEADER not in response
    assert "退出" not in text
    assert get(client, url)[0][page_cache.HIT_HEADER] == "hit"


def test_a_hit_reads_neither_the_session_nor_the_database(client, pages, django_assert_num_queries):
    url = pages["first"].get_absolute_url()
    get(client, url)
    with django_assert_num_queries(0):
        response = client.get(url)
    assert response[page_cache.HIT_HEADER] == "hit"
    # The views' middleware never ran: no request.session, no request.user.
    assert not hasattr(response.wsgi_request, "session")
    assert not hasattr(response.wsgi_request, "user")


def wsgi_get(path, **headers):
    """GET `path` through the site's WSGI application, as gunicorn calls it: (status, headers,
    body)."""
    from jingzhou_union.wsgi import application

    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "", "SCRIPT_NAME": "",
        "SERVER_NAME": "testserver", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr, **{f"HTTP_{name}": value for name, value in headers.items()},
    }
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer.update(status=status, headers=dict(response_headers))

    # As Django's test client does: the request signals must not close the test's connection
    # (it is inside the test's transaction).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = application(environ, start_response)
        body = b"".join(response)
        if hasattr(response, "close"):
            response.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return answer["status"], answer["headers"], body


def test_through_wsgi_a_hit_is_answered_before_django(pages, django_assert_num_queries):
    url = pages["first"].get_absolute_url()
    status, stored_headers, stored_body = wsgi_get(url)
    assert status == "200 OK" and stored_headers.pop(page_cache.HIT_HEADER) == "miss"
    handled_by_django = []

    def request_started_receiver(**kwargs):
        handled_by_django.append(True)

    request_started.connect(request_started_receiver)
    try:
        with django_assert_num_queries(0):
            status, headers, body = wsgi_get(url)
    finally:
        request_started.disconnect(request_started_receiver)
    assert status == "200 OK" and headers.pop(page_cache.HIT_HEADER) == "hit"
    assert not handled_by_django
    assert (headers, body) == (stored_headers, stored_body)
    for name in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy"):
        assert name in headers, name


def test_through_wsgi_everything_but_a_hit_goes_to_django(pages):
    wsgi_get("/")
    assert wsgi_get("/")[1][page_cache.HIT_HEADER] == "hit"
    status, headers, body = wsgi_get("/", COOKIE="sessionid=a-session-that-has-expired")
    assert status == "200 OK" and page_cache.HIT_HEADER not in headers
    status, headers, body = wsgi_get("/", HOST="elsewhere.example")  # not in ALLOWED_HOSTS
    assert status.startswith("400") and "Traceback" not in body.decode()


@pytest.fixture
def leader_user(make_leader):
    return make_leader("高启秀").user


def test_a_preview_is_never_cached(pages, login, reviewer, column_tree, make_article, editor):
    draft = make_article(column_tree["updates"], title="未发布的稿件", status=Article.Status.DRAFT,
                         created_by=editor)
    url = draft.get_absolute_url()
    response, text = get(login(reviewer), url)
    assert "预览" in text and page_cache.HIT_HEADER not in response
    assert Client().get(url).status_code == 404
    assert Client().get(url).status_code == 404


def test_search_and_the_office_pages_are_not_cached(client, pages):
    client.get("/search/?q=动态")
    assert page_cache.HIT_HEADER not in client.get("/search/?q=动态")


def test_a_waiting_flash_message_bypasses_the_cache(client, pages):
    cached(client, "/")
    client.cookies["messages"] = "anything"
    assert page_cache.HIT_HEADER not in client.get("/")


def test_view_counts_keep_counting_on_a_cached_page(client, pages):
    article = pages["first"]
    cached(client, article.get_absolute_url())
    for expected in (1, 2, 3):
        reader = f"10.0.0.{expected}"
        assert client.post(f"/articles/{article.pk}/views/", REMOTE_ADDR=reader).json() == {
            "view_count": expected
        }
    article.refresh_from_db()
    assert article.view_count == 3


# Every change is on every affected page at once ---------------------------------------------


def test_publishing_shows_the_article_on_home_columns_feed_sitemap_and_neighbours(
    client, pages, column_tree, make_article, reviewer, editor
):
    pending = make_article(column_tree["updates"], title="刚刚审核通过的新闻", status=Article.Status.PENDING,
                           days_ago=0, created_by=editor)
    urls = public_urls(column_tree, pages["second"])
    for url in urls:
        assert "刚刚审核通过的新闻" not in cached(client, url)
    assert "下一篇：没有了" in cached(client, pages["second"].get_absolute_url())

    workflow.approve(pending, reviewer)

    for url in urls:
        response, text = get(client, url)
        assert response[page_cache.HIT_HEADER] == "miss", url
        assert "刚刚审核通过的新闻" in text or pending.get_absolute_url() in text, url
    # The previous article's 下一篇 now points at it.
    assert pending.get_absolute_url() in get(client, pages["second"].get_absolute_url())[1]


def test_approving_an_edit_shows_the_new_text(client, pages, column_tree, editor, reviewer):
    article = pages["second"]
    urls = public_urls(column_tree, article, pages["first"])
    for url in urls:
        cached(client, url)
    article.title = "修改后的标题"
    PendingRevision.capture(article, editor)
    workflow.submit(Article.objects.get(pk=article.pk), editor)
    # Submitted, not approved: the public still sees the old title (from the cache or not).
    assert "修改后的标题" not in get(client, article.get_absolute_url())[1]

    workflow.approve(Article.objects.get(pk=article.pk), reviewer)

    for url in urls:  # its page, its columns, home, the feed and its neighbour's 上一篇
        assert "修改后的标题" in get(client, url)[1] or url == "/sitemap.xml", url
    assert "第二篇动态" not in get(client, "/")[1]


def test_withdrawing_removes_the_article_everywhere(client, pages, column_tree, reviewer):
    article = pages["second"]
    url = article.get_absolute_url()
    for page in public_urls(column_tree, article, pages["first"]):
        assert "第二篇动态" in cached(client, page) or page == "/sitemap.xml"
    workflow.withdraw(article, reviewer)
    assert client.get(url).status_code == 404
    for page in public_urls(column_tree, pages["first"]):
        assert "第二篇动态" not in get(client, page)[1], page


def test_moving_an_article_to_another_column_updates_both_columns(client, pages, column_tree, reviewer):
    article = pages["second"]
    old_url = article.get_absolute_url()
    updates, policy = column_tree["updates"].get_absolute_url(), column_tree["policy"].get_absolute_url()
    assert "第二篇动态" in cached(client, updates)
    assert "第二篇动态" not in cached(client, policy)
    cached(client, old_url)

    article.column = column_tree["policy"]
    article.save_as(reviewer, "移动栏目")  # what approving a revision that moves it saves

    assert "第二篇动态" not in get(client, updates)[1]
    assert "第二篇动态" in get(client, policy)[1]
    moved = client.get(old_url)
    assert moved.status_code == 301 and moved["Location"] == article.get_absolute_url()
    assert get(client, article.get_absolute_url())[1].count("一篇政策") >= 1  # its new neighbour


def test_the_recycle_bin_and_restore(client, pages, column_tree, reviewer):
    article = pages["second"]
    url = article.get_absolute_url()
    assert "第二篇动态" in cached(client, "/")
    cached(client, url)
    workflow.trash(article, reviewer)
    assert client.get(url).status_code == 404
    assert "第二篇动态" not in get(client, "/")[1]

    # Restored, it comes back withdrawn; republished, it is on the home page again.
    cached(client, "/")
    workflow.restore(article, reviewer)
    assert get(client, "/")[0][page_cache.HIT_HEADER] == "miss"
    workflow.submit(article, reviewer)
    workflow.approve(article, reviewer)
    assert "第二篇动态" in get(client, "/")[1]


def test_deleting_for_good_removes_it(client, pages, column_tree, reviewer, administrator):
    article = pages["second"]
    workflow.trash(article, reviewer)
    cached(client, column_tree["updates"].get_absolute_url())
    workflow.purge(article, administrator)
    response, _ = get(client, column_tree["updates"].get_absolute_url())
    assert response[page_cache.HIT_HEADER] == "miss"


def test_a_scheduled_article_appears_at_its_publish_time_while_pages_are_cached(
    client, pages, column_tree, make_article, editor
):
    at = timezone.now().replace(microsecond=0) + dt.timedelta(hours=2)
    make_article(column_tree["updates"], title="定时发布的通知", publish_at=at, created_by=editor)
    with time_machine.travel(at - dt.timedelta(minutes=30), tick=False):
        for url in ("/", column_tree["updates"].get_absolute_url(), "/feed/"):
            assert "定时发布的通知" not in cached(client, url)
    with time_machine.travel(at - dt.timedelta(seconds=1), tick=False):
        assert "定时发布的通知" not in cached(client, "/")
    with time_machine.travel(at + dt.timedelta(seconds=1), tick=False):
        for url in ("/", column_tree["updates"].get_absolute_url(), "/feed/"):
            assert "定时发布的通知" in get(client, url)[1], url


def test_the_header_date_is_never_yesterdays(client, pages):
    evening = dt.datetime(2026, 12, 1, 23, 59, 30, tzinfo=SHANGHAI)
    with time_machine.travel(evening, tick=False):
        assert "2026年12月1日" in cached(client, "/")
    with time_machine.travel(evening + dt.timedelta(seconds=31), tick=False):
        text = get(client, "/")[1]
        assert "2026年12月2日" in text and "2026年12月1日" not in text


def test_site_settings_change_the_footer_at_once(client, pages, site_settings):
    assert "0716-8212336" in cached(client, "/")
    settings_row = SiteSettings.load()
    settings_row.hotline = "0716-1234567"
    settings_row.save()
    assert "0716-1234567" in get(client, "/")[1]


def test_a_change_is_applied_again_when_its_transaction_commits(
    pages, django_capture_on_commit_callbacks
):
    """A reader that rendered the page from the database before the commit (so without the
    change) stored it under a generation that the commit ends."""
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        pages["first"].title = "事务中的修改"
        pages["first"].save()
        during = cache.get(page_cache.GENERATION_KEY)
        get(client, "/")  # a page stored while the transaction is still open
    assert cache.get(page_cache.GENERATION_KEY) != during
    assert get(client, "/")[0][page_cache.HIT_HEADER] == "miss"


# Plans, bulletins, leaders and departments --------------------------------------------------


@pytest.fixture
def plan_pages(seed):
    plan = seed["plan"]
    item = plan.items.get(order=1)
    leader = item.leaders.first()
    department = item.departments.first()
    return {
        "plan": plan, "item": item, "leader": leader, "department": department,
        "urls": [plan.get_absolute_url(), plan.bulletin.get_absolute_url(), leader.get_absolute_url(),
                 department.get_absolute_url(), "/plans/"],
    }


def test_editing_a_plan_item_updates_plan_bulletin_leader_and_department_pages(client, plan_pages):
    client_pages = plan_pages["urls"][:4]
    for url in client_pages:
        cached(client, url)
    item = PlanItem.objects.get(pk=plan_pages["item"].pk)
    item.content = "新的工作任务内容"
    item.save()
    for url in client_pages:
        assert "新的工作任务内容" in get(client, url)[1], url


def test_renaming_a_leader_or_department_updates_their_pages(client, plan_pages):
    leader, department = plan_pages["leader"], plan_pages["department"]
    for url in plan_pages["urls"]:
        cached(client, url)
    leader.name = "新领导"
    leader.save()
    department.name = "新部室"
    department.save()
    for url in plan_pages["urls"][:4]:
        text = get(client, url)[1]
        assert "新领导" in text and "新部室" in text, url


def test_changing_an_items_responsibility_updates_the_leader_pages(client, plan_pages, make_leader):
    newcomer = make_leader("新来的领导", with_user=False)
    assert "新来的领导" not in cached(client, plan_pages["plan"].get_absolute_url())
    empty_page = newcomer.get_absolute_url()
    assert plan_pages["item"].content[:10] not in cached(client, empty_page)
    plan_pages["item"].leaders.add(newcomer, through_defaults={"order": 5})
    assert "新来的领导" in get(client, plan_pages["plan"].get_absolute_url())[1]
    assert plan_pages["item"].content[:10] in get(client, empty_page)[1]


def test_unpublishing_a_plan_hides_it(client, plan_pages):
    plan = plan_pages["plan"]
    cached(client, plan.get_absolute_url())
    plan.status = WorkPlan.Status.DRAFT
    plan.save()
    assert client.get(plan.get_absolute_url()).status_code == 404
    assert plan_pages["item"].content[:10] not in get(client, plan_pages["leader"].get_absolute_url())[1]


def test_editing_a_bulletin_section_updates_the_bulletin_page(client, plan_pages):
    bulletin = Bulletin.objects.get(pk=plan_pages["plan"].bulletin_id)
    section = bulletin.sections.first()
    cached(client, bulletin.get_absolute_url())
    section.heading = "改过的小标题"
    section.save()
    assert "改过的小标题" in get(client, bulletin.get_absolute_url())[1]


def test_deactivating_a_department_updates_the_plan_index(client, plan_pages):
    department = Department.objects.get(pk=plan_pages["department"].pk)
    assert department.name in cached(client, "/plans/")
    department.is_active = False
    department.save()
    assert get(client, "/plans/")[0][page_cache.HIT_HEADER] == "miss"
