from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from simple_history.admin import SimpleHistoryAdmin

from workplans.importing import BulletinImportError, ImportPreview

from .audit import AuditEntry
from .editorial_admin import AuditEntryAdmin, EditorialAdminMixin, RevisionSectionFormSet
from .fields import RichTextAdminMixin
from .forms import AttachmentForm, BulletinImportConfirmForm, BulletinImportForm
from .models import (
    Article,
    Attachment,
    Bulletin,
    BulletinSection,
    BulletinSeries,
    Column,
    SiteSettings,
)
from .search import IndexSearchAdminMixin

admin.site.register(AuditEntry, AuditEntryAdmin)


@admin.register(Column)
class ColumnAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "slug", "order", "show_in_nav"]
    list_editable = ["order", "show_in_nav"]
    list_filter = ["parent", "show_in_nav"]
    search_fields = ["name", "slug"]


class AttachmentInline(admin.TabularInline):
    """Attachments are not part of a pending revision, so on a published article only
    reviewers may change them."""

    model = Attachment
    form = AttachmentForm
    extra = 0

    def _may_change(self, request, obj):
        return obj is None or not obj.edits_go_to_revision or request.user.has_perm("news.publish_article")

    def has_add_permission(self, request, obj=None):
        return self._may_change(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._may_change(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_change(request, obj) and super().has_delete_permission(request, obj)


@admin.register(Article)
class ArticleAdmin(RichTextAdminMixin, EditorialAdminMixin, IndexSearchAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "column", "status", "created_by", "pinned", "publish_at", "view_count"]
    list_filter = ["status", "column", ("created_by", admin.RelatedOnlyFieldListFilter), "publish_at",
                   "pinned"]
    search_fields = ["title", "summary", "body"]
    date_hierarchy = "publish_at"
    autocomplete_fields = ["column"]
    readonly_fields = ["created_by", "view_count", "first_published_at", "created_at", "updated_at"]
    inlines = [AttachmentInline]
    fieldsets = [
        (None, {"fields": ["title", "column", "source", "author", "summary", "body"]}),
        ("封面", {"fields": ["cover_image", "cover_alt"]}),
        ("发布", {"fields": ["status", "publish_at", "pinned"]}),
        ("记录", {"fields": readonly_fields, "classes": ["collapse"]}),
    ]

    def view_on_site(self, obj):
        return obj.get_absolute_url()


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BulletinSeries)
class BulletinSeriesAdmin(admin.ModelAdmin):
    list_display = ["name", "column"]
    search_fields = ["name"]


class BulletinSectionInline(RichTextAdminMixin, admin.StackedInline):
    model = BulletinSection
    formset = RevisionSectionFormSet
    extra = 0
    fields = ["order", "heading", "body"]


@admin.register(Bulletin)
class BulletinAdmin(RichTextAdminMixin, EditorialAdminMixin, IndexSearchAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "year", "number", "report_month", "status", "created_by", "publish_at"]
    list_filter = ["series", "year", "status", ("created_by", admin.RelatedOnlyFieldListFilter),
                   "report_month"]
    search_fields = ["title", "subject", "sections__heading", "sections__body"]
    date_hierarchy = "publish_at"
    readonly_fields = ["title", "created_by", "view_count", "first_published_at", "created_at",
                       "updated_at"]
    inlines = [BulletinSectionInline]
    change_list_template = "admin/news/bulletin/change_list.html"
    fieldsets = [
        (None, {"fields": ["series", "year", "number", "subject", "title", "report_month"]}),
        ("综述", {"fields": ["summary_title", "body"]}),
        ("发布", {"fields": ["source", "status", "publish_at", "pinned"]}),
        ("记录", {"fields": ["created_by", "view_count", "first_published_at", "created_at",
                           "updated_at"],
                "classes": ["collapse"]}),
    ]

    def view_on_site(self, obj):
        return obj.get_absolute_url()

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="news_bulletin_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """导入: upload or paste → preview of what will be created → confirm → draft bulletin.

        Nothing is written before confirmation; confirmation parses the previewed text again
        and saves everything in one transaction.
        """
        if not self.has_add_permission(request):
            raise PermissionDenied
        form, preview, confirm_form = BulletinImportForm(), None, None
        if request.method == "POST" and "confirm" in request.POST:
            confirm_form = BulletinImportConfirmForm(request.POST)
            if confirm_form.is_valid():
                data = confirm_form.cleaned_data
                preview = ImportPreview.build(data["parsed"], data["series"])
                try:
                    bulletin = preview.save()
                except BulletinImportError as error:
                    messages.error(request, f"没有导入：{error}")
                else:
                    messages.success(request, f"已导入草稿“{bulletin.title}”，请核对后提交审核。")
                    return redirect("admin:news_bulletin_change", bulletin.pk)
            else:
                errors = " ".join(confirm_form.non_field_errors()) or "预览已失效，请重新上传。"
                messages.error(request, f"没有导入：{errors}")
        elif request.method == "POST":
            form = BulletinImportForm(request.POST, request.FILES)
            if form.is_valid():
                data = form.cleaned_data
                preview = ImportPreview.build(data["parsed"], data["series"])
                confirm_form = BulletinImportConfirmForm(
                    initial={"series": data["series"].pk, "source_text": data["source_text"]}
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "导入工会要情",
            "form": form,
            "preview": preview,
            "confirm_form": confirm_form,
        }
        return TemplateResponse(request, "admin/news/bulletin/import.html", context)
