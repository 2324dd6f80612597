from django.urls import reverse_lazy
from django.views.generic import DetailView, ListView

from .models import Department, Leader, PlanItem, WorkPlan

PLAN_INDEX_URL = reverse_lazy("workplans:index")


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
        plans = WorkPlan.objects.select_related("bulletin__column")
        return plans if self.request.user.is_staff else plans.published()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            items=self.object.items.with_responsibility(),
            breadcrumb=[("工作计划", PLAN_INDEX_URL), (self.object.title, None)],
            **kwargs,
        )


class ResponsibleItemsView(DetailView):
    """Every public plan item one leader or department answers for, newest month first."""

    template_name = "workplans/responsible_items.html"
    context_object_name = "responsible"
    link_field = None  # the PlanItem lookup that reaches this model

    def get_queryset(self):
        return self.model.objects.all()

    def get_context_data(self, **kwargs):
        items = (
            PlanItem.objects.public()
            .filter(**{self.link_field: self.object})
            .select_related("plan")
            .with_responsibility()
            .order_by("-plan__month", "plan_id", "order", "pk")
        )
        return super().get_context_data(
            items=items,
            kind=self.model._meta.verbose_name,
            breadcrumb=[("工作计划", PLAN_INDEX_URL), (self.object.name, None)],
            **kwargs,
        )


class LeaderView(ResponsibleItemsView):
    model = Leader
    link_field = "leader_links__leader"


class DepartmentView(ResponsibleItemsView):
    model = Department
    link_field = "department_links__department"

