"""The 督办 records in the admin, read-only: they change only through supervision/transitions.py
(the task pages and the overview), so that every step has its history and audit entry."""

from django.contrib import admin

from .models import Assignment, Reminder, Step, Supervision


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Supervision)
class SupervisionAdmin(ReadOnlyAdmin):
    list_display = ["item", "stage", "requested_due_date", "rating"]
    list_filter = ["stage", "rating", "item__plan__month"]
    search_fields = ["item__content"]
    list_select_related = ["item"]


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ["item", "leader", "department", "assigned_at", "signed_by", "signed_at"]
    list_filter = ["item__plan__month", "leader", "department"]
    search_fields = ["item__content"]
    list_select_related = ["item", "leader", "department", "signed_by"]


@admin.register(Step)
class StepAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "item", "party", "user", "old_date", "new_date", "rating"]
    list_filter = ["kind", "item__plan__month"]
    search_fields = ["item__content", "reason"]
    list_select_related = ["item", "user"]
    date_hierarchy = "created_at"


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ["date", "user", "item_count", "sent_at"]
    list_filter = ["date"]
    list_select_related = ["user"]
