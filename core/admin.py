from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied, ValidationError
from django.dispatch import Signal
from django.http import Http404
from django.shortcuts import redirect
from simple_history.admin import SimpleHistoryAdmin

from .models import SiteSettings


def is_valid_value(field, value):
    """Whether `value` (from a URL or a form) can be looked up in `field` at all."""
    try:
        field.run_validators(field.to_python(value))
    except ValidationError:
        return False
    return True


def pk_or_404(model, value):
    if not is_valid_value(model._meta.pk, value):
        raise Http404("编号有误。")
    return value


# Sent after an object was restored to an earlier version in its 历史 (sender: the model;
# request, obj, version_id): the audit log records it (audit.signals).
version_restored = Signal()


class HistoryAdmin(SimpleHistoryAdmin):
    """django-simple-history's admin whose 历史 pages answer 404 for an object or version id
    that cannot be one (`abc`, `compare`), as the change page does, instead of a 500; a
    restore (the version's page, posted and saved) sends `version_restored`."""

    def history_view(self, request, object_id, extra_context=None):
        pk_or_404(self.model, unquote(object_id))
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        pk_or_404(self.model, unquote(object_id))
        history = getattr(self.model, self.model._meta.simple_history_manager_attribute)
        pk_or_404(history.model, version_id)
        response = super().history_form_view(request, object_id, version_id, extra_context)
        if request.method == "POST" and response.status_code == 302:
            obj = self.get_object(request, unquote(object_id))
            version_restored.send(self.model, request=request, obj=obj, version_id=int(version_id))
        return response


class _ValidSelectedChoices:
    """Renders only posted values the related field can hold: Django's autocomplete widget
    looks every posted value up, and a non-numeric id (`column=abc`) raised ValueError while
    the form was shown again with its error."""

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        field_name = getattr(remote, "field_name", None)
        target = remote.model._meta.get_field(field_name) if field_name else remote.model._meta.pk
        valid = [v for v in value if v in (None, "") or is_valid_value(target, v)]
        return super().optgroups(name, valid, attr)


class ValidAutocompleteSelect(_ValidSelectedChoices, AutocompleteSelect):
    pass


class ValidAutocompleteSelectMultiple(_ValidSelectedChoices, AutocompleteSelectMultiple):
    """Without select2's "clear all" cross: each chosen entry has its own, and select2 puts
    that cross inside its list of choices, which leaves a <ul> with a non-<li> child (axe's
    `list` rule)."""

    def build_attrs(self, base_attrs, extra_attrs=None):
        return {**super().build_attrs(base_attrs, extra_attrs), "data-allow-clear": "false"}


class CheckedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Refuses, as an invalid choice, a posted id no row can have before looking the ids up:
    Django checks them with one `__in` query, and an id past the database's integer range
    raised OverflowError (SQLite) there."""

    def _check_values(self, value):
        model = self.queryset.model
        target = model._meta.get_field(self.to_field_name) if self.to_field_name else model._meta.pk
        for pk in value:
            if pk not in self.empty_values and not is_valid_value(target, pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)


class CheckedChoicesAdminMixin:
    """For every ModelAdmin and inline with `autocomplete_fields` or many-to-many fields (a
    test checks they all use it): the autocomplete widgets and many-to-many fields that survive
    a hostile posted id."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = ValidAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", CheckedModelMultipleChoiceField)
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = ValidAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


# The name of the review buttons under a change form (admin/includes/workflow_actions.html).
TRANSITION_FIELD = "_transition"


class ReviewStepForm(forms.ModelForm):
    """The change form of content under review (articles, bulletins, plans): the review step
    its clicked button asks for is checked, with the send-back's reason, before anything is
    saved; the status itself is never taken from the form. Subclasses say how a step is
    checked (`check_step`, raising a ValidationError)."""

    review_comment = forms.CharField(
        label="退回意见",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="退回修改时必须填写，编辑会在页面上方看到。",
    )
    request_user = None  # set by the admin's get_form

    def clean(self):
        cleaned = super().clean()
        posted_status = self.data.get("status")
        if posted_status is not None and posted_status != self.instance.status:
            raise ValidationError(
                "状态不能在表单中直接修改，请使用页面下方的审核按钮（提交审核、审核通过并发布、退回修改、撤回）。"
            )
        if action := self.data.get(TRANSITION_FIELD):
            self.check_step(action, cleaned.get("review_comment", ""))
        return cleaned

    def check_step(self, action, comment):
        raise NotImplementedError


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    """One row, which SiteSettings.load creates: the list opens it and there is nothing to
    add (asking the database whether to offer "增加" cost every admin page a query)."""

    def has_add_permission(self, request):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        return redirect("admin:core_sitesettings_change", SiteSettings.load().pk)

    def has_delete_permission(self, request, obj=None):
        return False
