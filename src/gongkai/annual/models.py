"""ReportLock: a year an agency has reported.  Its table 三 is frozen as interchange JSON."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.agencies.models import Agency


class ReportLock(models.Model):
    agency = models.ForeignKey(Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="report_locks")
    year = models.PositiveSmallIntegerField("年度")
    table3 = models.JSONField("锁定时的表三（cells.md JSON）")
    locked_at = models.DateTimeField("锁定时间", auto_now_add=True)
    locked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "年报锁定"
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="report_lock_unique")]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}年度（已锁定）"
