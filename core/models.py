from django.core.validators import RegexValidator
from django.db import models

from . import page_cache
from .request_cache import once_per_request

digits_only = RegexValidator(r"^[0-9]*$", "只能填写数字。")


class SiteSettings(models.Model):
    """The one row of site-wide settings the office maintains in the admin (footer, names)."""

    site_name = models.CharField("网站名称", max_length=100, default="荆州市总工会")
    description = models.CharField(
        "网站简介", max_length=200, blank=True, help_text="搜索引擎显示的首页描述。"
    )
    host_organization = models.CharField("主办单位", max_length=100, default="荆州市总工会")
    address = models.CharField("地址", max_length=200, blank=True)
    hotline = models.CharField("热线电话", max_length=50, blank=True)
    postcode = models.CharField("邮编", max_length=10, blank=True, validators=[digits_only])
    qq = models.CharField("QQ", max_length=20, blank=True, validators=[digits_only])
    icp_number = models.CharField(
        "ICP备案号", max_length=50, blank=True, help_text="例如 鄂ICP备12004590号-1"
    )
    police_record_number = models.CharField(
        "公安备案号", max_length=50, blank=True, help_text="例如 鄂公网安备 42100202000123号"
    )
    site_code = models.CharField("网站标识码", max_length=20, blank=True)
    domain = models.CharField(
        "网站域名",
        max_length=100,
        blank=True,
        help_text="例如 www.jzszgh.org，填入网页的 SiteDomain 标签；留空时取访问时的域名。",
    )
    # The column monitor (政府网站检查: no home-page update for two weeks, blank columns,
    # columns that should update and have not).
    home_stale_days = models.PositiveIntegerField(
        "首页未更新警示天数", default=14, help_text="首页栏目超过这么多天没有新文章时提醒办公室。"
    )
    blank_columns_limit = models.PositiveIntegerField(
        "空白栏目上限", default=5, help_text="没有任何公开文章的栏目超过这个数目时提醒办公室。"
    )
    monitor_emails = models.TextField(
        "栏目监测报告收件人",
        blank=True,
        help_text="每周栏目监测报告发往这些邮箱，每行一个；留空则不发送。",
    )
    review_levels = models.PositiveSmallIntegerField(
        "审核级数",
        choices=[(1, "一级审核（审核人员审核通过即发布）"), (2, "两级审核（初审，再由签发人员终审后发布）")],
        default=1,
        help_text="两级审核时，审核人员初审通过后，须由“签发”组的人员终审签发才会发布。",
    )

    class Meta:
        verbose_name = "网站设置"
        verbose_name_plural = "网站设置"

    def __str__(self):
        return "网站设置"

    def save(self, *args, **kwargs):
        self.pk = 1  # a single row: editing always updates the same settings
        super().save(*args, **kwargs)

    @classmethod
    def load(cls):
        settings, _ = cls.objects.get_or_create(pk=1)
        return settings

    @classmethod
    def for_request(cls, request):
        """The settings the pages show: kept for the content generation (saving them starts a
        new one, core.signals), and read at most once per request."""
        return once_per_request(request, "site_settings", cls.current)

    @classmethod
    def current(cls):
        return page_cache.remember("site-settings", cls.load)

    @property
    def monitor_recipients(self):
        return [line.strip() for line in self.monitor_emails.splitlines() if line.strip()]

    @property
    def police_record_code(self):
        """The digits of the 公安备案号, which the public-security record site's link needs."""
        return "".join(ch for ch in self.police_record_number if ch.isdigit())


class Role(models.Model):
    """Which group plays one of the office's roles (core.roles): the group is found by this
    stable code, so renaming it in the admin keeps its people in their role."""

    code = models.CharField("角色代码", max_length=20, unique=True, editable=False)
    group = models.OneToOneField(
        "auth.Group", verbose_name="用户组", on_delete=models.CASCADE, related_name="role"
    )

    class Meta:
        verbose_name = "角色"
        verbose_name_plural = "角色"

    def __str__(self):
        return f"{self.code}（{self.group.name}）"
