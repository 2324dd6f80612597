from django.apps import AppConfig

from core.roles import ADMINISTRATORS


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "操作日志"
    role_permissions = {ADMINISTRATORS: ["view_auditentry"]}

    def ready(self):
        from . import signals  # noqa: F401  (connects the sign-in receivers)
