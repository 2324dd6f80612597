"""remind_due: one e-mail per leader per day, however often cron runs it."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from workplans.models import PlanItem, Reminder


def remind(*args):
    out = StringIO()
    call_command("remind_due", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def due(make_leader, make_plan, make_item, time_machine):
    time_machine.move_to(dt.datetime(2020, 12, 30, 9, tzinfo=dt.UTC), tick=False)
    mailed, no_email = make_leader("高启秀", email="gao@example.com"), make_leader("罗莉")
    december = make_plan(dt.date(2020, 12, 1))
    return {
        "leaders": (mailed, no_email),
        "soon": make_item(
            december, [mailed, no_email], order=1, content="年底前完成", due_date=dt.date(2021, 1, 2)
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


def test_lists_due_and_overdue_items_and_mails_leaders_with_an_address(due):
    output = remind()
    assert "高启秀：2 项" in output and "罗莉：1 项" in output
    assert "[已逾期] 2020年11月 第1项 时限 2020-11-30（月底）：十一月的任务" in output
    assert "[即将到期] 2020年12月 第1项 时限 2021-01-02：年底前完成" in output
    assert "一月中旬完成" not in output and "已经完成" not in output
    assert "没有登录账号或邮箱" in output

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["gao@example.com"]
    assert message.subject == "工作任务到期提醒（2 项）"
    assert "十一月的任务" in message.body and "年底前完成" in message.body


def test_running_again_the_same_day_sends_nothing_new(due, time_machine):
    remind()
    output = remind()
    assert "今天已经提醒过" in output
    assert len(mail.outbox) == 1
    assert Reminder.objects.count() == 1

    time_machine.move_to(dt.datetime(2020, 12, 31, 9, tzinfo=dt.UTC), tick=False)
    remind()
    assert len(mail.outbox) == 2


def test_days_widens_the_window_and_closed_plans_are_left_out(due):
    assert "一月中旬完成" in remind("--days", "16")
    Reminder.objects.all().delete()
    due["late"].plan.closed = True
    due["late"].plan.save()
    assert "十一月的任务" not in remind()


def test_a_failed_send_is_retried_on_the_next_run(due, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr("workplans.management.commands.remind_due.send_mail", broken)
    remind()
    assert not Reminder.objects.exists()
    monkeypatch.undo()
    remind()
    assert len(mail.outbox) == 1
