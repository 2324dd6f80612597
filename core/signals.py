"""What core's own models change on public pages: the site settings (header and footer)."""

from . import page_cache
from .models import SiteSettings


def connect():
    page_cache.watch(SiteSettings)
