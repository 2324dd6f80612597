"""`manage.py purge_audit_log`: delete audit entries older than AUDIT_RETENTION_DAYS (at least
180 days, 网络安全法 §21); nothing younger is ever deleted. Run it from cron, e.g. monthly."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from audit.models import MINIMUM_RETENTION_DAYS, AuditEntry


class Command(BaseCommand):
    help = "删除保存期（AUDIT_RETENTION_DAYS，至少 180 天）之前的操作日志。"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只统计，不删除。")

    def handle(self, *args, dry_run=False, **options):
        days = settings.AUDIT_RETENTION_DAYS
        if days < MINIMUM_RETENTION_DAYS:
            raise CommandError(
                f"AUDIT_RETENTION_DAYS 为 {days} 天：操作日志至少保存 {MINIMUM_RETENTION_DAYS} 天，"
                "未删除任何记录。"
            )
        cutoff = timezone.now() - timedelta(days=days)
        old = AuditEntry.objects.filter(created_at__lt=cutoff)
        if dry_run:
            self.stdout.write(f"{old.count()} 条 {days} 天前的操作日志可以删除（未删除）。")
            return
        deleted, _ = old.delete()
        self.stdout.write(f"已删除 {deleted} 条 {days} 天前的操作日志。")
