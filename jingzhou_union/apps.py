from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """django.contrib.admin, with `admin.site` being the portal's grouped AdminSite."""

    default_site = "jingzhou_union.admin_site.PortalAdminSite"
