from django.contrib import admin

from core.admin import HistoryAdmin
from core.fields import RichTextAdminMixin
from news.editorial_admin import EditorialAdminMixin, RevisionPartsFormSet

from .models import Bulletin, BulletinSection, BulletinSeries


@admin.register(BulletinSeries)
class BulletinSeriesAdmin(admin.ModelAdmin):
    list_display = ["name", "column"]
    search_fields = ["name"]


class BulletinSectionInline(RichTextAdminMixin, admin.StackedInline):
    model = BulletinSection
    formset = RevisionPartsFormSet
    extra = 0
    fields = ["order", "heading", "body"]


@admin.register(Bulletin)
class BulletinAdmin(RichTextAdminMixin, EditorialAdminMixin, HistoryAdmin):
    list_display = ["title", "year", "number", "report_month", "status", "created_by", "publish_at"]
    list_select_related = ["created_by"]
    list_filter = ["series", "year", "status", ("created_by", admin.RelatedOnlyFieldListFilter),
                   "report_month"]
    search_fields = ["title", "subject", "sections__heading", "sections__body"]
    # No date hierarchy: bulletins are found by 年份 and 期号 (the filters), and its two
    # queries on 发布时间 would take the list over its budget of ten.
    readonly_fields = ["title", "created_by", "view_count", "first_published_at", "created_at",
                       "updated_at"]
    inlines = [BulletinSectionInline]
    change_list_template = "admin/bulletins/bulletin/change_list.html"
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
