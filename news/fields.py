from django_ckeditor_5.fields import CKEditor5Field

from .sanitize import sanitize_html


class RichTextField(CKEditor5Field):
    """CKEditor 5 in forms; sanitized with the portal's allow-list on every save.

    Sanitizing in `pre_save` rather than in a form covers every way a body is written:
    the admin, the importer, fixtures and the shell.
    """

    def pre_save(self, model_instance, add):
        clean = sanitize_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, clean)
        return clean
