from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Department, Leader, WorkPlan


class PlanIndexSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return ["workplans:index"]

    def location(self, item):
        return reverse(item)


class PlanSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return WorkPlan.objects.published().order_by("-month", "pk")


class LeaderSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Leader.objects.active()


class DepartmentSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Department.objects.active()


sitemaps = {
    "plans-index": PlanIndexSitemap, "plans": PlanSitemap, "leaders": LeaderSitemap,
    "departments": DepartmentSitemap,
}
