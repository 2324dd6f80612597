"""The editorial workflow (先审后发): who may take which review step, and what each step does.

Every path that changes an article's state goes through here: the admin's buttons and list
actions, the recycle bin, and code. An article moves 草稿 → 待审核 → 已发布 (or 退回修改), and
a published one is edited through a pending revision that is reviewed the same way. Taking the
publishing steps needs `news.publish_article` (审核 and 管理员 have it, 编辑 do not).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit import models as audit
from audit.models import AuditEntry, record
from core.models import SiteSettings
from core.transitions import Transition

from . import content_check
from .models import Article, ColumnRights, PendingRevision

Status = Article.Status
PUBLISH_PERMISSION = "news.publish_article"
SIGN_OFF_PERMISSION = "news.sign_off_article"


class WorkflowError(ValidationError):
    """A review step that this user may not take, or not in the article's current state."""


def transitions(levels=1):
    """The review steps for one or two review levels (SiteSettings.review_levels).

    One level: 提交审核 → 审核通过并发布 (审核). Two levels: 提交审核 → 初审通过 (审核) →
    终审签发 (签发, `news.sign_off_article`); either level may send back.
    """
    steps = {
        "submit": Transition(
            "提交审核", frozenset({Status.DRAFT, Status.RETURNED, Status.WITHDRAWN}), Status.PENDING,
            permission=None, audit_action=AuditEntry.Action.SUBMIT,
        ),
        "approve": Transition(
            "审核通过并发布", frozenset({Status.PENDING}), Status.PUBLISHED,
            permission=PUBLISH_PERMISSION, audit_action=AuditEntry.Action.PUBLISH,
        ),
        "send_back": Transition(
            "退回修改", frozenset({Status.PENDING, Status.FIRST_REVIEWED}), Status.RETURNED,
            permission=PUBLISH_PERMISSION, audit_action=AuditEntry.Action.SEND_BACK,
        ),
        "withdraw": Transition(
            "撤回", frozenset({Status.PUBLISHED}), Status.WITHDRAWN,
            permission=PUBLISH_PERMISSION, audit_action=AuditEntry.Action.UNPUBLISH,
        ),
    }
    if levels == 2:
        steps = {
            "submit": steps["submit"],
            "first_review": Transition(
                "初审通过", frozenset({Status.PENDING}), Status.FIRST_REVIEWED,
                permission=PUBLISH_PERMISSION, audit_action=AuditEntry.Action.FIRST_REVIEW,
            ),
            "approve": Transition(
                "终审签发并发布", frozenset({Status.FIRST_REVIEWED}), Status.PUBLISHED,
                permission=SIGN_OFF_PERMISSION, audit_action=AuditEntry.Action.PUBLISH,
            ),
            "send_back": steps["send_back"],
            "withdraw": steps["withdraw"],
        }
    return steps


TRANSITIONS = transitions(1)
ALL_LABELS = {**transitions(2), **transitions(1)}
# While an article is published, these steps concern its pending revision, not the article.
REVISION_TRANSITIONS = {"submit", "first_review", "approve", "send_back"}


def review_levels():
    return SiteSettings.load().review_levels


def current_transitions():
    return transitions(review_levels())


def may_publish(user):
    return user.has_perm(PUBLISH_PERMISSION)


def _subject(article, action):
    """What `action` changes: the article, or (while published) its revision, which is
    created as a draft on first use."""
    if action in REVISION_TRANSITIONS and article.edits_go_to_revision:
        # article_id, not article=: assigning the article would cache this unsaved
        # revision on it as its `pending_revision`.
        return article.revision or PendingRevision(article_id=article.pk, status=Status.DRAFT, values={})
    return article


