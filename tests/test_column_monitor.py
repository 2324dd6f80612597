"""The column monitor on a frozen clock: blank and overdue columns, a stale home page, the
admin index, and the weekly report that cron may run as often as it likes."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command

from news.models import Article, MonitorReport
from news.monitor import column_report

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 3, 18, 10, 0, tzinfo=SHANGHAI)  # a Wednesday


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def monitored(frozen, column_tree, make_article, site_settings):
    """工会动态 should update every 14 days and last did 20 days ago; 工会要情 every 45 and
    did 10 days ago; 政策法规 needs no updates and has none (blank)."""
    for key, days in (("updates", 14), ("bulletins", 45), ("policy", None)):
        column_tree[key].update_interval_days = days
        column_tree[key].save()
    make_article(column_tree["updates"], title="二十天前", days_ago=20)
    make_article(column_tree["bulletins"], title="十天前", days_ago=10)
    make_article(column_tree["updates"], title="草稿", days_ago=1, status=Article.Status.DRAFT)
    site_settings.monitor_emails = "office@example.com\n\n  chief@example.com "
    site_settings.save()
    return column_tree


def states(report):
    return {state.column.slug: state for state in report.states}


def test_report_finds_blank_and_overdue_columns(monitored):
    report = column_report()
    by_slug = states(report)
    assert by_slug["updates"].days_since == 20 and by_slug["updates"].is_overdue
    assert by_slug["bulletins"].days_since == 10 and not by_slug["bulletins"].is_overdue
    assert by_slug["notices"].days_since == 10  # through 工会要情 below it
    assert by_slug["policy"].is_blank and not by_slug["policy"].is_overdue  # no interval
    assert [state.column.slug for state in report.overdue] == ["updates"]
    assert [state.column.slug for state in report.blank] == ["policy"]
    assert report.home_days_since == 10 and not report.home_is_stale  # the draft does not count
    text = "\n".join(report.lines())
    assert "新闻中心 > 工会动态：已 20 天未更新（应每 14 天更新）" in text
    assert "空白栏目 1 个（上限 5 个）：政策法规" in text


def test_thresholds_come_from_site_settings(monitored, site_settings, time_machine):
    site_settings.home_stale_days = 7
    site_settings.blank_columns_limit = 0
    site_settings.save()
    report = column_report()
    assert report.home_is_stale and report.too_many_blank
    assert "【警示】首页已 10 天没有更新（要求至少每 7 天更新）" in "\n".join(report.lines())
    # 36 days on, 工会要情's last article is 46 days old: past its 45 days.
    time_machine.move_to(NOW + dt.timedelta(days=36), tick=False)
    assert [s.column.slug for s in column_report().overdue] == ["updates", "bulletins"]


def test_admin_index_shows_blank_and_overdue_columns(monitored, login, editor, reviewer):
    html = login(reviewer).get("/admin/").content.decode()
    assert "栏目监测" in html
    assert "超期未更新：" in html and "新闻中心 &gt; 工会动态</a>，已 20 天未更新（应每 14 天更新）" in html
    assert "空白栏目 1 个" in html
    # An editor may view columns too (view_column); an anonymous visitor sees the login page.
    assert "栏目监测" in login(editor).get("/admin/").content.decode()


def test_weekly_report_is_mailed_once_a_week_however_often_cron_runs(monitored, time_machine):
    call_command("column_report", stdout=io.StringIO())
    call_command("column_report", stdout=io.StringIO())
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["office@example.com", "chief@example.com"]
    assert message.subject.startswith("【需处理】") and "2026-03-16 当周" in message.subject
    assert "新闻中心 > 工会动态：已 20 天未更新" in message.body
    assert MonitorReport.objects.get().week == dt.date(2026, 3, 16)

    time_machine.move_to(NOW + dt.timedelta(days=5), tick=False)  # next Monday
    call_command("column_report", stdout=io.StringIO())
    assert len(mail.outbox) == 2 and MonitorReport.objects.count() == 2


def test_a_failed_send_is_retried_on_the_next_run(monitored, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr("news.management.commands.column_report.send_mail", broken)
    with pytest.raises(OSError):
        call_command("column_report", stdout=io.StringIO())
    assert not MonitorReport.objects.exists()
    monkeypatch.undo()
    call_command("column_report", stdout=io.StringIO())
    assert len(mail.outbox) == 1


def test_no_recipients_no_mail(frozen, column_tree, site_settings, capsys):
    call_command("column_report")
    assert not mail.outbox and not MonitorReport.objects.exists()
    assert "没有填写栏目监测报告收件人" in capsys.readouterr().out
