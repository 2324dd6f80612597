from django.contrib.auth.views import LoginView
from django.http import HttpResponse
from django.urls import reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.middleware import renew_session


class SignInView(LoginView):
    """The portal's sign-in page; after it, people land on 我的任务."""

    next_page = reverse_lazy("workplans:my_tasks")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # LoginView adds Django's current Site as "site", hiding the portal's SiteSettings
        # (the context processor's "site") that base.html reads.
        del context["site"], context["site_name"]
        return context


@never_cache
@require_GET
def session_alive(request):
    """"继续使用" in the idle warning: moves the session's end; 204 while signed in, 401 once
    the session has ended."""
    if not request.user.is_authenticated:
        return HttpResponse(status=401)
    renew_session(request.session, force=True)
    return HttpResponse(status=204)
