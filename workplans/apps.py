from django.apps import AppConfig

from core.roles import ADMINISTRATORS, ALL_ACTIONS, EDIT_ACTIONS, EDITORS, REVIEWERS, codenames

# An item's leaders and departments are rows of their own: whoever edits items edits them.
_EDITING = [
    *codenames(["workplan", "planitem"], EDIT_ACTIONS),
    *codenames(["planitemleader", "planitemdepartment"], ALL_ACTIONS),
    "view_leader",
    "view_department",
]


class WorkplansConfig(AppConfig):
    name = "workplans"
    verbose_name = "工作计划"
    # 编辑 draft plans and submit them; 审核 and 管理员 also publish them (workplans.planning).
    role_permissions = {
        EDITORS: _EDITING,
        REVIEWERS: [*_EDITING, "publish_workplan"],
        ADMINISTRATORS: [
            *codenames(
                ["workplan", "planitem", "planitemleader", "planitemdepartment", "leader", "department"],
                ALL_ACTIONS,
            ),
            "publish_workplan",
        ],
    }

    def ready(self):
        from bulletins import pages

        from .bulletin_parts import PlanInBulletin

        pages.register(PlanInBulletin())

        from core import private_files

        from .models import ProgressReport

        private_files.register("reports", ProgressReport.authorize_download)

        from . import signals

        signals.connect()
