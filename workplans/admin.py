from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse

from audit.models import AuditEntry, record
from core.admin import (
    TRANSITION_FIELD,
    CheckedChoicesAdminMixin,
    CheckedModelMultipleChoiceField,
    HistoryAdmin,
    ReviewStepForm,
    ValidAutocompleteSelectMultiple,
)

from . import planning
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

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or planning.may_edit(obj.plan, request.user))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or planning.may_edit(obj.plan, request.user))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "plan":
            kwargs["queryset"] = planning.editable_plans(request.user)
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


class OrderedAutocompleteSelectMultiple(ValidAutocompleteSelectMultiple):
    """Shows the chosen leaders or departments in the order they were chosen (the order the
    item lists them in), not in the order of the whole list."""

    def optgroups(self, name, value, attr=None):
        groups = super().optgroups(name, value, attr)
        position = {str(v): index for index, v in enumerate(value)}
        for _, options, _ in groups:
            options.sort(key=lambda option: position.get(str(option["value"]), len(position)))
        return groups


class OrderedChoiceField(CheckedModelMultipleChoiceField):
    """The chosen rows as a list in the posted order (a queryset would lose it)."""

    def clean(self, value):
        rows = {str(row.pk): row for row in super().clean(value)}
        return [rows[str(pk)] for pk in dict.fromkeys(value or []) if str(pk) in rows]


class PlanItemRowForm(forms.ModelForm):
    """One row of the plan's item table: the item with its leaders and departments."""

    class Meta:
        model = PlanItem
        fields = ["order", "content", "responsibility_note", "due_date", "status"]
        widgets = {"content": forms.Textarea(attrs={"rows": 2, "cols": 40})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        item = self.instance
        if item.pk:
            self.initial.setdefault("item_leaders", [link.leader_id for link in item.leader_links.all()])
            self.initial.setdefault(
                "item_departments", [link.department_id for link in item.department_links.all()]
            )

    def save_responsible(self):
        data = self.cleaned_data
        self.instance.set_responsible(data["item_leaders"], data["item_departments"])


def _picker(field_name, label, admin_site):
    field = PlanItem._meta.get_field(field_name)
    return OrderedChoiceField(
        field.remote_field.model.objects.all(),
        label=label,
        required=False,
        widget=OrderedAutocompleteSelectMultiple(field, admin_site),
        help_text="可选多个，按选择的先后排列。",
    )


class PlanItemInline(admin.TabularInline):
    """The plan's items in one table: each row with its leaders and departments (several,
    in order), so a month's plan is entered on one page."""

    model = PlanItem
    form = PlanItemRowForm
    fk_name = "plan"
    extra = 0
    fields = ["order", "content", "item_leaders", "item_departments", "responsibility_note", "due_date",
              "status", "carried_over"]
    readonly_fields = ["carried_over"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).with_responsibility()

    def get_formset(self, request, obj=None, **kwargs):
        site = self.admin_site
        form = type("PlanItemRowForm", (PlanItemRowForm,), {
            "item_leaders": _picker("leaders", "责任领导", site),
            "item_departments": _picker("departments", "责任部室", site),
        })
        return super().get_formset(request, obj, form=form, **kwargs)

    @admin.display(description="续办")
    def carried_over(self, item):
        return "续办" if item.is_carried_over else ""

    # What the table shows where it is read-only (a published plan, for a 编辑).
    @admin.display(description="责任领导")
    def item_leaders(self, item):
        return item.leaders_text

    @admin.display(description="责任部室")
    def item_departments(self, item):
        return item.departments_text


class WorkPlanForm(ReviewStepForm):
    """The plan form (the review step checked first: ReviewStepForm)."""

    def check_step(self, action, comment):
        planning.check(self.instance, action, self.request_user, comment)


@admin.register(WorkPlan)
class WorkPlanAdmin(PlanHistoryAdmin):
    form = WorkPlanForm
    change_form_template = "admin/workplans/workplan/change_form.html"
    change_list_template = "admin/workplans/workplan/change_list.html"
    list_display = ["title", "month", "status", "closed", "bulletin"]
    list_select_related = ["bulletin"]  # its title in every row
    list_filter = ["status", "closed", "month"]
    search_fields = ["title", "items__content"]
    date_hierarchy = "month"
    autocomplete_fields = ["bulletin"]
    fields = ["organization", "month", "title", "status", "bulletin", "closed"]
    readonly_fields = ["status"]
    inlines = [PlanItemInline]
    actions = ["create_next_month", "submit_selected", "approve_selected", "draft_summary", "close_plans"]

    def view_on_site(self, obj):
        return obj.get_absolute_url()

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or planning.may_edit(obj, request.user))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or planning.may_edit(obj, request.user))

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"request_user": request.user})

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        for row in formset.forms:
            if isinstance(row, PlanItemRowForm) and row.instance.pk and row not in formset.deleted_forms:
                row.save_responsible()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        plan = form.instance
        plan.renumber_items()
        if action := request.POST.get(TRANSITION_FIELD):
            try:
                planning.take(plan, action, request.user, form.cleaned_data.get("review_comment", ""))
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

    @admin.action(description="新建下月计划（未完成事项转入续办）", permissions=["add"])
    def create_next_month(self, request, queryset):
        if len(queryset) != 1:
            self.message_user(request, "请只选择一个计划来新建下月计划。", messages.ERROR)
            return None
        plan = queryset.get()
        try:
            new_plan = planning.create_next_month(plan, request.user)
        except planning.NextPlanError as error:
            self.message_user(request, error.message, messages.ERROR)
            return None
        carried = new_plan.items.count()
        self.message_user(
            request,
            f"已新建“{new_plan}”（草稿），{carried} 项未完成事项转入续办；请补充本月新事项后提交审核。",
            messages.SUCCESS,
        )
        return redirect(reverse("admin:workplans_workplan_change", args=[new_plan.pk]))

    @admin.action(description="生成下月工作综述草稿", permissions=["change"])
    def draft_summary(self, request, queryset):
        if len(queryset) != 1:
            self.message_user(request, "请只选择一个计划来生成综述草稿。", messages.ERROR)
            return None
        try:
            bulletin, created = draft_next_summary(queryset.get())
        except SummaryDraftError as error:
            self.message_user(request, str(error), messages.ERROR)
            return None
        if created:
            self.message_user(request, f"已生成草稿“{bulletin.title}”，请修改后发布。", messages.SUCCESS)
        else:
            self.message_user(request, f"本月的综述“{bulletin.title}”已经存在，已为您打开，没有重复生成。",
                              messages.WARNING)
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
