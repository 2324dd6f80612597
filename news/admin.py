from django.contrib import admin

from .models import (
    Article,
    Attachment,
    Bulletin,
    BulletinSection,
    BulletinSeries,
    Column,
    SiteSettings,
)


@admin.register(Column)
class ColumnAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "slug", "order", "show_in_nav"]
    list_editable = ["order", "show_in_nav"]
    list_filter = ["parent", "show_in_nav"]
    search_fields = ["name", "slug"]


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "column", "status", "pinned", "publish_at", "view_count"]
    list_filter = ["status", "column", "pinned"]
    search_fields = ["title", "summary", "body"]
    date_hierarchy = "publish_at"
    autocomplete_fields = ["column"]
    readonly_fields = ["view_count", "first_published_at", "created_at", "updated_at"]
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


class BulletinSectionInline(admin.StackedInline):
    model = BulletinSection
    extra = 0
    fields = ["order", "heading", "body"]


@admin.register(Bulletin)
class BulletinAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "number", "report_month", "status", "publish_at"]
    list_filter = ["series", "year", "status", "report_month"]
    search_fields = ["title", "subject", "sections__heading", "sections__body"]
    date_hierarchy = "publish_at"
    readonly_fields = ["title", "view_count", "first_published_at", "created_at", "updated_at"]
    inlines = [BulletinSectionInline]
    fieldsets = [
        (None, {"fields": ["series", "year", "number", "subject", "title", "report_month"]}),
        ("综述", {"fields": ["summary_title", "body"]}),
        ("发布", {"fields": ["source", "status", "publish_at", "pinned"]}),
        ("记录", {"fields": ["view_count", "first_published_at", "created_at", "updated_at"],
                "classes": ["collapse"]}),
    ]

    def view_on_site(self, obj):
        return obj.get_absolute_url()
