from django.contrib.auth.views import LoginView
from django.urls import reverse_lazy


class SignInView(LoginView):
    """The portal's sign-in page; after it, people land on 我的任务."""

    next_page = reverse_lazy("workplans:my_tasks")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # LoginView adds Django's current Site as "site", hiding the portal's SiteSettings
        # (the context processor's "site") that base.html reads.
        del context["site"], context["site_name"]
        return context
