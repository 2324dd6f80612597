from django import forms

from bulletins.models import BulletinSeries
from news.models import Column

from .docx_article import DocxImportError, article_from_docx
from .parser import BulletinParseError, parse_bulletin
from .sources import MAX_FILE_BYTES, bulletin_text_from_file


class BulletinImportForm(forms.Form):
    """Step one of the import: a file or pasted text, read and parsed but not saved."""

    series = forms.ModelChoiceField(
        BulletinSeries.objects.all(), label="刊物", empty_label=None,
        help_text="导入的一期将归入此刊物；期号取自原文。",
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


class BulletinImportConfirmForm(forms.Form):
    """Step two: the text the editor previewed, parsed again and saved in one transaction."""

    series = forms.ModelChoiceField(BulletinSeries.objects.all(), widget=forms.HiddenInput)
    source_text = forms.CharField(widget=forms.HiddenInput, strip=False)

    def clean(self):
        cleaned = super().clean()
        try:
            cleaned["parsed"] = parse_bulletin(cleaned.get("source_text", ""))
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