def check(article, action, user, comment="", content=None):
    """Raise WorkflowError unless `user` may take `action` now; return what it changes.

    Submitting runs the content check (news.content_check) on what is submitted: `content`,
    the check of a form's unsaved values, or else the article's (or revision's) stored text;
    a 敏感词 blocks it."""
    steps = current_transitions()
    if action not in steps:
        if action not in ALL_LABELS:
            raise WorkflowError("未知的审核操作。")
        mode = "一级审核" if action == "first_review" else "两级审核"
        raise WorkflowError(f"本网站当前使用{mode}，不能“{ALL_LABELS[action].label}”。")
    transition = steps[action]
    if transition.permission == SIGN_OFF_PERMISSION and not user.has_perm(SIGN_OFF_PERMISSION):
        raise WorkflowError(f"终审签发须由“签发”组的人员进行，您不能“{transition.label}”。")
    if transition.permission and not may_publish(user):
        raise WorkflowError(f"您没有审核发布权限，不能“{transition.label}”；请提交审核，由审核人员处理。")
    if not user.has_perm("news.change_article"):
        raise WorkflowError("您没有修改文章的权限。")
    if article.column_id is not None and not ColumnRights.allows(user, article.column_id):
        raise WorkflowError(f"您只能处理自己负责栏目的文章，“{article}”不在其中。")
    if article.deleted_at is not None:
        raise WorkflowError(f"“{article}”在回收站中，请先恢复。")
    subject = _subject(article, action)
    if subject.status not in transition.sources:
        allowed = "、".join(f"“{Status(source).label}”" for source in sorted(transition.sources))
        what = "修订版本" if subject is not article else "稿件"
        raise WorkflowError(
            f"不能“{transition.label}”：“{article}”的{what}当前是“{subject.get_status_display()}”，"
            f"只有{allowed}的{what}可以{transition.label}。"
        )
    if action == "send_back" and not comment.strip():
        raise WorkflowError("退回时必须填写退回意见，说明需要修改的地方。")
    if action == "submit":
        result = content if content is not None else content_check.check_article(article, subject)
        if result.blocked:
            raise WorkflowError(result.blocking_message())
    return subject


def allowed(article, user):
    """{action: label} of the steps `user` may take now (comments aside)."""
    steps = {}
    for action, transition in current_transitions().items():
        try:
            # The content check is not a permission: a blocked draft still shows its button,
            # and submitting names the words to change.
            check(article, action, user, comment="-", content=content_check.CheckResult())
        except WorkflowError:
            continue
        steps[action] = transition.label
    return steps


def take(article, action, user, comment=""):
    """Take the review step `action` (checked first), record it and return the article."""
    with transaction.atomic(), audit.step():
        subject = check(article, action, user, comment)
        transition = current_transitions()[action]
        if action == "approve" and subject is not article:
            subject.apply(user)
        elif subject is not article:
            subject.status, subject.review_comment = transition.target, comment.strip()
            subject.save()
        else:
            if action == "withdraw" and (revision := article.revision):
                revision.overlay(article)  # off the site now: the pending edits need no review
                revision.delete()
            article.status, article.review_comment = transition.target, comment.strip()
            article.save_as(user, transition.label)
        record(transition.audit_action, user, article, comment.strip())
    return article


def submit(article, user):
    return take(article, "submit", user)


def approve(article, user):
    """Publish the article, or apply its revision to the live article (with two review
    levels: the 终审, after `first_review`)."""
    return take(article, "approve", user)


def first_review(article, user):
    """初审通过 (two review levels): the article or revision waits for the 终审."""
    return take(article, "first_review", user)


def send_back(article, user, comment):
    return take(article, "send_back", user, comment)


def withdraw(article, user):
    return take(article, "withdraw", user)


def review_steps(article):
    """The review steps taken on `article` (提交, 初审, 终审签发/发布, 退回, 撤回), oldest first,
    each with who and when (the audit log)."""
    from django.contrib.contenttypes.models import ContentType

    actions = {transition.audit_action for transition in ALL_LABELS.values()}
    # An issue is recorded as a bulletin by its admin, and may be as an article by code.
    types = ContentType.objects.get_for_models(Article, type(article)).values()
    return list(AuditEntry.objects.filter(
        content_type__in=types, object_id=str(article.pk), action__in=actions,
    ).order_by("created_at", "pk"))


# The recycle bin ---------------------------------------------------------------------------


def trash(article, user):
    """Move to the recycle bin; a published article is withdrawn first, so restoring it never
    republishes it without review."""
    if article.status == Status.PUBLISHED and not may_publish(user):
        raise WorkflowError(f"“{article}”已发布，只有审核人员可以删除。")
    with transaction.atomic(), audit.step():
        if article.status == Status.PUBLISHED:
            article.status = Status.WITHDRAWN
        article.deleted_at = timezone.now()
        article.save_as(user, "移入回收站")
        record(AuditEntry.Action.DELETE, user, article)


def restore(article, user):
    with transaction.atomic(), audit.step():
        article.deleted_at = None
        article.save_as(user, "从回收站恢复")
        record(AuditEntry.Action.RESTORE, user, article)


def purge(article, user):
    """Delete for good (administrators only, and only from the recycle bin)."""
    if not user.has_perm("news.purge_article"):
        raise WorkflowError("只有管理员可以彻底删除。")
    if article.deleted_at is None:
        raise WorkflowError(f"“{article}”不在回收站中，请先删除到回收站。")
    with transaction.atomic():
        record(AuditEntry.Action.PURGE, user, article)
        article._history_user = user
        article.delete()
