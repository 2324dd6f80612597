from django.contrib import admin
from django.utils.html import format_html_join

from .models import Department, Leader, PlanItem, PlanItemDepartment, PlanItemLeader, WorkPlan


class ResponsiblePartyAdmin(admin.ModelAdmin):
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


class PlanItemLeaderInline(admin.TabularInline):
    model = PlanItemLeader
    extra = 1
    autocomplete_fields = ["leader"]


class PlanItemDepartmentInline(admin.TabularInline):
    model = PlanItemDepartment
    extra = 1
    autocomplete_fields = ["department"]


@admin.register(PlanItem)
class PlanItemAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "order", "responsible", "due_date", "status"]
    list_filter = ["plan__month", "status", "leader_links__leader", "department_links__department"]
    search_fields = ["content", "responsibility_note"]
    list_select_related = ["plan"]
    inlines = [PlanItemLeaderInline, PlanItemDepartmentInline]
    autocomplete_fields = ["plan"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_responsibility()

    @admin.display(description="责任领导 / 责任部室")
    def responsible(self, item):
        leaders = "、".join(map(str, item.ordered_leaders))
        return "；".join(part for part in (leaders, "、".join(item.department_names)) if part)


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
        return format_html_join(
            "", "<div>{}</div>",
            [("、".join(map(str, item.ordered_leaders)),), ("、".join(item.department_names),)],
        )


@admin.register(WorkPlan)
class WorkPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "month", "status", "bulletin"]
    list_filter = ["status", "month"]
    search_fields = ["title", "items__content"]
    date_hierarchy = "month"
    autocomplete_fields = ["bulletin"]
    inlines = [PlanItemInline]

    def view_on_site(self, obj):
        return obj.get_absolute_url()
