"""Request bodies above the limit for their path are refused with 413 before a view runs,
and nothing they carried is left on disk (core.uploadhandlers, core.middleware)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory

MB = 1024 * 1024


@pytest.fixture
def upload_temp_dir(settings, tmp_path):
    """Uploads above FILE_UPLOAD_MAX_MEMORY_SIZE are spooled here (and must not stay)."""
    folder = tmp_path / "upload-tmp"
    folder.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    return folder


def big_file(size, name="photo.jpg"):
    return SimpleUploadedFile(name, b"\xff" * size, content_type="image/jpeg")


def assert_refused(response):
    assert response.status_code == 413
    page = response.content.decode()
    assert "提交的内容过大" in page
    assert "50 MB" in page


def test_anonymous_large_body_is_refused_on_every_form(db, upload_temp_dir):
    client = Client()
    for path in ["/accounts/login/", "/admin/login/", "/search/", "/uploads/images/",
                 "/plans/items/1/"]:
        response = client.post(path, {"username": "x", "password": "y", "upload": big_file(3 * MB)})
        assert_refused(response)
    assert list(upload_temp_dir.iterdir()) == []


def test_a_small_form_still_works(db):
    response = Client().post("/accounts/login/", {"username": "nobody", "password": "wrong"})
    assert response.status_code == 200
    assert "413" not in response.content.decode()


def test_signed_in_staff_get_the_limit_of_the_endpoint(reviewer, login, upload_temp_dir):
    client = login(reviewer)
    # 3 MB is above the default but within the image endpoint's 11 MB: the view answers.
    response = client.post("/uploads/images/", {"upload": big_file(3 * MB)})
    assert response.status_code == 400
    assert "error" in response.json()
    # 12 MB is over it, and is refused before the view reads the image.
    assert_refused(client.post("/uploads/images/", {"upload": big_file(12 * MB)}))
    # A search form takes no files: the default 2 MB applies to staff too.
    assert_refused(client.post("/search/", {"upload": big_file(3 * MB)}))
    assert list(upload_temp_dir.iterdir()) == []


def test_the_admin_takes_attachments_up_to_51_mb_and_refuses_more(reviewer, login):
    from core.uploadhandlers import path_limit

    assert path_limit("/admin/news/article/add/") == 51 * MB
    assert path_limit("/uploads/images/") == 11 * MB
    assert path_limit("/plans/items/3/") == 11 * MB
    assert path_limit("/accounts/login/") == 2 * MB
    client = login(reviewer)
    response = client.post("/admin/news/article/add/", {"title": "x"},
                           CONTENT_LENGTH=str(60 * MB))
    assert_refused(response)


def test_declared_length_is_refused_without_reading_the_body(db):
    """A Content-Length over the limit is answered at once; the body is never read."""
    response = Client().post("/accounts/login/", {"username": "x"}, CONTENT_LENGTH=str(200 * MB))
    assert_refused(response)


def test_the_upload_handler_stops_reading_and_leaves_no_temp_file(db, upload_temp_dir, settings):
    """Whatever Content-Length says, the handler counts the bytes it is given."""
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024  # spool to disk early
    request = RequestFactory().post("/accounts/login/", {"username": "x", "upload": big_file(3 * MB)})
    request.user = AnonymousUser()
    assert request.POST["username"] == "x"
    assert request.body_limit_exceeded == 2 * MB
    assert "upload" not in request.FILES
    assert list(upload_temp_dir.iterdir()) == []
