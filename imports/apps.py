from django.apps import AppConfig


class ImportsConfig(AppConfig):
    """导入: bulletins and their work plans from the office's .docx and .txt originals."""

    name = "imports"
    verbose_name = "导入"
