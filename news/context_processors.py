from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from .models import ColumnTree, SiteSettings


def portal(request):
    """What every public page's header and footer need; lazy, so the admin pays nothing."""
    return {
        "today": timezone.localdate(),
        "site": SimpleLazyObject(lambda: SiteSettings.for_request(request)),
        "column_tree": SimpleLazyObject(lambda: ColumnTree.for_request(request)),
    }
