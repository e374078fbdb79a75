"""The year's report as the platform keeps it.

- ``ReportLock``: a year an agency has reported.  Its ``table3`` field holds the whole report
  as locked (cells.md JSON with the sections — the name predates 表二 and 表四), the findings at
  that moment and, when it was locked with errors, the written reason.  Casework refuses changes
  to a locked year's 表三; `annual.guard` does the same for 表二, 表四 and the sections.
- ``Table2Entry``: one 表二 figure typed or imported, with its source.
- ``AnnualReport``: the draft's own text (the six sections) and a pending correction's reason.
- ``Publication``: a published version with its files; a correction is a new version.
- ``PreviousYearDocument``: last year's report uploaded as a document (read by the readers) for
  the cross-year checks, when the platform holds no locked report for that year.
- ``ReportReminder``: a due-date reminder (31 January / 31 March) already given.

No business logic here: the ``do_*`` actions change these rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.agencies.models import Agency
from gongkai.web.uploads import private_storage


class ReportLock(models.Model):
    agency = models.ForeignKey(Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="report_locks")
    year = models.PositiveSmallIntegerField("年度")
    table3 = models.JSONField("锁定时的年报（cells.md JSON，含正文）")
    findings = models.JSONField("锁定时的检查结果", default=list, blank=True)
    error_count = models.PositiveIntegerField("锁定时的错误数", default=0)
    reason = models.CharField("带错误锁定的理由", max_length=500, blank=True)
    locked_at = models.DateTimeField("锁定时间", auto_now_add=True)
    locked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "年报锁定"
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="report_lock_unique")]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}年度（已锁定）"


class Table2Entry(models.Model):
    """A 表二 figure kept by another system (行政许可、处罚、强制、收费 …), typed or imported."""

    agency = models.ForeignKey(Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    address = models.CharField("单元格", max_length=200)
    value = models.DecimalField("数值", max_digits=20, decimal_places=4)
    source = models.CharField("来源", max_length=200)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField("录入时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "表二数据"
        constraints = [models.UniqueConstraint(fields=["agency", "year", "address"], name="table2_entry_unique")]

    def __str__(self) -> str:
        return f"{self.agency} {self.year} {self.address}"


class AnnualReport(models.Model):
    agency = models.ForeignKey(Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    sections = models.JSONField("正文（部分序号 → 文字）", default=dict, blank=True)
    correction_reason = models.CharField("待发布的更正原因", max_length=500, blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "年报草稿"
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="annual_report_unique")]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}年度年报"


def _publication_path(instance: Publication, filename: str) -> str:
    return f"annual/{instance.agency_id}/{instance.year}/v{instance.number}/{filename}"


class Publication(models.Model):
    agency = models.ForeignKey(Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="publications")
    year = models.PositiveSmallIntegerField("年度")
    number = models.PositiveSmallIntegerField("版本号")
    report = models.JSONField("发布的年报（cells.md JSON，含正文）")
    reason = models.CharField("更正原因", max_length=500, blank=True)
    lock = models.ForeignKey(ReportLock, null=True, blank=True, on_delete=models.SET_NULL, related_name="publications")
    pdf = models.FileField(storage=private_storage, upload_to=_publication_path, max_length=300)
    docx = models.FileField(storage=private_storage, upload_to=_publication_path, max_length=300)
    xlsx = models.FileField(storage=private_storage, upload_to=_publication_path, max_length=300)
    html = models.FileField(storage=private_storage, upload_to=_publication_path, max_length=300)
    published_at = models.DateTimeField("发布时间", auto_now_add=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    superseded_at = models.DateTimeField("被更正时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "年报发布版本"
        ordering = ["agency", "-year", "-number"]
        constraints = [models.UniqueConstraint(fields=["agency", "year", "number"], name="publication_unique")]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}年度年报 第{self.number}版"

    @property
    def superseded(self) -> bool:
        return self.superseded_at is not None


def _previous_path(instance: PreviousYearDocument, filename: str) -> str:
    return f"annual/{instance.agency_id}/previous/{instance.year}/{filename}"


class PreviousYearDocument(models.Model):
    """A report of `year` uploaded by the agency (a year before gongkai, or published elsewhere)."""

    agency = models.ForeignKey(Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    file = models.FileField(storage=private_storage, upload_to=_previous_path, max_length=300)
    name = models.CharField("文件名", max_length=200)
    report = models.JSONField("读取结果（cells.md JSON）")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "上年年报文件"
        ordering = ["-uploaded_at", "-id"]


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", "即将到期"
    OVERDUE = "overdue", "已逾期"


class ReportReminder(models.Model):
    agency = models.ForeignKey(Agency, verbose_name="机关", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("报告年度")
    kind = models.CharField("提醒", max_length=16, choices=ReminderKind.choices)
    due_on = models.DateField("发布期限")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "年报期限提醒"
        ordering = ["due_on", "agency"]
        constraints = [models.UniqueConstraint(fields=["agency", "year", "kind"], name="report_reminder_unique")]
