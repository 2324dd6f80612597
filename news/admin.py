from django.contrib import admin

from .models import Article, Attachment, Column, SiteSettings


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
