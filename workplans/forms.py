import datetime as dt

from django import forms

from core.chinese import month_label

from .models import Department, PlanItem, ProgressReport, WorkPlan

MONTH_FORMAT = "%Y-%m"


def parse_month(value):
    return dt.datetime.strptime(value, MONTH_FORMAT).date()


def month_choices():
    """(YYYY-MM, 2020年11月) for every month with a published plan, newest first."""
    return [(f"{month:%Y-%m}", month_label(month)) for month in WorkPlan.objects.months()]


class TaskFilterForm(forms.Form):
    """The GET filters of 我的任务; every field is optional."""

    OVERDUE, DUE_SOON = "overdue", "due_soon"
    STATUS_CHOICES = [("", "全部"), *PlanItem.Status.choices, (OVERDUE, "已逾期"), (DUE_SOON, "即将到期")]

    month = forms.TypedChoiceField(label="月份", required=False, coerce=parse_month, empty_value=None)
    status = forms.ChoiceField(label="完成情况", required=False, choices=STATUS_CHOICES)
    department = forms.ModelChoiceField(
        label="责任部室", required=False, queryset=Department.objects.all(), empty_label="全部"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = [("", "全部"), *month_choices()]

    def filter(self, items):
        """The items narrowed by the valid filters (all of them when the form is invalid)."""
        if not self.is_valid():
            return items
        data = self.cleaned_data
        if data["month"]:
            items = items.filter(plan__month=data["month"])
        if data["department"]:
            items = items.filter(department_links__department=data["department"])
        status = data["status"]
        if status == self.OVERDUE:
            items = items.overdue()
        elif status == self.DUE_SOON:
            items = items.due_soon()
        elif status:
            items = items.filter(status=status)
        return items


class ProgressReportForm(forms.ModelForm):
    class Meta:
        model = ProgressReport
        fields = ["date", "status", "percent", "text", "attachment"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "text": forms.Textarea(attrs={"rows": 4}),
            "percent": forms.NumberInput(attrs={"min": 0, "max": 100}),
        }

    def __init__(self, *args, item, author, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.item = item
        self.instance.author = author
        self.fields["status"].initial = item.status

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.item.plan.closed:
            raise forms.ValidationError("本计划已关闭，不能再提交进展反馈。")
        return cleaned_data
