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
