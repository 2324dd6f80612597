"""The notices of 督办 (交办, 催办, 到期提醒): who gets them and what they say.

Each text is built once, by `notice_text` from one template (templates/supervision/notices/),
and used both for the e-mail and for what 我的任务 shows.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone

from core.models import SiteSettings

logger = logging.getLogger(__name__)

SIGN_OFF = "荆州市总工会办公室"
SUBJECTS = {
    "assigned": "工作任务交办通知",
    "urged": "工作任务催办通知",
    "reminder": "工作任务到期提醒",
}


def site_root(request=None):
    """Where the portal's full addresses start: the site's domain (网站设置) over HTTPS, else
    the first host the portal serves. In a request the settings are the ones its pages read."""
    site = SiteSettings.for_request(request) if request is not None else SiteSettings.load()
    domain = site.domain.strip().rstrip("/")
    if domain:
        return domain if "://" in domain else f"https://{domain}"
    hosts = [host for host in settings.ALLOWED_HOSTS if host not in ("*", "") and not host.startswith(".")]
    return f"http://{hosts[0] if hosts else 'localhost'}"


def days_text(item, today=None):
    """剩余N天 / 今天到期 / 已逾期N天, from the item's deadline (PlanItem.deadline)."""
    today = today or timezone.localdate()
    days = (item.deadline - today).days
    if days > 0:
        return f"剩余{days}天"
    if days == 0:
        return "今天到期"
    return f"已逾期{-days}天"


def recipients(item):
    """Everyone who answers for `item`: its leaders' accounts and its departments' staff."""
    users = {link.leader.user for link in item.leader_links.all() if link.leader.user_id}
    for link in item.department_links.all():
        users.update(link.department.members.all())
    return sorted((user for user in users if user.is_active), key=lambda user: user.pk)


def person_name(user):
    return user.get_full_name() or user.get_username()


def notice_text(kind, user, items, today=None, request=None, **context):
    """The text of one notice to `user` about `items` (mail body and 我的任务 alike)."""
    today = today or timezone.localdate()
    root = site_root(request)
    lines = [
        {"item": item, "link": root + item.get_absolute_url(), "days": days_text(item, today)}
        for item in items
    ]
    return render_to_string(
        f"supervision/notices/{kind}.txt",
        {"name": person_name(user), "lines": lines, "sign_off": SIGN_OFF, "today": today, **context},
    ).strip()


def subject(kind, items):
    return f"{SUBJECTS[kind]}（{len(items)} 项）"


def mail(kind, user, items, **context):
    """Send one notice to `user` if the account has an e-mail address; True when sent."""
    if not user.email:
        return False
    send_mail(subject(kind, items), notice_text(kind, user, items, **context), None, [user.email])
    return True


def mail_after_step(kind, user, items, **context):
    """`mail`, for a step that has already been taken: a mail server that is down does not undo
    it (我的任务 shows what the mail would have said), so the error is logged, not raised."""
    try:
        return mail(kind, user, items, **context)
    except OSError:
        logger.exception("督办通知未能发送给 %s", user.email)
        return False
