"""The admin site: models grouped by task on the index and in the sidebar, and the review
counts each user needs at the top of the index."""

from django.contrib import admin
from django.urls import reverse

# (group name, the app labels and model labels it takes); models no group names fall into
# the last group.
TASK_GROUPS = [
    ("内容发布", {"news", "bulletins"}),
    ("工作计划", {"workplans"}),
    ("系统设置", set()),
]


class PortalAdminSite(admin.AdminSite):
    site_header = "荆州市总工会网站管理"
    site_title = "荆州市总工会网站管理"
    index_title = "管理首页"
    index_template = "admin/portal_index.html"

    def get_app_list(self, request, app_label=None):
        if app_label is not None:  # an app's own index page stays as Django builds it
            return super().get_app_list(request, app_label)
        groups = {name: [] for name, _ in TASK_GROUPS}
        for app in super().get_app_list(request):
            for model in app["models"]:
                label = f"{app['app_label']}.{model['object_name'].lower()}"
                name = next(
                    (name for name, members in TASK_GROUPS
                     if label in members or app["app_label"] in members),
                    TASK_GROUPS[-1][0],
                )
                groups[name].append(model)
        return [
            {
                "name": name,
                "app_label": f"group-{index}",
                "app_url": models[0]["admin_url"] or "",
                "has_module_perms": True,
                "models": models,
            }
            for index, (name, models) in enumerate(groups.items())
            if models
        ]

    def index(self, request, extra_context=None):
        from news.models import Article
        from news.monitor import column_report
        from workplans.models import WorkPlan

        changelist = reverse("admin:news_article_changelist", current_app=self.name)
        counts = []
        if request.user.has_perm("news.publish_article"):
            count = Article.objects.awaiting_review().count()
            counts.append(("待我审核", count, f"{changelist}?review=pending"))
        if request.user.has_perm("news.change_article"):
            count = Article.objects.returned_to(request.user).count()
            counts.append(("被退回", count, f"{changelist}?review=returned"))
        counts = [(label, count, url, "篇") for label, count, url in counts]
        plans = reverse("admin:workplans_workplan_changelist", current_app=self.name)
        if request.user.has_perm("workplans.publish_workplan"):
            count = WorkPlan.objects.filter(status=WorkPlan.Status.PENDING).count()
            counts.append(("待审核的工作计划", count, f"{plans}?status__exact=pending", "个"))
        elif request.user.has_perm("workplans.change_workplan"):
            count = WorkPlan.objects.filter(status=WorkPlan.Status.RETURNED).count()
            counts.append(("被退回的工作计划", count, f"{plans}?status__exact=returned", "个"))
        # 栏目监测: blank and overdue columns, for those who look after the columns.
        monitor = column_report() if request.user.has_perm("news.view_column") else None
        return super().index(
            request, {"review_counts": counts, "monitor": monitor, **(extra_context or {})}
        )
