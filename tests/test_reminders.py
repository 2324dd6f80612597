"""remind_due: one e-mail per person (leaders and department staff) per day, however often cron
runs it, with each item's link, its day count and the plan; the same text in 我的任务."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from supervision.models import Reminder
from workplans.models import PlanItem


def remind(*args):
    out = StringIO()
    call_command("remind_due", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def due(make_leader, make_department, make_user, make_plan, make_item, site_settings, time_machine):
    time_machine.move_to(dt.datetime(2020, 12, 30, 9, tzinfo=dt.UTC), tick=False)
    site_settings.domain = "www.jzszgh.org"
    site_settings.save()
    mailed, no_email = make_leader("高启秀", email="gao@example.com"), make_leader("罗莉")
    mailed.user.first_name = "高启秀"
    mailed.user.save()
    member = make_user("quanyi", first_name="王芳", email="wang@example.com")
    department = make_department("权益保障部", members=[member])
    december = make_plan(dt.date(2020, 12, 1))
    return {
        "leaders": (mailed, no_email),
        "member": member,
        "soon": make_item(
            december,
            [mailed, no_email],
            [department],
            order=1,
            content="年底前完成",
            due_date=dt.date(2021, 1, 2),
        ),
        "late": make_item(make_plan(dt.date(2020, 11, 1)), [mailed], order=1, content="十一月的任务"),
        "later": make_item(
            december, [mailed], order=2, content="一月中旬完成", due_date=dt.date(2021, 1, 15)
        ),
        "done": make_item(
            december,
            [mailed],
            order=3,
            content="已经完成",
            due_date=dt.date(2020, 12, 31),
            status=PlanItem.Status.DONE,
        ),
    }


def test_mails_leaders_and_department_staff_with_links_day_counts_and_the_plan(due):
    output = remind()
    assert "高启秀：2 项" in output and "王芳：1 项" in output and "：1 项" in output
    assert "账号没有邮箱" in output  # 罗莉
    assert "一月中旬完成" not in output and "已经完成" not in output

    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"gao@example.com", "wang@example.com"}
    message = by_address["gao@example.com"]
    assert message.subject == "工作任务到期提醒（2 项）"
    body = message.body
    assert body.startswith("高启秀同志：")
    assert "1. 荆州市总工会2020年十一月工作计划 第1项：十一月的任务" in body
    assert "完成时限 2020-11-30（月底），已逾期30天" in body
    assert f"https://www.jzszgh.org/plans/items/{due['late'].pk}/" in body
    assert "2. 荆州市总工会2020年十二月工作计划 第1项：年底前完成" in body
    assert "完成时限 2021-01-02，剩余3天" in body
    assert body.endswith("荆州市总工会办公室\n2020年12月30日")
    assert "年底前完成" in by_address["wang@example.com"].body
    assert "十一月的任务" not in by_address["wang@example.com"].body


def test_the_same_text_is_shown_in_my_tasks(client, due):
    remind()
    body = next(message.body for message in mail.outbox if message.to == ["gao@example.com"])
    client.force_login(due["leaders"][0].user)
    page = client.get("/plans/my/").content.decode()
    assert "到期提醒" in page
    for line in body.splitlines():
        if line.strip() and "https://" not in line:
            assert line.strip().replace("“", "&ldquo;") in page or line.strip() in page


def test_running_again_the_same_day_sends_nothing_new(due, time_machine):
    remind()
    output = remind()
    assert "今天已经提醒过" in output
    assert len(mail.outbox) == 2
    assert Reminder.objects.count() == 2

    time_machine.move_to(dt.datetime(2020, 12, 31, 9, tzinfo=dt.UTC), tick=False)
    remind()
    assert len(mail.outbox) == 4


def test_days_widens_the_window_and_closed_plans_are_left_out(due):
    assert "一月中旬完成" in remind("--days", "16")
    Reminder.objects.all().delete()
    due["late"].plan.closed = True
    due["late"].plan.save()
    assert "十一月的任务" not in remind()


def test_a_failed_send_is_retried_on_the_next_run(due, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr("supervision.notices.send_mail", broken)
    remind()
    assert not Reminder.objects.exists()
    monkeypatch.undo()
    remind()
    assert len(mail.outbox) == 2
