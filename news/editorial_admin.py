"""The admin side of the review workflow, shared by the article and bulletin admins.

The admin stays thin: every decision (who may publish, which step is allowed now) is made by
the model's transition methods (`Article.submit/approve/send_back/withdraw`, `trash`,
`purge`); the admin turns their WorkflowError into a form error or a message.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from . import audit
from .diff import field_changes
from .models import Article, BulletinSection, PendingRevision, WorkflowError
from .uploads import clean_image
from .views import ArticleView

TRANSITION_FIELD = "_transition"
SECTION_FIELDS = ("order", "heading", "body")


class EditorialForm(forms.ModelForm):
    """The change form, with the review step the clicked button asks for checked before
    anything is saved."""

    review_comment = forms.CharField(
        label="退回意见",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="退回修改时必须填写，编辑会在文章页面上方看到。",
    )
    request_user = None  # set by EditorialAdminMixin.get_form

    def clean_cover_image(self):
        """A new cover is checked and re-encoded like any uploaded image (news.uploads)."""
        cover = self.cleaned_data.get("cover_image")
        if not cover or cover == self.initial.get("cover_image"):
            return cover
        clean = clean_image(cover)
        return SimpleUploadedFile(f"cover.{clean.extension}", clean.content.read())

    def clean(self):
        cleaned = super().clean()
        posted_status = self.data.get("status")
        if posted_status is not None and posted_status != self.instance.status:
            raise ValidationError(
                "状态不能在表单中直接修改，请使用页面下方的“提交审核”“审核通过并发布”“退回修改”“撤回”按钮。"
            )
        action = self.data.get(TRANSITION_FIELD)
        if action:
            if action not in Article.TRANSITIONS:
                raise ValidationError("未知的审核操作。")
            self.instance.check_transition(action, self.request_user, cleaned.get("review_comment", ""))
        return cleaned


class RevisionSectionFormSet(BaseInlineFormSet):
    """A published bulletin's sections are edited as part of its pending revision: the forms
    start from the revision's sections (or the live ones), and saving never touches the
    live rows (EditorialAdminMixin.save_related keeps them in the revision)."""

    def __init__(self, *args, instance=None, queryset=None, **kwargs):
        if instance is not None and instance.edits_go_to_revision:
            sections = (instance.revision or PendingRevision(article_id=instance.pk)).section_objects()
            kwargs["initial"] = [{key: getattr(s, key) for key in SECTION_FIELDS} for s in sections]
            # The forms are new forms (live rows must not be bound); this remembers which
            # live section each one edits, by position.
            self.section_ids = [section.pk for section in sections]
            self.extra = len(sections)
            queryset = BulletinSection.objects.none()
        super().__init__(*args, instance=instance, queryset=queryset, **kwargs)

    def revised_sections(self):
        """The sections as submitted, in form order, deleted ones left out."""
        sections = []
        for index, form in enumerate(self.forms):
            if self.can_delete and self._should_delete_form(form):
                continue
            values = form.cleaned_data if form.has_changed() else form.initial
            if values.get("heading"):
                section_id = self.section_ids[index] if index < len(self.section_ids) else None
                sections.append({"id": section_id, **{key: values[key] for key in SECTION_FIELDS}})
        return sections


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


class EditorialAdminMixin:
    """Review buttons, pending revisions, preview, history with diff, recycle bin."""

    form = EditorialForm
    change_form_template = "admin/news/editorial_change_form.html"
    delete_confirmation_template = "admin/news/trash_confirmation.html"
    delete_selected_confirmation_template = "admin/news/trash_selected_confirmation.html"
    object_history_list_template = "admin/news/history_list.html"
    editorial_list_filters = [ReviewFilter, TrashFilter]
    actions = ["approve_selected", "withdraw_selected", "restore_selected", "purge_selected"]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), *self.editorial_list_filters]

    def get_readonly_fields(self, request, obj=None):
        return ["status", *super().get_readonly_fields(request, obj)]

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
            PendingRevision.capture(obj, request.user)
            return
        if not change:
            obj.created_by = request.user
        obj._change_reason = "修改" if change else "新建"
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        article = form.instance
        if article.edits_go_to_revision:
            for formset in formsets:
                if isinstance(formset, RevisionSectionFormSet):
                    article.revision.set_sections(formset.revised_sections())
        else:
            super().save_related(request, form, formsets, change)
        if action := request.POST.get(TRANSITION_FIELD):
            comment = form.cleaned_data.get("review_comment", "")
            getattr(article, action)(request.user, *([comment] if action == "send_back" else []))
            self.message_user(request, f"已{Article.TRANSITIONS[action].label}：“{article}”。")

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
        context.update(
            workflow_actions=article.allowed_transitions(request.user),
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
        self._each(request, queryset, lambda article: article.approve(request.user), "已发布")

    @admin.action(description="撤回所选已发布文章", permissions=["publish"])
    def withdraw_selected(self, request, queryset):
        self._each(request, queryset, lambda article: article.withdraw(request.user), "已撤回")

    @admin.action(description="从回收站恢复所选文章", permissions=["delete"])
    def restore_selected(self, request, queryset):
        self._each(request, queryset, lambda article: article.restore_from_trash(request.user), "已恢复")

    @admin.action(description="彻底删除所选文章（不可恢复）", permissions=["purge"])
    def purge_selected(self, request, queryset):
        self._each(request, queryset, lambda article: article.purge(request.user), "已彻底删除")

    def has_publish_permission(self, request):
        return request.user.has_perm("news.publish_article")

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
            obj.trash(request.user)
        except WorkflowError as error:
            raise PermissionDenied(error.message) from error

    def delete_queryset(self, request, queryset):
        self._each(request, queryset, lambda article: article.trash(request.user), "已移入回收站")

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
        article = get_object_or_404(Article, pk=object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return ArticlePreview.as_view()(request, pk=article.pk)

    def compare_view(self, request, object_id):
        """Field-by-field differences between two revisions (?old=&new= history ids)."""
        obj = get_object_or_404(self.model, pk=object_id)
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


class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: entries are written by code, never edited or deleted by anyone."""

    list_display = ["created_at", "username", "action", "object_repr", "content_type", "ip_address"]
    list_filter = ["action", "created_at", ("content_type", admin.RelatedOnlyFieldListFilter),
                   ("user", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["username", "object_repr", "detail", "ip_address"]
    date_hierarchy = "created_at"
    change_list_template = "admin/news/auditentry/change_list.html"

    def get_urls(self):
        return [
            path("export.csv", self.admin_site.admin_view(self.export_view), name="news_auditentry_export"),
            *super().get_urls(),
        ]

    def export_view(self, request):
        """The entries the list shows (same filters and search), as CSV."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        entries = self.get_changelist_instance(request).get_queryset(request)
        return audit.csv_response(entries, "audit-log.csv")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

