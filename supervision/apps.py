from django.apps import AppConfig

from core.roles import ADMINISTRATORS, REVIEWERS

# The office for 督办: 审核 and 管理员 urge, confirm completion, decide extensions and rate.
_OFFICE = ["supervise", "view_supervision", "view_assignment", "view_step", "view_reminder"]


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = "督办"
    role_permissions = {REVIEWERS: _OFFICE, ADMINISTRATORS: _OFFICE}

    def ready(self):
        from workplans import task_panels

        from . import signals
        from .panels import SupervisionPanel

        task_panels.register(SupervisionPanel())
        signals.connect()
