from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import TemplateView

from workplans.exports import XLSX_CONTENT_TYPE
from workplans.models import PlanItem
from workplans.views import OfficeRequiredMixin, SignInRequiredMixin, plans_crumb

from . import transitions
from .exports import overview_workbook
from .forms import OverviewForm, form_for
from .models import Assignment
from .overview import Overview
from .transitions import TransitionError


def _error_text(error):
    return "；".join(error.messages)


class StepView(SignInRequiredMixin, View):
    """POST one 督办 step on an item (supervision/transitions.py decides who may)."""

    http_method_names = ["post"]

    def post(self, request, pk, action):
        if action not in transitions.TRANSITIONS:
            raise Http404("没有这项督办操作。")
        item = get_object_or_404(PlanItem.objects.public().select_related("plan"), pk=pk)
        if not item.can_view(request.user):
            raise PermissionDenied("您不是本事项的责任领导或责任部室工作人员。")
        # The person before the input: a crafted POST by the wrong person is a 403 whatever it sends.
        transitions.check_actor(action, item, request.user)
        form = form_for(action, request.POST)
        if not form.is_valid():
            errors = "；".join(
                f"{form.fields[name].label}：{'、'.join(errs)}" if name in form.fields else "、".join(errs)
                for name, errs in form.errors.items()
            )
            messages.error(request, f"未能{transitions.TRANSITIONS[action].label}：{errors}")
            return redirect(item)
        step = getattr(transitions, action)
        try:
            step(item, request.user, **form.cleaned_data)
        except TransitionError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, f"已{transitions.TRANSITIONS[action].label}。")
        return redirect(item)


class SignView(SignInRequiredMixin, View):
    """签收 one assignment, then back to where it was signed (我的任务 or the task page)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        assignment = get_object_or_404(
            Assignment.objects.filter(item__in=PlanItem.objects.public()).select_related(
                "item__plan", "leader", "department"
            ),
            pk=pk,
        )
        try:
            transitions.sign(assignment, request.user)
        except TransitionError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, f"已签收：第{assignment.item.number}项（{assignment.party}）。")
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
            target = assignment.item.get_absolute_url()
        return redirect(target)


class OverviewMixin(OfficeRequiredMixin):
    def overview(self):
        form = OverviewForm(self.request.GET or None)
        start, end, days = form.period()
        if start is not None and not form.is_bound:
            form.initial = {"start": f"{start:%Y-%m}", "end": f"{end:%Y-%m}", "days": days}
        return form, (Overview.build(start, end, days) if start else None)


class OverviewView(OverviewMixin, TemplateView):
    """督办总览 for the office."""

    template_name = "supervision/overview.html"

    def get_context_data(self, **kwargs):
        form, overview = self.overview()
        return super().get_context_data(
            form=form,
            overview=overview,
            export_query=self.request.GET.urlencode(),
            breadcrumb=[plans_crumb(), ("督办总览", None)],
            **kwargs,
        )


class OverviewExportView(OverviewMixin, View):
    def get(self, request):
        form, overview = self.overview()
        if overview is None:
            raise Http404("还没有已发布的工作计划。")
        response = HttpResponse(overview_workbook(overview), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = content_disposition_header(True, f"{overview.title}.xlsx")
        return response
