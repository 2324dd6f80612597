"""The public portal's conventions: government meta tags, robots.txt, favicon, feeds,
sitemap, and the configurable home page (blocks, carousel, topics, service entries, links)."""

import datetime as dt
import re
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import feedparser
import pytest
from django.core.files.base import ContentFile

from bulletins.models import Bulletin, BulletinSection, BulletinSeries
from demo.samples import banner
from news.meta import TAGS
from news.models import Article, HomeBlock, PortalLink, Topic
from workplans.models import Department, Leader, WorkPlan

SHANGHAI = ZoneInfo("Asia/Shanghai")


class MetaTags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta, self.links = {}, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "name" in attrs:
            self.meta[attrs["name"]] = attrs.get("content")
        if tag == "link":
            self.links.append(attrs)


def parse(response):
    parser = MetaTags()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture
def site(site_settings):
    site_settings.site_code = "4210000001"
    site_settings.domain = "www.jzszgh.example.cn"
    site_settings.description = "荆州市总工会门户网站"
    site_settings.save()
    return site_settings


# Government meta tags ------------------------------------------------------------------


def test_article_page_has_all_thirteen_government_tags(client, site, column_tree, make_article):
    column_tree["updates"].column_type = "政务动态"
    column_tree["updates"].save()
    article = make_article(
        column_tree["updates"], title="市总工会召开全委会", source="宣教部", author="张三",
        body="<p>会议<b>总结</b>了全年工作。</p><p>第二段。</p>",
    )
    meta = parse(client.get(article.get_absolute_url())).meta
    assert set(TAGS) <= set(meta)
    assert meta["SiteName"] == "荆州市总工会"
    assert meta["SiteDomain"] == "www.jzszgh.example.cn"
    assert meta["SiteIDCode"] == "4210000001"
    assert meta["ColumnName"] == "工会动态"
    assert meta["ColumnType"] == "政务动态"
    assert meta["ArticleTitle"] == "市总工会召开全委会"
    local = article.publish_at.astimezone(SHANGHAI)
    assert meta["PubDate"] == f"{local:%Y-%m-%d %H:%M}"
    assert meta["ContentSource"] == "宣教部"
    assert meta["Author"] == "张三"
    assert "工会动态" in meta["Keywords"] and "新闻中心" in meta["Keywords"]
    # No summary: the description is the start of the body, as plain text.
    assert meta["Description"] == meta["description"] == "会议总结了全年工作。 第二段。"
    assert meta["Image"] == "http://testserver/static/img/share.png"
    assert meta["Url"] == f"http://testserver{article.get_absolute_url()}"


def test_article_with_summary_and_cover_uses_them(client, site, column_tree, make_article):
    article = make_article(column_tree["updates"], summary="一句话摘要")
    article.cover_image.save("c.png", ContentFile(banner("封面", (164, 22, 26))), save=True)
    meta = parse(client.get(article.get_absolute_url())).meta
    assert meta["Description"] == "一句话摘要"
    assert re.fullmatch(r"http://testserver/media/covers/\d{4}/\d{2}/\w+\.png", meta["Image"])
    assert meta["ColumnType"] == "新闻中心"  # no type set: the top column's name
    assert meta["Author"] == "荆州市总工会"  # no author: the host organization


def test_column_and_home_have_all_thirteen_tags(client, site, column_tree, make_article):
    make_article(column_tree["policy"], title="法规一", days_ago=3)
    newest = make_article(column_tree["policy"], title="法规二", days_ago=1)
    column = parse(client.get("/news/policy/")).meta
    assert set(TAGS) <= set(column)
    assert column["ColumnName"] == "政策法规" and column["ArticleTitle"] == "政策法规"
    assert column["PubDate"].startswith(f"{newest.publish_at.astimezone(SHANGHAI):%Y-%m-%d}")
    assert column["Url"] == "http://testserver/news/policy/"
    assert all(column[name] for name in TAGS), column

    home = parse(client.get("/")).meta
    assert set(TAGS) <= set(home)
    assert all(home[name] for name in TAGS), home
    assert home["ColumnName"] == "首页" and home["Url"] == "http://testserver/"
    assert home["Description"] == "荆州市总工会门户网站"
    assert "政策法规" in home["Keywords"]


