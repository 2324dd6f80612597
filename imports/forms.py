from django import forms

from bulletins.models import BulletinSeries
from news.models import Column
from workplans.models import WorkPlan

from .docx_article import DocxImportError, article_from_docx
from .parser import BulletinParseError, parse_bulletin
from .pipeline import EDITABLE_PLAN_STATES, parse_plan_text
from .sources import MAX_FILE_BYTES, bulletin_text_from_file


class NewSeriesMixin:
    """On an installation with no series yet, the import offers to create the one the title
    names, in a column the importer picks (if they may add series)."""

    def offer_new_series(self, user):
        if BulletinSeries.objects.exists():
            del self.fields["new_series_column"]
            return
        self.fields["series"].required = False
        self.fields["series"].widget = forms.HiddenInput()
        if not user.has_perm("bulletins.add_bulletinseries"):
            del self.fields["new_series_column"]


class BulletinImportForm(NewSeriesMixin, forms.Form):
    """Step one of the import: a file or pasted text, read and parsed but not saved."""

    series = forms.ModelChoiceField(
        BulletinSeries.objects.all(), label="刊物", empty_label=None,
        help_text="导入的一期将归入此刊物；期号取自原文。",
    )
    new_series_column = forms.ModelChoiceField(
        Column.objects.all(), label="新刊物所在栏目", required=False,
        help_text="还没有任何刊物：导入时按原文标题新建刊物（例如 工会要情摘报），各期发布在此栏目。",
    )
    file = forms.FileField(
        label="上传文件", required=False,
        help_text=f"Word 文档（.docx）或纯文本（.txt，UTF-8 或 GBK 编码），不超过 "
        f"{MAX_FILE_BYTES // 1024 // 1024} MB。",
    )
    text = forms.CharField(
        label="或粘贴全文", required=False, widget=forms.Textarea(attrs={"rows": 16, "cols": 90}),
    )

    def clean(self):
        cleaned = super().clean()
        upload, text = cleaned.get("file"), cleaned.get("text", "").strip()
        if not upload and not text:
            raise forms.ValidationError("请上传文件或粘贴要导入的全文。")
        try:
            if upload:
                text = bulletin_text_from_file(upload.name, upload.read())
            cleaned["parsed"] = parse_bulletin(text)
        except BulletinParseError as error:
            raise forms.ValidationError(str(error)) from None
        cleaned["source_text"] = text
        return cleaned


class BulletinImportConfirmForm(NewSeriesMixin, forms.Form):
    """Step two: the text the editor previewed, parsed again and saved in one transaction."""

    series = forms.ModelChoiceField(BulletinSeries.objects.all(), widget=forms.HiddenInput)
    new_series_column = forms.ModelChoiceField(Column.objects.all(), widget=forms.HiddenInput, required=False)
    source_text = forms.CharField(widget=forms.HiddenInput, strip=False)

    def clean(self):
        cleaned = super().clean()
        try:
            cleaned["parsed"] = parse_bulletin(cleaned.get("source_text", ""))
        except BulletinParseError as error:
            raise forms.ValidationError(str(error)) from None
        return cleaned


class PlanImportForm(forms.Form):
    """导入工作计划, step one: a plan written as its own document, or items pasted into a draft
    plan; parsed but not saved."""

    plan = forms.ModelChoiceField(
        WorkPlan.objects.filter(status__in=EDITABLE_PLAN_STATES), required=False, widget=forms.HiddenInput
    )
    month = forms.DateField(
        label="计划月份", required=False, input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        help_text="留空则取原文标题中的月份（如“十二月工作计划”）。",
    )
    file = forms.FileField(
        label="上传文件", required=False,
        help_text=f"Word 文档（.docx）或纯文本（.txt），不超过 {MAX_FILE_BYTES // 1024 // 1024} MB。",
    )
    text = forms.CharField(
        label="或粘贴计划", required=False, widget=forms.Textarea(attrs={"rows": 16, "cols": 90}),
        help_text="每项以“（1）”“1、”等开头，后面写“分管领导：……”“责任单位：……”。",
    )

    def clean(self):
        cleaned = super().clean()
        upload, text = cleaned.get("file"), cleaned.get("text", "").strip()
        if not upload and not text:
            raise forms.ValidationError("请上传文件或粘贴要导入的计划。")
        try:
            if upload:
                text = bulletin_text_from_file(upload.name, upload.read())
            cleaned["parsed"] = parse_plan_text(text, cleaned.get("plan"))
        except BulletinParseError as error:
            raise forms.ValidationError(str(error)) from None
        cleaned["source_text"] = text
        return cleaned


class PlanImportConfirmForm(forms.Form):
    """Step two: the previewed text parsed again and saved in one transaction."""

    plan = forms.ModelChoiceField(
        WorkPlan.objects.filter(status__in=EDITABLE_PLAN_STATES), required=False, widget=forms.HiddenInput
    )
    month = forms.DateField(required=False, widget=forms.HiddenInput)
    source_text = forms.CharField(widget=forms.HiddenInput, strip=False)

    def clean(self):
        cleaned = super().clean()
        try:
            cleaned["parsed"] = parse_plan_text(cleaned.get("source_text", ""), cleaned.get("plan"))
        except BulletinParseError as error:
            raise forms.ValidationError(str(error)) from None
        return cleaned


class ArticleImportForm(forms.Form):
    """从Word导入文章, step one: the .docx, converted (pictures stored) but no article saved."""

    file = forms.FileField(
        label="Word 文档",
        help_text=f"Word 文档（.docx），不超过 {MAX_FILE_BYTES // 1024 // 1024} MB；"
        "标题、正文、小标题、列表、表格和图片都会导入。",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".docx"):
            raise forms.ValidationError(
                "只能导入 Word 文档（.docx）；旧版 .doc 请先在 Word 或 WPS 中另存为 .docx。"
            )
        try:
            self.cleaned_data["converted"] = article_from_docx(upload.read())
        except DocxImportError as error:
            raise forms.ValidationError(str(error)) from None
        return upload


class ArticleImportConfirmForm(forms.Form):
    """Step two: the previewed body as a draft, with its title and column."""

    title = forms.CharField(label="标题", max_length=200)
    column = forms.ModelChoiceField(Column.objects.all(), label="栏目")
    body = forms.CharField(widget=forms.HiddenInput, strip=False)

    def __init__(self, *args, columns=None, **kwargs):
        super().__init__(*args, **kwargs)
        if columns is not None:
            self.fields["column"].queryset = columns
