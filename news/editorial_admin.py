"""The admin side of the review workflow, shared by the article and bulletin admins.

The admin stays thin: every decision (who may publish, which step is allowed now) is made by
`news.workflow`; the admin turns its WorkflowError into a form error or a message.
"""

import re

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.forms.models import BaseInlineFormSet
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from core.admin import TRANSITION_FIELD, ReviewStepForm
from core.fields import LabelledSplitDateTime
from core.permissions import may_preview
from core.uploads import cleaned_image_upload

from . import content_check, workflow
from .diff import field_changes
from .models import Article, Column, ColumnRights, PendingRevision
from .views import ArticleView
from .workflow import WorkflowError


class EditorialForm(ReviewStepForm):
    """The article and bulletin change form (the review step checked first: ReviewStepForm)."""

    def clean_cover_image(self):
        """A new cover is checked and re-encoded like any uploaded image (core.uploads)."""
        return cleaned_image_upload(self.cleaned_data.get("cover_image"), self.initial.get("cover_image"))

    def check_step(self, action, comment):
        content = self.content_check() if action == "submit" else None
        workflow.check(self.instance, action, self.request_user, comment, content)

    def content_check(self):
        """The content check of what this form submits: its fields and the posted parts."""
        cleaned, fields = self.cleaned_data, {}
        for name in ("title", "summary", "body"):
            fields[name] = cleaned.get(name, getattr(self.instance, name, ""))
        parts = []
        if self.instance.revised_parts:
            relation, names = self.instance.revised_parts
            posted = {}
            for key, value in self.data.items():
                match = re.fullmatch(rf"{relation}-(\d+)-(\w+)", key)
                if match and match.group(2) in names and match.group(2) != "order" and \
                        not self.data.get(f"{relation}-{match.group(1)}-DELETE"):
                    posted.setdefault(int(match.group(1)), []).append(value)
            parts = [" ".join(values) for _, values in sorted(posted.items())]
        self.content_check_result = content_check.check_parts(**fields, parts=parts)
        return self.content_check_result


class RevisionPartsFormSet(BaseInlineFormSet):
    """The parts of a published article (a bulletin's sections) are edited as part of its
    pending revision: the forms start from the revision's parts (or the live ones), and
    saving never touches the live rows (EditorialAdminMixin.save_related keeps them in the
    revision)."""

    def __init__(self, *args, instance=None, queryset=None, **kwargs):
        if instance is not None and instance.edits_go_to_revision:
            self.part_fields = instance.revised_parts[1]
            parts = (instance.revision or PendingRevision(article_id=instance.pk)).part_objects(instance)
            kwargs["initial"] = [{key: getattr(part, key) for key in self.part_fields} for part in parts]
            # The forms are new forms (live rows must not be bound); this remembers which
            # live part each one edits, by position.
            self.part_ids = [part.pk for part in parts]
            self.extra = len(parts)
            queryset = self.model.objects.none()
        super().__init__(*args, instance=instance, queryset=queryset, **kwargs)

    def revised_parts(self):
        """The parts as submitted, in form order, deleted and empty ones left out."""
        parts = []
        for index, form in enumerate(self.forms):
            if self.can_delete and self._should_delete_form(form):
                continue
            values = form.cleaned_data if form.has_changed() else form.initial
            if any(values.get(key) for key in self.part_fields if key != "order"):
                part_id = self.part_ids[index] if index < len(self.part_ids) else None
                parts.append({"id": part_id, **{key: values[key] for key in self.part_fields}})
        return parts


class TrashFilter(admin.SimpleListFilter):
    title = "回收站"
    parameter_name = "trash"

    def lookups(self, request, model_admin):
        return [("1", "回收站中的")]

    def queryset(self, request, queryset):
        return queryset.in_trash() if self.value() == "1" else queryset.not_in_trash()

    def choices(self, changelist):
        for choice in super().choices(changelist):
            if choice["display"] == "全部":
                choice["display"] = "正常（不含回收站）"
            yield choice


class ReviewFilter(admin.SimpleListFilter):
    title = "审核"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("pending", "待审核（含修订）"), ("returned", "退回给我的")]

    def queryset(self, request, queryset):
        if self.value() == "pending":
            return queryset.awaiting_review()
        if self.value() == "returned":
            return queryset.returned_to(request.user)
        return queryset


class ScheduleFilter(admin.SimpleListFilter):
    title = "发布状态"
    parameter_name = "schedule"

    def lookups(self, request, model_admin):
        return [("scheduled", "待发布（定时发布，尚未到时间）"), ("live", "已公开")]

    def queryset(self, request, queryset):
        if self.value() == "scheduled":
            return queryset.scheduled()
        if self.value() == "live":
            return queryset.published()
        return queryset