def test_bulletin_description_falls_back_to_its_sections(client, site, column_tree):
    series = BulletinSeries.objects.create(name="工会要情摘报", column=column_tree["bulletins"])
    bulletin = Bulletin.objects.create(
        series=series, year=2020, subject="十月份工作", body="", status=Article.Status.PUBLISHED,
    )
    BulletinSection.objects.create(bulletin=bulletin, order=1, heading="扎实推进劳动竞赛",
                                   body="<p>全市开展劳动和技能竞赛。</p>")
    meta = parse(client.get(bulletin.get_absolute_url())).meta
    assert meta["Description"].startswith("扎实推进劳动竞赛：全市开展劳动和技能竞赛。")
    assert meta["description"] == meta["Description"]
    assert meta["ArticleTitle"] == bulletin.title


# robots.txt, favicon, feeds, sitemap ------------------------------------------------------


def test_robots_txt_links_the_sitemap_and_keeps_crawlers_out_of_private_pages(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    for path in ("/admin/", "/plans/my/", "/accounts/"):
        assert f"Disallow: {path}" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /" not in lines  # the public site stays crawlable


def test_favicon_is_served_as_an_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/vnd.microsoft.icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # ICO header
    assert 'rel="icon"' in client.get("/").content.decode()


def test_each_column_has_its_own_feed_linked_from_its_page(client, site, column_tree, make_article):
    make_article(column_tree["bulletins"], title="要情一", summary="要情摘要")
    make_article(column_tree["updates"], title="动态一")
    make_article(column_tree["policy"], title="法规一")
    page = parse(client.get("/news/notices/"))
    feeds = [link["href"] for link in page.links if link.get("rel") == "alternate"]
    assert "/news/notices/feed/" in feeds and "/feed/" in feeds

    feed = feedparser.parse(client.get("/news/notices/feed/").content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "荆州市总工会 公示公告"
    assert feed.feed.link == "http://testserver/news/notices/"
    assert [entry.title for entry in feed.entries] == ["要情一"]  # the column and those below
    entry = feed.entries[0]
    assert entry.link.startswith("http://testserver/news/bulletins/")
    assert entry.summary == "要情摘要"

    news = feedparser.parse(client.get("/news/news-center/feed/").content)
    assert {entry.title for entry in news.entries} == {"要情一", "动态一"}
    assert client.get("/news/no-such/feed/").status_code == 404


def test_site_feed_is_zh_cn_with_absolute_links_and_descriptions(client, site, column_tree, make_article):
    make_article(column_tree["updates"], title="动态一", body="<p>正文开头。</p>")
    feed = feedparser.parse(client.get("/feed/").content)
    assert not feed.bozo
    assert feed.feed.language == "zh-cn"
    assert feed.feed.link == "http://testserver/"
    assert feed.entries[0].link.startswith("http://testserver/news/updates/")
    assert feed.entries[0].summary == "正文开头。"


def test_sitemap_lists_home_columns_articles_public_plans_leaders_and_departments(
    client, site, column_tree, make_article, make_plan
):
    article = make_article(column_tree["updates"])
    hidden = make_article(column_tree["updates"], status=Article.Status.DRAFT)
    public_plan = make_plan(dt.date(2020, 11, 1))
    draft_plan = make_plan(dt.date(2020, 12, 1), status=WorkPlan.Status.DRAFT)
    leader = Leader.objects.create(name="王五")
    gone = Leader.objects.create(name="赵六", is_active=False)
    department = Department.objects.create(name="办公室")
    xml = client.get("/sitemap.xml").content.decode()
    locations = set(re.findall(r"<loc>([^<]+)</loc>", xml))
    expected = ["/", "/news/updates/", article.get_absolute_url(), "/plans/",
                public_plan.get_absolute_url(), leader.get_absolute_url(), department.get_absolute_url()]
    for path in expected:
        assert f"http://testserver{path}" in locations, path
    for path in (hidden.get_absolute_url(), draft_plan.get_absolute_url(), gone.get_absolute_url()):
        assert f"http://testserver{path}" not in locations, path


# The home page --------------------------------------------------------------------------


def _with_cover(article, colour=(29, 78, 216)):
    article.cover_image.save("c.png", ContentFile(banner(article.title, colour)), save=False)
    article.cover_alt = f"{article.title}的图片"
    article.save()
    return article


def test_configured_blocks_decide_columns_order_and_counts(client, site, column_tree, make_article):
    for day in range(5):
        make_article(column_tree["policy"], title=f"法规{day}", days_ago=day + 1)
    make_article(column_tree["updates"], title="动态一")
    HomeBlock.objects.create(column=column_tree["policy"], count=3, order=2, title="政策文件")
    HomeBlock.objects.create(column=column_tree["updates"], count=8, order=1)
    HomeBlock.objects.create(column=column_tree["bulletins"], count=8, order=3)  # empty: hidden
    html = client.get("/").content.decode()
    assert html.index('id="block-updates"') < html.index('id="block-policy"')
    policy = html.split('id="block-policy"')[1].split("</section>")[0]
    assert ">政策文件<" in policy and policy.count("<li>") == 3 and "法规3" not in policy
    assert 'id="block-bulletins"' not in html  # no article, no block
    assert 'id="block-news-center"' not in html  # configured blocks replace the defaults


def test_carousel_shows_articles_with_covers_alt_text_and_a_pause_button(
    client, site, column_tree, make_article
):
    first = _with_cover(make_article(column_tree["updates"], title="图片一", days_ago=2))
    _with_cover(make_article(column_tree["policy"], title="图片二", days_ago=3))
    make_article(column_tree["updates"], title="没有图片", days_ago=1)
    block = HomeBlock.objects.create(kind=HomeBlock.Kind.CAROUSEL, count=5, title="图片新闻")
    html = client.get("/").content.decode()
    carousel = html.split(f'id="block-carousel-{block.pk}"')[1].split("</section>")[0]
    assert "图片一" in carousel and "图片二" in carousel and "没有图片" not in carousel
    assert f'alt="{first.cover_alt}"' in carousel
    assert "暂停轮播" in carousel and 'aria-label="上一张"' in carousel
    assert 'aria-roledescription="轮播"' in html
    assert "js/carousel.js" in html


def test_topics_services_and_friend_links_come_from_the_admin(client, site, column_tree, make_article):
    picked = make_article(column_tree["policy"], title="挑选的文章")
    make_article(column_tree["policy"], title="没有挑选")
    topic = Topic.objects.create(title="专题一", slug="topic-one", banner_alt="专题一横幅")
    topic.banner.save("b.png", ContentFile(banner("专题一", (22, 101, 52), (1200, 300))))
    topic.articles.add(picked)
    Topic.objects.create(title="隐藏专题", slug="hidden", is_active=False)
    by_column = Topic.objects.create(title="专题二", slug="topic-two", column=column_tree["policy"])
    PortalLink.objects.create(kind="service", name="法律援助", url="/news/policy/", note="劳动争议")
    PortalLink.objects.create(kind="friend", name="中华全国总工会", url="https://www.acftu.org/")
    PortalLink.objects.create(kind="friend", name="停用链接", url="https://example.org/", is_active=False)
    html = client.get("/").content.decode()
    assert "专题一" in html and 'alt="专题一横幅"' in html and "隐藏专题" not in html
    assert '<a href="/news/policy/"><span class="service-name">法律援助</span>' in html
    assert '<a href="https://www.acftu.org/" rel="noopener">中华全国总工会</a>' in html
    assert "停用链接" not in html

    response = client.get(topic.get_absolute_url())
    page = response.content.decode()
    assert "挑选的文章" in page and "没有挑选" not in page
    meta = parse(response).meta
    assert set(TAGS) <= set(meta) and meta["ArticleTitle"] == "专题一" and "专题一" in meta["Keywords"]
    column_page = client.get(by_column.get_absolute_url()).content.decode()
    assert "挑选的文章" in column_page and "没有挑选" in column_page
    assert client.get("/topics/hidden/").status_code == 404
    assert client.get(f"{topic.get_absolute_url()}?page=9").status_code == 404


def test_empty_home_page_hides_every_block(client, site):
    html = client.get("/").content.decode()
    assert "暂无文章" not in html
    for anchor in ("block-services", "block-topics", "block-links"):
        assert anchor not in html


@pytest.mark.parametrize("url", ["javascript:alert(1)", "//evil.example/", "data:text/html,x", "ftp://x.org/"])
def test_links_must_be_site_paths_or_web_addresses(db, url):
    from django.core.exceptions import ValidationError

    link = PortalLink(kind="friend", name="链接", url=url)
    with pytest.raises(ValidationError):
        link.full_clean()


def test_list_block_needs_a_column(db):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        HomeBlock(kind=HomeBlock.Kind.LIST, count=5).full_clean()


def test_demo_fills_every_home_block_with_content_marked_as_sample(client, db):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)  # idempotent
    html = client.get("/").content.decode()
    for anchor in ("block-carousel-", "block-notices", "block-bulletins", "block-updates",
                   "block-services", "block-topics", "block-links"):
        assert f'id="{anchor}' in html, anchor
    assert "暂无文章" not in html
    carousel = html.split('id="block-carousel-')[1].split("</section>")[0]
    titles = re.findall(r'<span class="slide-title">([^<]+)</span>', carousel)
    assert titles and all("示例" in title for title in titles)
    assert all("示例" in alt for alt in re.findall(r'alt="([^"]+)"', carousel))
    for article in Article.objects.filter(source__contains="示例"):
        assert "示例" in article.title and "示例" in article.body
    assert Topic.objects.count() == 2 and PortalLink.objects.filter(kind="service").count() == 4
    assert HomeBlock.objects.count() == 6


def test_reviewers_and_administrators_manage_the_home_page_editors_do_not(
    login, editor, reviewer, administrator, column_tree
):
    for user in (reviewer, administrator):
        client = login(user)
        assert client.get("/admin/news/homeblock/add/").status_code == 200
        response = client.post("/admin/news/portallink/add/", {
            "kind": "friend", "name": f"链接{user.username}", "url": "https://www.acftu.org/", "order": 0,
            "is_active": "on",
        })
        assert response.status_code == 302, response.content.decode()[:2000]
    assert PortalLink.objects.count() == 2
    client = login(editor)
    assert client.get("/admin/news/homeblock/add/").status_code == 403
    assert client.post("/admin/news/portallink/add/", {"kind": "friend", "name": "x",
                                                        "url": "https://x.org/"}).status_code == 403
    assert PortalLink.objects.count() == 2


def test_a_topic_banner_is_checked_like_every_uploaded_image(login, administrator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(administrator)
    fake = SimpleUploadedFile("banner.png", b"<svg onload=alert(1)>", content_type="image/png")
    response = client.post("/admin/news/topic/add/", {
        "title": "专题", "slug": "t", "banner": fake, "order": 0, "is_active": "on",
    })
    html = response.content.decode()
    assert response.status_code == 200 and "errorlist" in html and "图片" in html.split("errorlist")[1][:300]
    assert not Topic.objects.exists()
    picture = banner("专题", (22, 101, 52), (1200, 300))
    good = SimpleUploadedFile("banner.png", picture, content_type="image/png")
    response = client.post("/admin/news/topic/add/", {
        "title": "专题", "slug": "t", "banner": good, "order": 0, "is_active": "on",
    })
    assert response.status_code == 302
    assert re.fullmatch(r"topics/\d{4}/\d{2}/\w+\.png", Topic.objects.get().banner.name)
