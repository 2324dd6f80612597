from django import forms
from django.utils import timezone

from workplans.forms import month_choices, parse_month
from workplans.models import DUE_SOON_DAYS

from .models import Supervision


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="说明", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ExtensionForm(ReasonForm):
    new_date = forms.DateField(
        label="申请延期至", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    field_order = ["new_date", "reason"]


class RatingForm(ReasonForm):
    rating = forms.ChoiceField(label="评价", choices=Supervision.Rating.choices)
    field_order = ["rating", "reason"]


# The form each step posts (supervision/transitions.py names the steps).
FORMS = {
    "request_extension": ExtensionForm,
    "rate": RatingForm,
}


def form_for(action, data=None, prefix=None):
    return FORMS.get(action, ReasonForm)(data, prefix=prefix or action)


class OverviewForm(forms.Form):
    """The overview's GET filters: a period of plan months and the "due soon" window."""

    start = forms.TypedChoiceField(label="起始月份", coerce=parse_month)
    end = forms.TypedChoiceField(label="截止月份", coerce=parse_month)
    days = forms.IntegerField(label="即将到期天数", min_value=1, max_value=90, initial=DUE_SOON_DAYS)

    def __init__(self, data=None, **kwargs):
        if data is not None and "month" in data and not {"start", "end"} & set(data):
            # One month, as links to a month's overview give it: ?month=2020-11.
            data = {"start": data["month"], "end": data["month"], "days": data.get("days", DUE_SOON_DAYS)}
        super().__init__(data, **kwargs)
        choices = month_choices()
        self.fields["start"].choices = self.fields["end"].choices = choices
        self.months = [parse_month(value) for value, _ in choices]

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError("起始月份不能晚于截止月份。")
        return data

    def default_month(self):
        """This month when it has a plan, else the newest month with one (None: no plans)."""
        current = timezone.localdate().replace(day=1)
        return current if current in self.months else (self.months[0] if self.months else None)

    def period(self):
        """(start, end, days): the valid choice, else this month and the default window."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"], self.cleaned_data["days"]
        month = self.default_month()
        return month, month, DUE_SOON_DAYS
