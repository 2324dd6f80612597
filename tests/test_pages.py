from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        # 01:30 in Shanghai is still the previous day in UTC: the header follows Shanghai.
        (datetime(2026, 11, 23, 17, 30, tzinfo=ZoneInfo("UTC")), "2026年11月24日 星期二"),
        (datetime(2021, 1, 7, 9, 0, tzinfo=SHANGHAI), "2021年1月7日 星期四"),
        (datetime(2024, 12, 29, 23, 59, tzinfo=SHANGHAI), "2024年12月29日 星期日"),
    ],
)
def test_header_date_is_computed_in_shanghai(client, db, time_machine, instant, expected):
    time_machine.move_to(instant, tick=False)
    html = client.get("/").content.decode()
    assert f"今天是:<time datetime=\"{instant.astimezone(SHANGHAI):%Y-%m-%d}\">{expected}</time>" in html


def test_footer_comes_from_site_settings(client, site_settings):
    html = client.get("/").content.decode()
    assert "主办单位:荆州市总工会" in html
    assert "地址:荆州市园林路25号" in html
    assert "热线电话:0716-8212336" in html
    assert "邮编:434000" in html
    assert "QQ:260945676" in html
    icp_link = '<a href="https://beian.miit.gov.cn/" rel="noopener" target="_blank">鄂ICP备12004590号-1</a>'
    assert icp_link in html
    assert "公安备案" not in html and "网站标识码" not in html  # shown only when set

    site_settings.police_record_number = "鄂公网安备 42100202000123号"
    site_settings.site_code = "4210000001"
    site_settings.save()
    html = client.get("/").content.decode()
    assert "code=42100202000123" in html
    assert "网站标识码:4210000001" in html


def test_home_lists_latest_of_each_top_column_pinned_first(
    client, column_tree, make_article, site_settings
):
    column_tree["bulletins"].featured_on_home = True
    column_tree["bulletins"].save()
    make_article(column_tree["updates"], title="动态一", days_ago=3)
    make_article(column_tree["updates"], title="置顶动态", days_ago=9, pinned=True)
    make_article(column_tree["bulletins"], title="要情一", days_ago=2)
    make_article(column_tree["policy"], title="法规一", days_ago=1)
    html = client.get("/").content.decode()
    news_block = html.split('id="block-news-center"')[1].split("</section>")[0]
    assert news_block.index("置顶动态") < news_block.index("要情一") < news_block.index("动态一")
    policy_block = html.split('id="block-policy"')[1].split("</section>")[0]
    assert "法规一" in policy_block and "动态一" not in policy_block
    bulletin_block = html.split('id="block-bulletins"')[1].split("</section>")[0]
    assert "要情一" in bulletin_block and "动态一" not in bulletin_block
    assert html.count("<h1") == 1


def test_home_block_is_capped_per_column(client, column_tree, make_article):
    for day in range(12):
        make_article(column_tree["updates"], title=f"动态{day:02d}", days_ago=day + 1)
    html = client.get("/").content.decode()
    news_block = html.split('id="block-news-center"')[1].split("</section>")[0]
    assert news_block.count("<li>") == 8
    assert "动态00" in news_block and "动态08" not in news_block


def test_article_page_shows_meta_breadcrumb_and_tools(client, column_tree, make_article):
    article = make_article(
        column_tree["bulletins"],
        title="工会要情摘报2020年第六十二期",
        source="办公室",
        publish_at=datetime(2021, 1, 7, 10, 0, tzinfo=SHANGHAI),
    )
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert article.get_absolute_url() == f"/news/bulletins/2021/01/{article.pk}/"
    assert (
        '您的位置:</span><a href="/">首页</a> &gt; <a href="/news/news-center/">新闻中心</a>'
        ' &gt; <a href="/news/notices/">公示公告</a> &gt; <a href="/news/bulletins/">工会要情</a>'
    ) in html
    assert "<span>信息来源:办公室</span>" in html
    assert '发布时间 <time datetime="2021-01-07">2021-01-07</time>' in html
    assert '浏览次数:<span class="view-count">0</span>' in html
    assert "【打印】" in html and 'data-font-size="large">大</button>' in html
    assert "<title>工会要情摘报2020年第六十二期 - 荆州市总工会</title>" in html
    assert f'<link rel="canonical" href="http://testserver{article.get_absolute_url()}">' in html
    assert html.count("<h1") == 1