class EditorialAdminMixin:
    """Review buttons, pending revisions, preview, history with diff, recycle bin."""

    form = EditorialForm
    change_form_template = "admin/news/editorial_change_form.html"
    delete_confirmation_template = "admin/news/trash_confirmation.html"
    delete_selected_confirmation_template = "admin/news/trash_selected_confirmation.html"
    object_history_list_template = "admin/news/history_list.html"
    editorial_list_filters = [ReviewFilter, ScheduleFilter, TrashFilter]
    show_full_result_count = False  # "共 N 篇" would count the whole table on every page
    actions = ["approve_selected", "withdraw_selected", "restore_selected", "purge_selected"]
    formfield_overrides = {models.DateTimeField: {"widget": LabelledSplitDateTime}}

    @admin.display(description="状态", ordering="status")
    def state(self, obj):
        return obj.state_label

    def get_list_display(self, request):
        return ["state" if name == "status" else name for name in super().get_list_display(request)]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), *self.editorial_list_filters]

    def get_readonly_fields(self, request, obj=None):
        return ["status", *super().get_readonly_fields(request, obj)]

    def get_queryset(self, request):
        """Only the columns this user may work on (ColumnRights): lists, forms, actions and
        previews all start here."""
        return super().get_queryset(request).within_columns_of(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "column" and (ids := ColumnRights.column_ids(request.user)) is not None:
            kwargs["queryset"] = Column.objects.filter(pk__in=ids)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"request_user": request.user})

    def get_object(self, request, object_id, from_field=None):
        """The article as the editor left it: with its pending revision's values, if any."""
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and obj.edits_go_to_revision and (revision := obj.revision):
            revision.overlay(obj)
        return obj

    # Saving --------------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if change:
            obj.reload_unrevised_fields()
        if obj.edits_go_to_revision:
            reviewing = (request.POST.get(TRANSITION_FIELD) in {"send_back", "approve"}
                         and workflow.may_publish(request.user))
            PendingRevision.capture(obj, request.user, reviewing=reviewing)
            return
        if not change:
            obj.created_by = request.user
        obj._change_reason = "修改" if change else "新建"
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        article = form.instance
        if article.edits_go_to_revision:
            for formset in formsets:
                if isinstance(formset, RevisionPartsFormSet):
                    article.revision.set_parts(formset.revised_parts())
        else:
            super().save_related(request, form, formsets, change)
        if action := request.POST.get(TRANSITION_FIELD):
            workflow.take(article, action, request.user, form.cleaned_data.get("review_comment", ""))
            label = workflow.current_transitions()[action].label
            self.message_user(request, f"已{label}：“{article}”。")
            result = getattr(form, "content_check_result", None)
            if action == "submit" and result is not None and result.warnings:
                self.message_user(request, result.warning_message(), messages.WARNING)

    def construct_change_message(self, request, form, formsets, add=False):
        # A revision saves no inline rows, so there are no inline changes to describe.
        if form.instance.edits_go_to_revision:
            formsets = []
        return super().construct_change_message(request, form, formsets, add)

    def response_change(self, request, obj):
        if obj.edits_go_to_revision and obj.revision and TRANSITION_FIELD not in request.POST:
            self.message_user(
                request, "文章已发布，修改已保存为修订版本；提交审核并通过后才会替换网站上的内容。",
                messages.WARNING,
            )
        return super().response_change(request, obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        article = obj or self.model()
        result = getattr(context["adminform"].form, "content_check_result", None)
        if result is None and obj is not None:
            revision = obj.revision if obj.edits_go_to_revision else None
            result = content_check.check_article(obj, revision or obj)
        context.update(
            content_check=result,
            review_steps=workflow.review_steps(obj) if obj is not None else [],
            workflow_actions=workflow.allowed(article, request.user),
            revision=obj.revision if obj is not None and obj.edits_go_to_revision else None,
            preview_url=self._url("preview", obj.pk) if obj is not None else None,
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    # Changelist actions ----------------------------------------------------------------------

    def changelist_view(self, request, extra_context=None):
        """Refuse, with a message, an action this user's list does not offer (a crafted
        POST), rather than Django's silent "no action selected"."""
        action = request.POST.get("action")
        if action and "index" in request.POST and action not in self.get_actions(request):
            self.message_user(request, "您没有执行该操作的权限，没有做任何修改。", messages.ERROR)
            return redirect(request.get_full_path())
        return super().changelist_view(request, extra_context)

    def _each(self, request, queryset, step, done):
        """Apply `step(article)` to each selected article; report successes and refusals."""
        count = 0
        for article in queryset:
            try:
                step(article)
            except WorkflowError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                count += 1
        if count:
            self.message_user(request, f"{done} {count} 篇。")

    @admin.action(description="审核通过并发布所选稿件", permissions=["publish"])
    def approve_selected(self, request, queryset):
        self._each(request, queryset, lambda article: workflow.approve(article, request.user), "已发布")

    @admin.action(description="撤回所选已发布文章", permissions=["publish"])
    def withdraw_selected(self, request, queryset):
        self._each(request, queryset, lambda article: workflow.withdraw(article, request.user), "已撤回")

    @admin.action(description="从回收站恢复所选文章", permissions=["delete"])
    def restore_selected(self, request, queryset):
        self._each(request, queryset, lambda article: workflow.restore(article, request.user), "已恢复")

    @admin.action(description="彻底删除所选文章（不可恢复）", permissions=["purge"])
    def purge_selected(self, request, queryset):
        self._each(request, queryset, lambda article: workflow.purge(article, request.user), "已彻底删除")

    def has_publish_permission(self, request):
        return workflow.may_publish(request.user)

    def has_purge_permission(self, request):
        return request.user.has_perm("news.purge_article")

    # Deleting moves to the recycle bin ---------------------------------------------------------

    def has_delete_permission(self, request, obj=None):
        # Deleting a published article takes it off the site, which is a reviewer's decision.
        published = obj is not None and obj.status == Article.Status.PUBLISHED
        if published and not self.has_publish_permission(request):
            return False
        return super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        """Only the articles themselves: they go to the recycle bin, nothing else is deleted."""
        objs = list(objs)
        return [str(obj) for obj in objs], {self.model._meta.verbose_name: len(objs)}, set(), []

    def delete_model(self, request, obj):
        try:
            workflow.trash(obj, request.user)
        except WorkflowError as error:
            raise PermissionDenied(error.message) from error

    def delete_queryset(self, request, queryset):
        self._each(request, queryset, lambda article: workflow.trash(article, request.user), "已移入回收站")

    # Preview and history ---------------------------------------------------------------------

    def _url(self, name, *args):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=args)

    def get_urls(self):
        opts = self.model._meta
        prefix = f"{opts.app_label}_{opts.model_name}"
        return [
            path("<path:object_id>/preview/", self.admin_site.admin_view(self.preview_view),
                 name=f"{prefix}_preview"),
            path("<path:object_id>/history/compare/", self.admin_site.admin_view(self.compare_view),
                 name=f"{prefix}_compare"),
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id):
        """The public page of the article as it would be published, revision included."""
        article = self.get_object(request, object_id)  # None for an unknown or malformed id
        if article is None:
            raise Http404("没有这篇文章。")
        if not may_preview(request.user, article):
            raise PermissionDenied
        return ArticlePreview.as_view()(request, pk=article.pk)

    def compare_view(self, request, object_id):
        """Field-by-field differences between two revisions (?old=&new= history ids)."""
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404("没有这篇文章。")
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        records = obj.history.all()
        try:
            old = records.get(history_id=request.GET.get("old"))
            new = records.get(history_id=request.GET.get("new"))
        except (records.model.DoesNotExist, ValueError, ValidationError):
            self.message_user(request, "请在历史记录中选择要对比的两个版本。", messages.ERROR)
            return redirect(self._url("history", obj.pk))
        if old.history_date > new.history_date:
            old, new = new, old
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "object": obj,
            "title": f"版本对比：{obj}",
            "old": old,
            "new": new,
            "changes": field_changes(old, new),
        }
        return TemplateResponse(request, "admin/news/history_compare.html", context)


class ArticlePreview(ArticleView):
    """The public article page for staff: any state, always marked 预览 and noindex, at the
    admin's address (so no redirect to the public one).

    A pending revision is previewed by applying it inside a transaction, rendering the page
    and rolling back: the page is exactly what approval would publish, with no second way of
    rendering a bulletin.
    """

    def get(self, request, *args, **kwargs):
        with transaction.atomic():
            article = self.get_object()
            if article.edits_go_to_revision and (revision := article.revision):
                revision.apply(request.user)
                article = self.get_object()
            self.object = article
            response = self.render_to_response(self.get_context_data(object=article))
            response.render()
            transaction.set_rollback(True)
        return response

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "is_preview": True}
