"""What the supervising office (公开办) holds for a region's year.

- `Batch`: one upload (a document or a ZIP of many) for a government's region and a year.
- `Document`: one uploaded report file; read in the background; accepted as a *version* of an
  agency-year's report, or refused with a Chinese reason (the file is kept either way).
- `Correction`: the office's correction of a misread cell, with its note.  Kept apart from what the
  document says (`Document.report` is never edited).
- `Entry`: the office's view of one agency-year — where its report comes from (an upload or the
  platform), when it arrived, and the findings counted against it.  Denormalised so that the
  region's year page is one query; refreshed by `supervision.review.refresh_entry`.
- `TrackedFinding`: a finding sent back to an agency, with its status across versions.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.agencies.models import Agency


class DocumentState(models.TextChoices):
    QUEUED = "queued", "排队待读"
    READING = "reading", "读取中"
    READ = "read", "已读取"
    REFUSED = "refused", "未采用"


class Batch(models.Model):
    government = models.ForeignKey(Agency, verbose_name="区域（政府）", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    name = models.CharField("上传文件名", max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    message = models.CharField("整包说明", max_length=500, blank=True)  # e.g. a ZIP refused whole

    class Meta:
        verbose_name = verbose_name_plural = "上传批次"
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.year}年度）"


class Document(models.Model):
    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="documents")
    government = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    # The agency the uploader named (an agency's own upload, or the office's choice), and the one
    # the report was accepted for.
    expected_agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="uploaded_reports")
    name = models.CharField("文件名", max_length=255)
    path = models.CharField(max_length=300)  # in private storage
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    kind = models.CharField("类型", max_length=10, blank=True)  # the readers' kind: text, html, docx, pdf, doc
    state = models.CharField("状态", max_length=10, choices=DocumentState.choices, default=DocumentState.QUEUED)
    message = models.CharField("说明", max_length=500, blank=True)
    received_on = models.DateField("报送日期")
    version = models.PositiveSmallIntegerField("版本", null=True, blank=True)
    current = models.BooleanField("当前版本", default=False)
    report = models.JSONField("读取结果（cells.md JSON）", null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    read_ms = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "上传的年报"
        ordering = ["id"]
        indexes = [models.Index(fields=["government", "year", "state"], name="sup_doc_region_state"),
                   models.Index(fields=["agency", "year", "current"], name="sup_doc_agency_year")]
        constraints = [models.UniqueConstraint(fields=["agency", "year"], condition=models.Q(current=True),
                                               name="sup_doc_one_current")]

    def __str__(self) -> str:
        return self.name


class Correction(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="corrections")
    address = models.CharField("单元格", max_length=300)
    value = models.CharField("更正后的值", max_length=40, blank=True)  # "" = blank
    note = models.CharField("更正说明", max_length=500)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "单元格更正"
        constraints = [models.UniqueConstraint(fields=["document", "address"], name="sup_correction_unique")]


class Source(models.TextChoices):
    NONE = "", "无"
    UPLOAD = "upload", "上传"
    PLATFORM = "platform", "平台生成"


class Entry(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    source = models.CharField(max_length=10, choices=Source.choices, blank=True)
    document = models.ForeignKey(Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    platform_state = models.CharField(max_length=12, blank=True)
    platform_mark = models.CharField(max_length=64, blank=True)  # what the platform's report was when checked
    received_on = models.DateField(null=True, blank=True)
    report = models.JSONField(null=True, blank=True)  # the report as checked (corrections applied)
    errors = models.PositiveSmallIntegerField(default=0)
    warnings = models.PositiveSmallIntegerField(default=0)
    infos = models.PositiveSmallIntegerField(default=0)
    cross_year = models.PositiveSmallIntegerField(default=0)
    doubtful = models.PositiveSmallIntegerField(default=0)  # findings resting on the reader's doubt
    unknown_cells = models.PositiveSmallIntegerField(default=0)
    inferred_cells = models.PositiveSmallIntegerField(default=0)
    open_findings = models.PositiveSmallIntegerField(default=0)
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "机关年度报告"
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="sup_entry_unique")]
        indexes = [models.Index(fields=["year", "agency"], name="sup_entry_year")]


class FindingStatus(models.TextChoices):
    OPEN = "open", "待处理"
    EXPLAINED = "explained", "已说明"
    FIXED = "fixed", "已改正"
    DISMISSED = "dismissed", "不予采纳"


class TrackedFinding(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    key = models.CharField(max_length=300)  # rule|table|member: the same finding across versions
    rule = models.CharField(max_length=8)
    severity = models.CharField(max_length=8)
    message = models.TextField()
    cells = models.JSONField(default=list)
    left = models.CharField(max_length=40, blank=True)
    right = models.CharField(max_length=40, blank=True)
    counted = models.BooleanField(default=True)  # False: it rests on a cell the reader was unsure of
    present = models.BooleanField(default=True)  # found in the current version
    first_version = models.PositiveSmallIntegerField(default=0)  # 0 = the platform's report
    last_version = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=10, choices=FindingStatus.choices, default=FindingStatus.OPEN)
    reason = models.CharField("说明或理由", max_length=1000, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "审查意见"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["agency", "year", "key"], name="sup_finding_unique")]
