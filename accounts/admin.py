"""User accounts and groups in the admin: a password set here (new account, reset) is a
temporary one; posted group and permission ids are checked (core.admin).

管理员 manage accounts without being superusers: they see and change only accounts that hold
nothing beyond their own rights (never a superuser), cannot make anyone a superuser, and can
grant only the groups and permissions they hold themselves (accounts.rights). The choices are
narrowed on the server, so a crafted POST naming anything else is refused as an invalid choice.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, AdminUserCreationForm
from django.contrib.auth.models import Group

from core.admin import CheckedChoicesAdminMixin

from . import rights
from .models import IssuedPassword

User = get_user_model()


class IssuedPasswordChangeForm(AdminPasswordChangeForm):
    def save(self, commit=True):
        user = super().save(commit)
        if commit:
            IssuedPassword.issue(user)
        return user


class AccountCreationForm(AdminUserCreationForm):
    """A new account with the person's name and e-mail (greetings and reminders use them)."""

    class Meta(AdminUserCreationForm.Meta):
        fields = ("username", "first_name", "email")
        labels = {"first_name": "姓名"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first_name", "email"):
            self.fields[name].required = True
        self.fields["first_name"].help_text = "登录后页面上称呼的姓名，例如 张征军。"
        self.fields["email"].help_text = "到期提醒和督办通知发往此邮箱。"


class PortalUserAdmin(CheckedChoicesAdminMixin, UserAdmin):
    add_form = AccountCreationForm
    change_password_form = IssuedPasswordChangeForm
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "first_name", "email", "usable_password", "password1", "password2"),
                "description": "这里设置的是初始密码：对方首次登录后须先修改密码。",
            },
        ),
    )
    list_display = ("username", "first_name", "email", "is_active", "is_staff", "last_login")

    def get_queryset(self, request):
        return rights.manageable_accounts(request.user, super().get_queryset(request))

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields if request.user.is_superuser else [*fields, "is_superuser"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            kwargs["queryset"] = rights.grantable_groups(request.user)
        elif db_field.name == "user_permissions":
            kwargs["queryset"] = rights.grantable_permissions(request.user).select_related("content_type")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            obj.is_superuser = False  # belt and braces: the field is read-only for them
        super().save_model(request, obj, form, change)
        if not change:
            IssuedPassword.issue(obj)


class PortalGroupAdmin(CheckedChoicesAdminMixin, GroupAdmin):
    list_display = ["name", "role_code"]

    @admin.display(description="角色代码")
    def role_code(self, group):
        role = getattr(group, "role", None)
        return role.code if role else ""

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("role")


admin.site.unregister(User)
admin.site.register(User, PortalUserAdmin)
admin.site.unregister(Group)
admin.site.register(Group, PortalGroupAdmin)
