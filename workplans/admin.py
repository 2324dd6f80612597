from django.contrib import admin, messages
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html_join

from audit.models import AuditEntry, record
from core.admin import CheckedChoicesAdminMixin, HistoryAdmin

from .models import (
    Department,
    Leader,
    PlanItem,
    PlanItemDepartment,
    PlanItemLeader,
    ProgressReport,
    WorkPlan,
)
from .summaries import SummaryDraftError, draft_next_summary


class ResponsiblePartyAdmin(CheckedChoicesAdminMixin, admin.ModelAdmin):
    """Leaders and departments, searchable for autocomplete.

    Their links to plan items are PROTECTed, so the admin refuses to delete one that still
    answers for items and lists those items; editors mark it inactive instead.
    """

    search_fields = ["name"]
    list_filter = ["is_active"]


@admin.register(Leader)
class LeaderAdmin(ResponsiblePartyAdmin):
    list_display = ["name", "position", "order", "is_active", "user"]
    list_editable = ["order", "is_active"]
    autocomplete_fields = ["user"]


@admin.register(Department)
class DepartmentAdmin(ResponsiblePartyAdmin):
    list_display = ["name", "order", "is_active"]
    list_editable = ["order", "is_active"]
    autocomplete_fields = ["members"]


class PlanItemLeaderInline(CheckedChoicesAdminMixin, admin.TabularInline):
    model = PlanItemLeader
    extra = 1
    autocomplete_fields = ["leader"]


class PlanItemDepartmentInline(CheckedChoicesAdminMixin, admin.TabularInline):
    model = PlanItemDepartment
    extra = 1
    autocomplete_fields = ["department"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "handler":
            # Only department staff can be a 承办人 (PlanItemDepartment.clean): a short list that
            # needs no right to browse accounts.
            kwargs["queryset"] = db_field.related_model.objects.filter(
                is_active=True, workplan_departments__isnull=False
            ).distinct()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ProgressReportInline(admin.TabularInline):
    """The report history, read-only: reports are filed on the task page and never edited."""

    model = ProgressReport
    extra = 0
    fields = ["date", "author", "status", "percent", "text", "attachment", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj):
        return False


class PlanHistoryAdmin(CheckedChoicesAdminMixin, HistoryAdmin):
    """Plans and items: the history of every save (view and revert in 历史), and deletions —
    which are final for plans — in the audit log."""

    def delete_model(self, request, obj):
        with transaction.atomic():
            record(AuditEntry.Action.PURGE, request.user, obj, request=request)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                record(AuditEntry.Action.PURGE, request.user, obj, request=request)
            super().delete_queryset(request, queryset)


@admin.register(PlanItem)
class PlanItemAdmin(PlanHistoryAdmin):
    list_display = ["__str__", "plan", "order", "responsible", "due_date", "status"]
    list_filter = ["plan__month", "status", "leader_links__leader", "department_links__department"]
    search_fields = ["content", "responsibility_note"]
    list_select_related = ["plan"]
    inlines = [PlanItemLeaderInline, PlanItemDepartmentInline, ProgressReportInline]
    autocomplete_fields = ["plan"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "summary_section":
            # A heading alone (一、…) is ambiguous across issues: name the issue too.
            field.queryset = field.queryset.select_related("bulletin").order_by(
                "-bulletin__year", "-bulletin__number", "order"
            )
            field.label_from_instance = lambda section: f"{section.bulletin.title} · {section.heading}"
        return field

    def get_queryset(self, request):
        return super().get_queryset(request).with_responsibility()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.plan.renumber_items()

    @admin.display(description="责任领导 / 责任部室")
    def responsible(self, item):
        return "；".join(part for part in (item.leaders_text, item.departments_text) if part)


class PlanItemInline(admin.TabularInline):
    model = PlanItem
    extra = 0
    fields = ["order", "content", "responsibility", "due_date", "status"]
    readonly_fields = ["responsibility"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).with_responsibility()

    @admin.display(description="责任领导 / 责任部室（点“修改”编辑）")
    def responsibility(self, item):
        return format_html_join("", "<div>{}</div>", [(item.leaders_text,), (item.departments_text,)])


@admin.register(WorkPlan)
class WorkPlanAdmin(PlanHistoryAdmin):
    list_display = ["title", "month", "status", "closed", "bulletin"]
    list_filter = ["status", "closed", "month"]
    search_fields = ["title", "items__content"]
    date_hierarchy = "month"
    autocomplete_fields = ["bulletin"]
    inlines = [PlanItemInline]
    actions = ["draft_summary", "close_plans"]

    def view_on_site(self, obj):
        return obj.get_absolute_url()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.renumber_items()

    @admin.action(description="生成下月工作综述草稿", permissions=["change"])
    def draft_summary(self, request, queryset):
        if len(queryset) != 1:
            self.message_user(request, "请只选择一个计划来生成综述草稿。", messages.ERROR)
            return None
        try:
            bulletin = draft_next_summary(queryset.get())
        except SummaryDraftError as error:
            self.message_user(request, str(error), messages.ERROR)
            return None
        self.message_user(request, f"已生成草稿“{bulletin.title}”，请修改后发布。", messages.SUCCESS)
        return redirect(reverse("admin:bulletins_bulletin_change", args=[bulletin.pk]))

    @admin.action(description="关闭所选计划（不再接受进展反馈）", permissions=["change"])
    def close_plans(self, request, queryset):
        count = queryset.update(closed=True)
        self.message_user(request, f"已关闭 {count} 个计划。", messages.SUCCESS)


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    """Reports are history: the admin lists and shows them but never edits or deletes them."""

    list_display = ["item", "date", "author", "status", "percent", "created_at"]
    list_filter = ["status", "item__plan__month"]
    search_fields = ["text", "item__content"]
    list_select_related = ["item", "author"]
    date_hierarchy = "date"

    def has_add_permission(self, request):
        return False  # filed on the item's task page, where the form checks the plan is open

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
