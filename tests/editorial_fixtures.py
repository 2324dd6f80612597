"""Staff accounts in the groups of news/roles.py, for the review-workflow tests."""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from core import roles
from news.models import Article


@pytest.fixture
def make_staff(db):
    def make(username, *groups):
        user = User.objects.create_user(username, password=f"{username}-password-2026", is_staff=True)
        user.groups.set(Group.objects.filter(name__in=groups))
        return user

    return make


@pytest.fixture
def editor(make_staff):
    return make_staff("editor1", roles.EDITORS)


@pytest.fixture
def reviewer(make_staff):
    return make_staff("reviewer1", roles.REVIEWERS)


@pytest.fixture
def administrator(make_staff):
    return make_staff("admin1", roles.ADMINISTRATORS)


@pytest.fixture
def login():
    """A test client signed in as `user`."""

    def client_for(user):
        client = Client()
        client.force_login(user)
        return client

    return client_for


@pytest.fixture
def draft(column_tree, make_article, editor):
    return make_article(
        column_tree["updates"], title="待审稿件", status=Article.Status.DRAFT, created_by=editor
    )


@pytest.fixture
def live(column_tree, make_article, editor):
    return make_article(column_tree["updates"], title="已发布稿件", body="<p>原来的正文。</p>",
                        created_by=editor)


def article_form_data(article, **changes):
    """What the admin's article change form posts for `article`, with `changes`."""
    from django.utils import timezone

    publish_at = timezone.localtime(article.publish_at)
    data = {
        "title": article.title,
        "column": article.column_id,
        "source": article.source,
        "author": article.author,
        "summary": article.summary,
        "body": article.body,
        "cover_alt": article.cover_alt,
        "publish_at_0": publish_at.strftime("%Y-%m-%d"),
        "publish_at_1": publish_at.strftime("%H:%M:%S"),
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def messages_of(response):
    return [str(message) for message in response.context["messages"]] if response.context else []
