from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.generic import DetailView, FormView, ListView
from django.views.generic.detail import SingleObjectMixin

from core import page_cache
from core.pagination import KeptCount, PageOr404Mixin, page_or_404
from core.permissions import may_preview

from . import task_panels
from .exports import XLSX_CONTENT_TYPE, plan_workbook
from .forms import ProgressReportForm, TaskFilterForm
from .models import Department, Leader, PlanItem, WorkPlan


def plans_crumb():
    """The 工作计划 step of the breadcrumb of every page under the plans."""
    return ("工作计划", reverse("workplans:index"))


class PlanIndexView(ListView):
    """Plans by month, with the leaders and departments whose pages list their tasks."""

    template_name = "workplans/plan_index.html"
    context_object_name = "plans"
    paginate_by = 24

    def get_queryset(self):
        return WorkPlan.objects.published().order_by("-month", "pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            leaders=Leader.objects.active(),
            departments=Department.objects.active(),
            breadcrumb=[("工作计划", None)],
            **kwargs,
        )


class PlanView(DetailView):
    template_name = "workplans/plan_detail.html"
    context_object_name = "plan"

    def get_queryset(self):
        return WorkPlan.objects.visible_to(self.request.user).select_related("bulletin__column")

    def get_object(self):
        return page_cache.remember_for_public(
            f"plan-page:{self.kwargs['pk']}", self.request.user, WorkPlan, super().get_object
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            items=self.object.items.with_responsibility(),  # read only when rendered afresh
            items_fragment=page_cache.public_fragment(self.request, f"plan:{self.object.pk}"),
            breadcrumb=[plans_crumb(), (self.object.display_title, None)],
            **kwargs,
        )


class ResponsibleItemsView(DetailView):
    """Every public plan item one leader or department answers for, newest month first, a
    page at a time (years of monthly plans make hundreds)."""

    template_name = "workplans/responsible_items.html"
    context_object_name = "responsible"
    link_field = None  # the PlanItem lookup that reaches this model
    paginate_by = 30

    def get_queryset(self):
        return self.model.objects.all()

    @property
    def page_name(self):
        return f"responsible:{self.model._meta.label}:{self.kwargs['pk']}"

    def get_object(self):
        # The same for every reader: kept for the content generation, as the items are.
        return page_cache.remember(self.page_name, super().get_object)

    def items(self):
        return (
            PlanItem.objects.public()
            .filter(**{self.link_field: self.object})
            .select_related("plan")
            .with_responsibility()
            .order_by("-plan__month", "plan_id", "order", "pk")
        )

    def get_context_data(self, **kwargs):
        paginator = Paginator(KeptCount(self.page_name, self.items), self.paginate_by)
        page = page_or_404(paginator, self.request.GET.get("page"))
        return super().get_context_data(
            items=page.object_list,  # read only when the kept fragment is rendered afresh
            # The page links keep the address's other parameters: kept per address.
            items_fragment=page_cache.per_address(self.request, self.page_name),
            page_obj=page,
            kind=self.model._meta.verbose_name,
            breadcrumb=[plans_crumb(), (self.object.name, None)],
            **kwargs,
        )


class LeaderView(ResponsibleItemsView):
    model = Leader
    link_field = "leader_links__leader"


class DepartmentView(ResponsibleItemsView):
    model = Department
    link_field = "department_links__department"


class SignInRequiredMixin(LoginRequiredMixin):
    """Send anonymous users to the portal's own sign-in page (LOGIN_URL)."""


class OfficeRequiredMixin(SignInRequiredMixin, UserPassesTestMixin):
    """Office pages (督办, export, print): for those who may preview plans (the office's
    groups); anonymous users sign in, everyone else gets the 403 page."""

    def test_func(self):
        return may_preview(self.request.user, WorkPlan)


class MyTasksView(SignInRequiredMixin, PageOr404Mixin, ListView):
    """我的任务: the items of published plans the user answers for, as a leader and as staff of
    a department, in one list (the department filter narrows it), the current month first
    and paged (years of plans make hundreds of rows)."""

    template_name = "workplans/my_tasks.html"
    context_object_name = "items"
    paginate_by = 30

    def get_queryset(self):
        self.filter_form = TaskFilterForm(self.request.GET or None)
        self.filtered = self.filter_form.filter(PlanItem.objects.public().for_user(self.request.user))
        return (
            self.filtered.select_related("plan").with_responsibility().with_latest_report().with_urgency()
        )

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            form=self.filter_form,
            summary=self.filtered.summary(),
            leader=Leader.objects.filter(user=user).first(),
            user_departments=list(user.workplan_departments.all()),
            panels=task_panels.tasks_panels(self.request),
            breadcrumb=[plans_crumb(), ("我的任务", None)],
            **kwargs,
        )


class ItemView(SignInRequiredMixin, SingleObjectMixin, FormView):
    """An item's task page: its details, the report history and the form for a new report.

    Only the item's leaders, its departments' staff and office staff may open it; only the
    first two (and administrators) may report.
    """

    template_name = "workplans/item_detail.html"
    form_class = ProgressReportForm
    context_object_name = "item"

    def get_queryset(self):
        items = PlanItem.objects.visible_to(self.request.user)
        return (
            items.select_related("plan", "summary_section__bulletin", "carried_from__plan")
            .with_responsibility()
            .with_urgency()
        )

    def get_object(self, queryset=None):
        item = super().get_object(queryset)
        if not item.can_view(self.request.user):
            raise PermissionDenied("您不是本事项的责任领导或责任部室工作人员。")
        return item

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not self.object.can_report(request.user):
            raise PermissionDenied("只有本事项的责任领导和责任部室工作人员可以提交进展反馈。")
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "item": self.object, "author": self.request.user}

    def form_valid(self, form):
        report = form.save()
        messages.success(
            self.request, f"进展反馈已保存，事项完成情况为“{report.item.get_status_display()}”。"
        )
        return redirect(self.object)

    def get_context_data(self, **kwargs):
        item = self.object
        return super().get_context_data(
            reports=item.reports.select_related("author"),
            can_report=item.can_report(self.request.user),
            summary_url=item.summary_url_for(self.request.user),
            panels=task_panels.item_panels(self.request, item),
            breadcrumb=[plans_crumb(), ("我的任务", reverse("workplans:my_tasks")),
                        (f"第{item.number}项", None)],
            **kwargs,
        )


class PlanItemsView(OfficeRequiredMixin, DetailView):
    """A plan with every item's status and latest report, for export and print."""

    model = WorkPlan
    context_object_name = "plan"

    def items(self):
        return (
            self.object.items.select_related("plan")
            .with_responsibility()
            .with_latest_report()
            .with_urgency()
            .order_by("order", "pk")
        )


class PlanExportView(PlanItemsView):
    def render_to_response(self, context):
        response = HttpResponse(
            plan_workbook(self.object, self.items()), content_type=XLSX_CONTENT_TYPE
        )
        filename = f"{self.object.display_title}.xlsx"
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response


class PlanPrintView(PlanItemsView):
    template_name = "workplans/plan_print.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(items=self.items(), **kwargs)
