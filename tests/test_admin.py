import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

PORTAL_APPS = {"news", "workplans"}


def portal_models():
    return [model for model in admin.site._registry if model._meta.app_label in PORTAL_APPS]


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


@pytest.mark.parametrize("model", portal_models(), ids=lambda model: model._meta.label)
def test_every_admin_page_of_the_portal_renders(admin_client, demo, model):
    opts = model._meta
    changelist = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert changelist.status_code == 200
    obj = model._default_manager.first()
    if obj is not None:
        change = admin_client.get(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        )
        assert change.status_code == 200
        assert str(obj) in change.content.decode()


def test_bulletin_edit_page_uses_ckeditor_for_sections(admin_client, demo):
    from bulletins.models import Bulletin

    bulletin = Bulletin.objects.get()
    html = admin_client.get(f"/admin/bulletins/bulletin/{bulletin.pk}/change/").content.decode()
    assert "django_ckeditor_5" in html
    assert html.count('class="django_ckeditor_5"') >= 7  # the intro and six sections


def test_site_settings_open_straight_at_their_one_row(login, administrator, make_staff):
    from core.models import SiteSettings

    response = login(administrator).get("/admin/core/sitesettings/")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/core/sitesettings/{SiteSettings.load().pk}/change/"
    assert login(administrator).get(response["Location"]).status_code == 200
    assert "/admin/core/sitesettings/add/" not in login(administrator).get("/admin/").content.decode()
    assert login(make_staff("nobody")).get("/admin/core/sitesettings/").status_code == 403
    assert SiteSettings.objects.count() == 1


def test_the_article_list_filters_by_publish_year(login, administrator, editor, column_tree, make_article):
    """发布年份 offers every year from the earliest article to the latest (Asia/Shanghai), and
    a year that is not a number is the admin's own error page, not a 500."""
    import datetime as dt
    import zoneinfo

    shanghai = zoneinfo.ZoneInfo("Asia/Shanghai")
    # 2021-12-31 23:30 in Shanghai is 2021 there, though 15:30 UTC is too.
    make_article(column_tree["updates"], title="二〇二一年末的文章",
                 publish_at=dt.datetime(2021, 12, 31, 23, 30, tzinfo=shanghai))
    make_article(column_tree["updates"], title="二〇二四年的文章",
                 publish_at=dt.datetime(2024, 1, 1, 0, 10, tzinfo=shanghai))
    for client in (login(administrator), login(editor)):
        text = client.get("/admin/news/article/").content.decode()
        assert all(f"{year}年" in text for year in (2021, 2022, 2023, 2024)), text
        text = client.get("/admin/news/article/?year=2021").content.decode()
        assert "二〇二一年末的文章" in text and "二〇二四年的文章" not in text
        text = client.get("/admin/news/article/?year=2024").content.decode()
        assert "二〇二四年的文章" in text and "二〇二一年末的文章" not in text
        bad = client.get("/admin/news/article/?year=abc")
        assert bad.status_code == 302 and "e=1" in bad["Location"]
