from django.contrib.auth.views import LoginView
from django.http import HttpResponse
from django.urls import reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


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
    """"继续使用" in the idle warning: this request itself moves the session's end (the session
    is saved on every request); 204 while signed in, 401 once the session has ended."""
    return HttpResponse(status=204 if request.user.is_authenticated else 401)
