import itertools
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from core.models import SiteSettings
from news.models import Article, Column

_sequence = itertools.count(1)


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Plain static storage (no collectstatic manifest), uploads in a temporary folder, and an
    empty cache for each test, whichever cache backend the settings chose."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def uncached_pages(settings):
    """The page cache off: for measuring what rendering a page costs (a cached page costs no
    query at all, tests/test_page_cache.py)."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…)")


@pytest.fixture
def make_column(db):
    def make(name=None, parent=None, **fields):
        number = next(_sequence)
        return Column.objects.create(
            name=name or f"栏目{number}",
            slug=fields.pop("slug", f"column-{number}"),
            parent=parent,
            **fields,
        )

    return make


@pytest.fixture
def column_tree(make_column):
    """The demo tree's shape: 新闻中心 > 公示公告 > 工会要情, plus a second root."""
    news = make_column("新闻中心", slug="news-center", order=1)
    notices = make_column("公示公告", parent=news, slug="notices", order=2)
    bulletins = make_column("工会要情", parent=notices, slug="bulletins", order=1)
    updates = make_column("工会动态", parent=news, slug="updates", order=1)
    policy = make_column("政策法规", slug="policy", order=2)
    return {"news": news, "notices": notices, "bulletins": bulletins, "updates": updates,
            "policy": policy}


@pytest.fixture
def make_article(db):
    def make(column, title=None, days_ago=1, status=Article.Status.PUBLISHED, **fields):
        number = next(_sequence)
        return Article.objects.create(
            title=title or f"测试文章{number}",
            column=column,
            body=fields.pop("body", f"<p>正文{number}</p>"),
            status=status,
            publish_at=fields.pop("publish_at", timezone.now() - timedelta(days=days_ago)),
            **fields,
        )

    return make


@pytest.fixture
def site_settings(db):
    site = SiteSettings.load()
    site.address = "荆州市园林路25号"
    site.hotline = "0716-8212336"
    site.postcode = "434000"
    site.qq = "260945676"
    site.icp_number = "鄂ICP备12004590号-1"
    site.save()
    return site


# The leaders' workspace fixtures (make_plan, make_item, seed, …) and the editorial ones
# (editor, reviewer, administrator, login).
pytest_plugins = ["tests.workplans_fixtures", "tests.editorial_fixtures"]
