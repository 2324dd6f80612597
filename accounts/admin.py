"""User accounts and groups in the admin: a password set here (new account, reset) is a
temporary one; posted group and permission ids are checked (core.admin)."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.contrib.auth.models import Group

from core.admin import CheckedChoicesAdminMixin

from .models import IssuedPassword

User = get_user_model()


class IssuedPasswordChangeForm(AdminPasswordChangeForm):
    def save(self, commit=True):
        user = super().save(commit)
        if commit:
            IssuedPassword.issue(user)
        return user


class PortalUserAdmin(CheckedChoicesAdminMixin, UserAdmin):
    change_password_form = IssuedPasswordChangeForm

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            IssuedPassword.issue(obj)


class PortalGroupAdmin(CheckedChoicesAdminMixin, GroupAdmin):
    pass


admin.site.unregister(User)
admin.site.register(User, PortalUserAdmin)
admin.site.unregister(Group)
admin.site.register(Group, PortalGroupAdmin)
