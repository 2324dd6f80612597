"""A signed-in account with a password an administrator set goes to the password change page
first (accounts.models.IssuedPassword)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

SESSION_KEY = "accounts_must_change_password"


def _allowed_paths():
    names = ["password_change", "password_change_done", "logout", "session_alive",
             "admin:password_change", "admin:password_change_done", "admin:logout"]
    return {reverse(name) for name in names}


class PasswordChangeRequiredMiddleware:
    """Costs nothing unless the sign-in marked the session (accounts.signals); the mark goes as
    soon as the password is no longer the issued one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.session.get(SESSION_KEY):
            from .models import IssuedPassword

            if not IssuedPassword.must_change(request.user):
                del request.session[SESSION_KEY]
            elif request.path not in _allowed_paths():
                messages.warning(request, "您的密码是管理员设置的初始密码，请先修改密码后再继续使用。")
                in_admin = request.path.startswith(reverse("admin:index"))
                return redirect("admin:password_change" if in_admin else "password_change")
        return self.get_response(request)
