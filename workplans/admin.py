from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html_join

from audit.models import AuditEntry, record
from core.admin import CheckedChoicesAdminMixin, HistoryAdmin

from . import planning
from .models import (
    Department,
    Leader,
    PlanItem,
    PlanItemDepartment,
    PlanItemLeader,
    ProgressReport,
    Reminder,
    WorkPlan,
)
from .summaries import SummaryDraftError, draft_next_summary

TRANSITION_FIELD = "_transition"


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


class WorkPlanForm(forms.ModelForm):
    """The plan form, with the review step its clicked button asks for checked before anything
    is saved; the status itself is never taken from the form."""

    reason = forms.CharField(
        label="退回意见",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="退回修改时必须填写，编辑会在计划页面上方看到。",
    )
    request_user = None  # set by WorkPlanAdmin.get_form

    def clean(self):
        cleaned = super().clean()
        posted_status = self.data.get("status")
        if posted_status is not None and posted_status != self.instance.status:
            raise ValidationError(
                "状态不能在表单中直接修改，请使用页面下方的“提交审核”“审核通过并发布”“退回修改”按钮。"
            )
        if action := self.data.get(TRANSITION_FIELD):
            planning.check(self.instance, action, self.request_user, cleaned.get("reason", ""))
        return cleaned


@admin.register(WorkPlan)
class WorkPlanAdmin(PlanHistoryAdmin):
    form = WorkPlanForm
    change_form_template = "admin/workplans/workplan/change_form.html"
    list_display = ["title", "month", "status", "closed", "bulletin"]
    list_filter = ["status", "closed", "month"]
    search_fields = ["title", "items__content"]
    date_hierarchy = "month"
    autocomplete_fields = ["bulletin"]
    fields = ["organization", "month", "title", "status", "bulletin", "closed"]
    readonly_fields = ["status"]
    inlines = [PlanItemInline]
    actions = ["submit_selected", "approve_selected", "draft_summary", "close_plans"]

    def view_on_site(self, obj):
        return obj.get_absolute_url()

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"request_user": request.user})

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        plan = form.instance
        plan.renumber_items()
        if action := request.POST.get(TRANSITION_FIELD):
            try:
                planning.take(plan, action, request.user, form.cleaned_data.get("reason", ""))
            except planning.PlanReviewError as error:
                self.message_user(request, f"计划已保存，但{error.message}", messages.ERROR)
            else:
                self.message_user(request, f"已{planning.TRANSITIONS[action].label}：“{plan}”。")

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.update(
            review_steps=planning.review_steps(obj) if obj is not None else [],
            workflow_actions=planning.allowed(obj or WorkPlan(), request.user),
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def has_publish_permission(self, request):
        return planning.may_publish(request.user)

    def _each(self, request, queryset, action):
        label, count = planning.TRANSITIONS[action].label, 0
        for plan in queryset:
            try:
                planning.take(plan, action, request.user)
            except planning.PlanReviewError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                count += 1
        if count:
            self.message_user(request, f"已{label} {count} 个计划。", messages.SUCCESS)

    @admin.action(description="提交审核所选计划", permissions=["change"])
    def submit_selected(self, request, queryset):
        self._each(request, queryset, "submit")

    @admin.action(description="审核通过并发布所选计划", permissions=["publish"])
    def approve_selected(self, request, queryset):
        self._each(request, queryset, "approve")

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


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["date", "leader", "item_count", "sent_at"]
    list_filter = ["date"]
    list_select_related = ["leader"]

    def has_add_permission(self, request):
        return False
