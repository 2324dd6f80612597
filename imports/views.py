"""The admin's import page: upload or paste a bulletin, see what it will create, confirm."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from bulletins.models import Bulletin

from .forms import BulletinImportConfirmForm, BulletinImportForm
from .pipeline import BulletinImportError, ImportPreview


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
        if confirm_form.is_valid():
            data = confirm_form.cleaned_data
            preview = ImportPreview.build(data["parsed"], data["series"])
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
        if form.is_valid():
            data = form.cleaned_data
            preview = ImportPreview.build(data["parsed"], data["series"])
            confirm_form = BulletinImportConfirmForm(
                initial={"series": data["series"].pk, "source_text": data["source_text"]}
            )
    context = {
        **admin.site.each_context(request),
        "opts": Bulletin._meta,
        "title": "导入工会要情",
        "form": form,
        "preview": preview,
        "confirm_form": confirm_form,
    }
    return TemplateResponse(request, "admin/imports/bulletin.html", context)
