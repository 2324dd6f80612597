"""Sign-in for leaders and department staff: Django's auth views with the portal's templates.

Mounted at /accounts/ without a namespace, so the names are Django's own (login, logout,
password_change, password_change_done). The password templates have their own names because
the admin renders Django's default ones (registration/password_change_*.html) for itself.
"""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from .views import SignInView, session_alive

urlpatterns = [
    path("login/", SignInView.as_view(), name="login"),
    path("session/", session_alive, name="session_alive"),
    path("logout/", auth_views.LogoutView.as_view(next_page=reverse_lazy("news:home")), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(template_name="registration/change_password.html"),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="registration/change_password_done.html"
        ),
        name="password_change_done",
    ),
]
