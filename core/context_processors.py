from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from .models import SiteSettings


def site(request):
    """The date and site settings every page's header and footer show; lazy, so pages that
    do not show them pay nothing."""
    return {
        "today": timezone.localdate(),
        "site": SimpleLazyObject(lambda: SiteSettings.for_request(request)),
    }
