"""The admin's import page: upload or paste a bulletin, see what it will create, confirm."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from bulletins.models import Bulletin
from core.sanitize import sanitize_html
from news.models import Article, Column, ColumnRights
from workplans.models import WorkPlan

from .docx_article import DocxArticle
from .forms import (
    ArticleImportConfirmForm,
    ArticleImportForm,
    BulletinImportConfirmForm,
    BulletinImportForm,
    PlanImportConfirmForm,
    PlanImportForm,
)
from .pipeline import BulletinImportError, ImportPreview, PlanImportPreview


def import_bulletin(request):
    """导入: upload or paste → preview of what will be created → confirm → draft bulletin.

    Nothing is written before confirmation; confirmation parses the previewed text again
    and saves everything in one transaction.
    """
    if not request.user.has_perm("bulletins.add_bulletin"):
        raise PermissionDenied
    form, preview, confirm_form = BulletinImportForm(), None, None
    if request.method == "POST" and "confirm" in request.POST:
        confirm_form = BulletinImportConfirmForm(request.POST)
        confirm_form.offer_new_series(request.user)
        if confirm_form.is_valid():
            data = confirm_form.cleaned_data
            preview = ImportPreview.build(data["parsed"], data["series"], data.get("new_series_column"))
            try:
                bulletin = preview.save()
            except BulletinImportError as error:
                messages.error(request, f"没有导入：{error}")
            else:
                messages.success(request, f"已导入草稿“{bulletin.title}”，请核对后提交审核。")
                return redirect("admin:bulletins_bulletin_change", bulletin.pk)
        else:
            errors = " ".join(confirm_form.non_field_errors()) or "预览已失效，请重新上传。"
            messages.error(request, f"没有导入：{errors}")
    elif request.method == "POST":
        form = BulletinImportForm(request.POST, request.FILES)
        form.offer_new_series(request.user)
        if form.is_valid():
            data = form.cleaned_data
            column = data.get("new_series_column")
            preview = ImportPreview.build(data["parsed"], data["series"], column)
            confirm_form = BulletinImportConfirmForm(initial={
                "series": data["series"].pk if data["series"] else None,
                "new_series_column": column.pk if column else None,
                "source_text": data["source_text"],
            })
            confirm_form.offer_new_series(request.user)
    if request.method == "GET":
        form.offer_new_series(request.user)
    context = {
        **admin.site.each_context(request),
        "opts": Bulletin._meta,
        "title": "导入工会要情",
        "form": form,
        "preview": preview,
        "confirm_form": confirm_form,
    }
    return TemplateResponse(request, "admin/imports/bulletin.html", context)


def import_plan(request):
    """导入工作计划: a plan written as its own document, or items pasted into a draft plan →
    preview → confirm → the draft plan, opened for checking and 提交审核."""
    if not request.user.has_perms(["workplans.add_workplan", "workplans.add_planitem"]):
        raise PermissionDenied
    target = request.GET.get("plan") or request.POST.get("plan") or None
    form, preview, confirm_form = PlanImportForm(initial={"plan": target}), None, None
    if request.method == "POST" and "confirm" in request.POST:
        confirm_form = PlanImportConfirmForm(request.POST)
        if confirm_form.is_valid():
            data = confirm_form.cleaned_data
            preview = PlanImportPreview.build(data["parsed"], data["month"], data["plan"])
            try:
                plan = preview.save(request.user)
            except BulletinImportError as error:
                messages.error(request, f"没有导入：{error}")
            else:
                count = len(preview.items)
                messages.success(request, f"已导入 {count} 项到“{plan}”（草稿），请核对后提交审核。")
                return redirect("admin:workplans_workplan_change", plan.pk)
        else:
            messages.error(request, "没有导入：预览已失效，请重新粘贴或上传。")
    elif request.method == "POST":
        form = PlanImportForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            preview = PlanImportPreview.build(data["parsed"], data["month"], data["plan"])
            confirm_form = PlanImportConfirmForm(initial={
                "plan": data["plan"].pk if data["plan"] else None,
                "month": preview.month,
                "source_text": data["source_text"],
            })
    try:
        plan = form.fields["plan"].clean(target)
    except ValidationError:
        plan = None
    context = {
        **admin.site.each_context(request),
        "opts": WorkPlan._meta,
        "title": f"粘贴事项到“{plan}”" if plan else "导入工作计划",
        "target_plan": plan,
        "form": form,
        "preview": preview,
        "confirm_form": confirm_form,
    }
    return TemplateResponse(request, "admin/imports/plan.html", context)


def import_article(request):
    """从Word导入文章: upload a .docx → preview of the article it makes → confirm → draft.

    The preview stores the pictures (re-encoded, through core.uploads) so it can show them;
    confirming saves the previewed body, sanitized again, as the editor's draft.
    """
    if not request.user.has_perm("news.add_article"):
        raise PermissionDenied
    form, converted, confirm_form = ArticleImportForm(), None, None
    if request.method == "POST" and "confirm" in request.POST:
        confirm_form = ArticleImportConfirmForm(request.POST, columns=_columns_for(request.user))
        if confirm_form.is_valid():
            data = confirm_form.cleaned_data
            article = Article(title=data["title"], column=data["column"], body=data["body"],
                              created_by=request.user, status=Article.Status.DRAFT)
            article.save_as(request.user, "从Word导入")
            messages.success(
                request, f"已从Word导入草稿“{article.title}”：请为每张图片填写替换文本，核对后提交审核。"
            )
            return redirect("admin:news_article_change", article.pk)
        # The preview shows the posted body only as the allow-list leaves it.
        converted = DocxArticle(body=sanitize_html(request.POST.get("body", "")))
    elif request.method == "POST":
        form = ArticleImportForm(request.POST, request.FILES)
        if form.is_valid():
            converted = form.cleaned_data["converted"]
            initial = {"title": converted.title, "body": converted.body}
            confirm_form = ArticleImportConfirmForm(initial=initial, columns=_columns_for(request.user))
    context = {
        **admin.site.each_context(request),
        "opts": Article._meta,
        "title": "从Word导入文章",
        "form": form,
        "converted": converted,
        "confirm_form": confirm_form,
    }
    return TemplateResponse(request, "admin/imports/article.html", context)


def _columns_for(user):
    ids = ColumnRights.column_ids(user)
    return Column.objects.all() if ids is None else Column.objects.filter(pk__in=ids)