def test_previous_and_next_stay_within_the_column(client, column_tree, make_article):
    column = column_tree["updates"]
    older = make_article(column, title="较早", days_ago=5)
    middle = make_article(column, title="中间", days_ago=3)
    newer = make_article(column, title="较新", days_ago=1)
    make_article(column_tree["policy"], title="别的栏目", days_ago=2)
    html = client.get(middle.get_absolute_url()).content.decode()
    assert f'上一篇：<a href="{older.get_absolute_url()}" rel="prev">较早</a>' in html
    assert f'下一篇：<a href="{newer.get_absolute_url()}" rel="next">较新</a>' in html
    html = client.get(newer.get_absolute_url()).content.decode()
    assert "下一篇：没有了" in html


def test_old_article_addresses_redirect_to_the_current_one(client, column_tree, make_article):
    article = make_article(column_tree["updates"])
    old_url = article.get_absolute_url()
    article.column = column_tree["policy"]
    article.save()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


@pytest.mark.parametrize(
    "url",
    [
        "/news/no-such-column/",
        "/news/updates/2021/01/999999/",
        "/news/%E5%B7%A5%E4%BC%9A/",  # a Chinese slug
        "/news/up<dates>/",
        "/news/updates/2021/13/1/",
    ],
)
def test_unknown_addresses_give_the_chinese_404_page(client, column_tree, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "抱歉，您访问的页面不存在" in response.content.decode()


@pytest.mark.parametrize("page", ["abc", "0", "999999", "-1"])
def test_bad_page_numbers_give_404_not_500(client, column_tree, make_article, page):
    make_article(column_tree["updates"])
    response = client.get(f"/news/updates/?page={page}")
    assert response.status_code == 404
    assert "抱歉，您访问的页面不存在" in response.content.decode()


def test_pagination_splits_twenty_per_page(client, column_tree, make_article):
    for number in range(45):
        make_article(column_tree["updates"], title=f"分页文章{number:02d}", days_ago=number + 1)
    first = client.get("/news/updates/").content.decode()
    third = client.get("/news/updates/?page=3").content.decode()
    assert first.count('class="article-list"') == 1
    assert "分页文章00" in first and "分页文章19" in first and "分页文章20" not in first
    assert "第 3 页 / 共 3 页（45 条）" in third
    assert "分页文章44" in third and "分页文章39" not in third
    assert client.get("/news/updates/?page=last").status_code == 200


def test_search_finds_published_articles_and_handles_empty_queries(
    client, column_tree, make_article
):
    make_article(column_tree["updates"], title="扶贫日系列活动")
    make_article(column_tree["updates"], title="职工技能竞赛")
    html = client.get("/search/?q=扶贫").content.decode()
    assert "找到 1 条" in html and "<mark>扶贫</mark>日系列活动" in html and "职工技能竞赛" not in html
    empty = client.get("/search/?q=").content.decode()
    assert "请输入要查找的关键词" in empty and "职工技能竞赛" not in empty
    long_query = client.get("/search/?q=" + "扶" * 10000)
    assert long_query.status_code == 200


def test_view_counter_counts_public_articles_only(client, column_tree, make_article):
    article = make_article(column_tree["updates"])
    url = f"/articles/{article.pk}/views/"
    assert client.post(url, REMOTE_ADDR="10.0.0.1").json() == {"view_count": 1}
    assert client.post(url, REMOTE_ADDR="10.0.0.2").json() == {"view_count": 2}
    assert client.get(url).status_code == 405
    article.refresh_from_db()
    assert article.view_count == 2
    draft = make_article(column_tree["updates"], status="draft")
    assert client.post(f"/articles/{draft.pk}/views/").status_code == 404


def test_rendering_the_page_does_not_count(client, column_tree, make_article):
    article = make_article(column_tree["updates"])
    client.get(article.get_absolute_url())
    article.refresh_from_db()
    assert article.view_count == 0


def test_feed_lists_published_articles(client, column_tree, make_article):
    make_article(column_tree["updates"], title="订阅文章")
    response = client.get("/feed/")
    assert response["Content-Type"].startswith("application/rss+xml")
    assert "<title>订阅文章</title>" in response.content.decode()
