import datetime as dt
import threading
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from bulletins.models import Bulletin, BulletinSection, BulletinSeries
from news.models import Article

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def series(column_tree):
    return BulletinSeries.objects.create(name="工会要情摘报", column=column_tree["bulletins"])


def make_bulletin(series, number=None, year=2020, subject="荆州市总工会十月份工作", **fields):
    return Bulletin.objects.create(
        series=series,
        year=year,
        number=number,
        subject=subject,
        status=fields.pop("status", Article.Status.PUBLISHED),
        publish_at=fields.pop("publish_at", dt.datetime(2021, 1, 7, 9, tzinfo=SHANGHAI)),
        **fields,
    )


def test_title_is_composed_from_series_year_number_and_subject(series):
    bulletin = make_bulletin(series, number=62)
    assert bulletin.title == "工会要情摘报2020年第六十二期:荆州市总工会十月份工作"
    bulletin.subject = "荆州市总工会十一月份工作"
    bulletin.number = 70
    bulletin.save()
    bulletin.refresh_from_db()
    assert bulletin.title == "工会要情摘报2020年第七十期:荆州市总工会十一月份工作"


def test_bulletin_lives_in_its_series_column_even_when_published_the_next_year(series):
    bulletin = make_bulletin(series, number=62)
    assert bulletin.column == series.column
    assert bulletin.year == 2020
    assert bulletin.get_absolute_url() == f"/news/bulletins/2021/01/{bulletin.pk}/"


def test_numbers_run_through_the_year_per_series(series, column_tree):
    first = make_bulletin(series)
    second = make_bulletin(series)
    next_year = make_bulletin(series, year=2021)
    other_series = BulletinSeries.objects.create(name="工会简报", column=column_tree["updates"])
    other = make_bulletin(other_series)
    assert (first.number, second.number, next_year.number, other.number) == (1, 2, 1, 1)
    assert make_bulletin(series, number=62).number == 62
    assert make_bulletin(series).number == 63  # after an editor's override


def test_a_taken_number_is_a_form_error_and_a_database_error(series):
    make_bulletin(series, number=5)
    duplicate = Bulletin(series=series, year=2020, number=5, subject="重复", column=series.column)
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "工会要情摘报2020年第五期已经存在" in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_bulletin(series, number=5)


@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_never_share_a_number(postgres, column_tree):
    series = BulletinSeries.objects.create(name="工会要情摘报", column=column_tree["bulletins"])
    writers = 8
    barrier = threading.Barrier(writers)
    errors = []

    def save_one(index):
        try:
            barrier.wait()
            make_bulletin(series, subject=f"并发{index}")
        except Exception as exc:  # reported below, with the thread it came from
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=save_one, args=(index,)) for index in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(Bulletin.objects.values_list("number", flat=True))
    assert numbers == list(range(1, writers + 1))


def test_sections_render_in_order_with_chinese_numbering(client, series):
    bulletin = make_bulletin(series, number=62)
    for order, heading in [(3, "第三部分"), (1, "第一部分"), (2, "第二部分")]:
        BulletinSection.objects.create(
            bulletin=bulletin, order=order, heading=heading, body=f"<p>{heading}内容</p>"
        )
    html = client.get(bulletin.get_absolute_url()).content.decode()
    assert html.index("一、第一部分") < html.index("二、第二部分") < html.index("三、第三部分")
    assert "<p>第二部分内容</p>" in html


def test_bulletins_appear_in_column_lists_home_and_feed(client, series, site_settings):
    series.column.featured_on_home = True
    series.column.save()
    bulletin = make_bulletin(series, number=62)
    for url in ["/", "/news/bulletins/", "/news/notices/", "/feed/"]:
        assert bulletin.title in client.get(url).content.decode(), url


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)
    return Bulletin.objects.get(year=2020, number=62)


def test_demo_bulletin_is_structured(demo):
    assert demo.title == "工会要情摘报2020年第六十二期:荆州市总工会十月份工作"
    assert demo.source == "办公室"
    assert demo.publish_at.astimezone(SHANGHAI).date() == dt.date(2021, 1, 7)
    assert demo.report_month == dt.date(2020, 10, 1)
    assert [section.heading for section in demo.sections.all()] == [
        "扎实开展2020年“扶贫日”系列活动",
        "扎实推进基层工会组织建设质效提升行动",
        "扎实推进工会维权维稳工作",
        "扎实推进全市职工劳动和技能竞赛",
        "扎实推进机关建设工作",
        "加强财务管理和经费审计工作",
    ]
    first = demo.sections.first().body
    assert "四是组织开展扶贫专题党课辅导" in first and "三是" not in first  # the seed skips 三是


def test_demo_loader_is_idempotent(demo):
    from workplans.models import Department, Leader, PlanItem, WorkPlan

    counts = [Article.objects.count(), BulletinSection.objects.count(), WorkPlan.objects.count(),
              PlanItem.objects.count(), Leader.objects.count(), Department.objects.count()]
    call_command("load_demo", verbosity=0)
    assert counts == [Article.objects.count(), BulletinSection.objects.count(),
                      WorkPlan.objects.count(), PlanItem.objects.count(), Leader.objects.count(),
                      Department.objects.count()]
    assert counts[1:4] == [6, 1, 10]


def test_demo_bulletin_page_shows_everything_under_its_breadcrumb(client, demo):
    html = client.get(demo.get_absolute_url()).content.decode()
    assert (
        '您的位置:</span><a href="/">首页</a> &gt; <a href="/news/news-center/">新闻中心</a>'
        ' &gt; <a href="/news/notices/">公示公告</a> &gt; <a href="/news/bulletins/">工会要情</a>'
    ) in html
    assert "<h1>工会要情摘报2020年第六十二期:荆州市总工会十月份工作</h1>" in html
    assert "荆州市总工会十月份工作综述" in html
    assert "六、加强财务管理和经费审计工作" in html
    assert "荆州市总工会2020年十一月工作计划" in html  # the plan's title with its year
    assert html.count('class="plan-item"') == 10
