from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse

from .exports import csv_response
from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: entries are written by code, never edited or deleted by anyone."""

    list_display = ["created_at", "username", "action", "object_repr", "content_type", "ip_address"]
    list_filter = ["action", "created_at", ("content_type", admin.RelatedOnlyFieldListFilter),
                   ("user", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["username", "object_repr", "detail", "ip_address"]
    date_hierarchy = "created_at"
    change_list_template = "admin/audit/auditentry/change_list.html"

    def get_urls(self):
        return [
            path("export.csv", self.admin_site.admin_view(self.export_view), name="audit_auditentry_export"),
            *super().get_urls(),
        ]

    def export_view(self, request):
        """The entries the list shows (same filters and search), as CSV."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            entries = self.get_changelist_instance(request).get_queryset(request)
        except IncorrectLookupParameters:
            # As the list itself answers a filter it does not know: back to it, with its note.
            return redirect(reverse("admin:audit_auditentry_changelist") + "?e=1")
        return csv_response(entries, "audit-log.csv")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

