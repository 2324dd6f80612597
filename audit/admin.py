from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html

from .exports import csv_response
from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: entries are written by code, never edited or deleted by anyone."""

    list_display = ["created_at", "username", "action", "object_repr", "content_type", "ip_address",
                    "revision"]
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

    @admin.display(description="版本")
    def revision(self, entry):
        """The revision an edit saved, as a link to its page in the object's 历史."""
        if entry.revision_id is None or entry.content_type is None:
            return ""
        try:
            url = reverse(
                f"admin:{entry.content_type.app_label}_{entry.content_type.model}_simple_history",
                args=[entry.object_id, entry.revision_id],
            )
        except NoReverseMatch:
            return f"#{entry.revision_id}"
        return format_html('<a href="{}">#{}</a>', url, entry.revision_id)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

