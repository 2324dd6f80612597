"""User accounts in the admin: a password set here (new account, reset) is a temporary one."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm

from .models import IssuedPassword

User = get_user_model()


class IssuedPasswordChangeForm(AdminPasswordChangeForm):
    def save(self, commit=True):
        user = super().save(commit)
        if commit:
            IssuedPassword.issue(user)
        return user


class PortalUserAdmin(UserAdmin):
    change_password_form = IssuedPasswordChangeForm

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            IssuedPassword.issue(obj)


admin.site.unregister(User)
admin.site.register(User, PortalUserAdmin)
