import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jingzhou_union.settings")

application = get_wsgi_application()

# Cached public pages are answered before Django handles the request (core.page_cache).
from core.page_cache import answer_hits  # noqa: E402  (needs the settings and apps loaded)

application = answer_hits(application)
