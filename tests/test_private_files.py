"""Private files: attachments of articles the reader may not see and every progress-report
file are served only through the permission check (core.private_files), by nginx's internal
location in production; their /media/ addresses answer 404 in Django and in nginx."""

import datetime as dt
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from django.test import Client

from core import private_files
from news.models import Article, Attachment
from workplans.models import ProgressReport

ROOT = Path(__file__).resolve().parent.parent
PDF = b"%PDF-1.4 private"


def client_for(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def addresses(name, pk=None):
    found = [f"/files/{name}", f"/media/{name}"]
    if pk is not None:
        found.append(f"/attachments/{pk}/")
    return found


@pytest.fixture
def draft_attachment(column_tree, make_article, editor):
    article = make_article(column_tree["updates"], status=Article.Status.DRAFT, created_by=editor)
    attachment = Attachment(article=article, title="内部通知")
    attachment.file.save("notice.pdf", ContentFile(PDF))
    return attachment


@pytest.fixture
def report_file(make_leader, make_department, make_plan, make_item, make_user):
    leader = make_leader()
    staff = make_user()
    item = make_item(make_plan(dt.date(2020, 11, 1)), [leader], [make_department(members=[staff])])
    report = ProgressReport(
        item=item, author=leader.user, date=dt.date(2020, 11, 10), text="已完成。", status="done", percent=100
    )
    report.attachment.save("进展.pdf", ContentFile(PDF), save=False)
    report.save()
    return {"report": report, "leader": leader.user, "staff": staff}


def test_private_files_have_their_view_as_address_public_images_stay_under_media():
    assert default_storage.url("attachments/2026/11/ab.pdf") == "/files/attachments/2026/11/ab.pdf"
    assert default_storage.url("reports/2026/11/ab.pdf") == "/files/reports/2026/11/ab.pdf"
    assert default_storage.url("images/2026/11/ab.jpg") == "/media/images/2026/11/ab.jpg"
    assert default_storage.url("covers/2026/11/ab.jpg") == "/media/covers/2026/11/ab.jpg"


def test_a_draft_attachment_is_a_404_for_anonymous_readers_and_staff_without_rights(
    draft_attachment, bare_staff_user
):
    name = draft_attachment.file.name
    for user in (None, bare_staff_user):
        for url in addresses(name, draft_attachment.pk):
            assert client_for(user).get(url).status_code == 404, (user, url)


def test_editors_reviewers_and_administrators_get_a_draft_attachment(
    draft_attachment, editor, reviewer, administrator
):
    for user in (editor, reviewer, administrator):
        for url in (draft_attachment.file.url, f"/attachments/{draft_attachment.pk}/"):
            response = client_for(user).get(url)
            assert response.status_code == 200, (user, url)
            assert b"".join(response.streaming_content) == PDF
            assert response["Content-Disposition"].startswith("attachment;")
            assert "no-store" in response["Cache-Control"]


def test_a_published_article_s_attachment_is_public_through_the_view_only(draft_attachment):
    article = draft_attachment.article
    article.status = Article.Status.PUBLISHED
    article.save()
    anonymous = client_for()
    assert anonymous.get(f"/attachments/{draft_attachment.pk}/").status_code == 200
    assert anonymous.get(draft_attachment.file.url).status_code == 200
    assert anonymous.get(f"/media/{draft_attachment.file.name}").status_code == 404


def test_report_files_only_for_those_who_may_see_the_item(
    report_file, make_leader, staff_user, administrator, bare_staff_user
):
    report = report_file["report"]
    name = report.attachment.name
    assert name.startswith("reports/")
    for user in (None, make_leader().user, bare_staff_user):
        for url in addresses(name):
            assert client_for(user).get(url).status_code == 404, (user, url)
    for user in (report_file["leader"], report_file["staff"], staff_user, administrator):
        response = client_for(user).get(report.attachment.url)
        assert response.status_code == 200, user
        assert b"".join(response.streaming_content) == PDF
        expected = quote(f"第{report.item.number}项进展反馈20201110.pdf")
        assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{expected}"


def test_the_workspace_links_the_report_file_through_the_check(report_file):
    report = report_file["report"]
    page = client_for(report_file["leader"]).get(report.item.get_absolute_url())
    assert f'href="/files/{report.attachment.name}"' in page.content.decode()


def test_in_production_nginx_sends_the_file_from_its_internal_location(
    settings, report_file, editor, draft_attachment
):
    settings.PRIVATE_FILES_X_ACCEL = True
    report = report_file["report"]
    response = client_for(report_file["leader"]).get(report.attachment.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected/{report.attachment.name}"
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content == b""

    response = client_for(editor).get(f"/attachments/{draft_attachment.pk}/")
    assert response["X-Accel-Redirect"] == f"/protected/{draft_attachment.file.name}"
    # Refused requests never reach nginx's location.
    refused = client_for().get(report.attachment.url)
    assert refused.status_code == 404 and "X-Accel-Redirect" not in refused


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["attachments/../reports/x.pdf", "reports/%2e%2e/x.pdf", "other/x.pdf", "x.pdf", "/etc/passwd"]
)
def test_unknown_and_crafted_names_are_a_404(name):
    assert client_for().get(f"/files/{name}").status_code == 404


def test_local_media_serving_serves_only_the_public_folders(rf, settings, draft_attachment):
    image = default_storage.save("images/2026/11/a.png", ContentFile(b"\x89PNG"))
    assert private_files.public_media(rf.get("/"), image).status_code == 200
    for path in (draft_attachment.file.name, "reports/2026/11/x.pdf", "images/../attachments/x.pdf"):
        with pytest.raises(Http404):
            private_files.public_media(rf.get("/"), path)


def test_nginx_serves_only_the_public_folders_and_protects_the_rest():
    config = (ROOT / "deploy" / "nginx" / "jzgh-locations.conf").read_text()
    public = re.search(r"location ~ \^/media/\(\(\?:([a-z|]+)\)/\.\+\)\$ \{", config)
    assert public, "the public media location"
    assert tuple(public.group(1).split("|")) == private_files.PUBLIC_FOLDERS
    assert re.search(r"location /media/ \{\s*return 404;\s*\}", config)
    assert re.search(r"location /protected/ \{\s*internal;", config)


def test_production_and_the_stack_switch_x_accel_on():
    assert "DJANGO_PRIVATE_FILES_X_ACCEL=1" in (ROOT / "deploy" / "jzgh.env.example").read_text()
    assert (
        'env.setdefault("DJANGO_PRIVATE_FILES_X_ACCEL", "1")' in (ROOT / "scripts" / "stack.py").read_text()
    )


def test_authorizers_answer_none_for_files_they_do_not_know(db, rf):
    request = rf.get("/")
    request.user = AnonymousUser()
    assert Attachment.authorize_download(request, "attachments/none.pdf") is None
    assert ProgressReport.authorize_download(request, "reports/none.pdf") is None
