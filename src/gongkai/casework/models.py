"""Casework tables.  No business logic here: actions change these rows, selectors read them.

Personal data (the applicant's ID / credit code, contact details) is kept to what the
Regulation requires (Art. 29) and is masked wherever a row is turned into text.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.agencies.models import Agency

from .choices import (
    OPEN_STATUSES,
    ApplicantKind,
    Channel,
    DeliveryRoute,
    EventKind,
    FeeMethod,
    FeeStatus,
    Form,
    LetterKind,
    Status,
)


def mask_identifier(value: str) -> str:
    """`330481********123X`: enough to tell two people apart on screen, not to identify them."""
    if not value:
        return ""
    if len(value) <= 6:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


class Application(models.Model):
    agency = models.ForeignKey(Agency, verbose_name="受理机关", on_delete=models.PROTECT,
                               related_name="applications")
    number = models.CharField("申请编号", max_length=32)
    # the applicant
    applicant_kind = models.CharField("申请人类型（表三列）", max_length=16, choices=ApplicantKind.choices)
    applicant_name = models.CharField("申请人姓名/名称", max_length=100)
    identifier = models.CharField("身份证号码/统一社会信用代码", max_length=18, blank=True)
    contact_phone = models.CharField("联系电话", max_length=32, blank=True)
    contact_address = models.CharField("通信地址", max_length=200, blank=True)
    contact_email = models.CharField("电子邮箱", max_length=100, blank=True)
    # the request
    information_requested = models.TextField("所需政府信息的名称、文号或描述")
    form = models.CharField("获取信息的形式", max_length=16, choices=Form.choices, default=Form.PAPER)
    delivery_route = models.CharField("获取信息的途径", max_length=16, choices=DeliveryRoute.choices,
                                      default=DeliveryRoute.POST)
    channel = models.CharField("申请渠道", max_length=16, choices=Channel.choices)
    # responsibility
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="首问责任人", on_delete=models.PROTECT,
                              related_name="owned_applications")
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="承办人", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="assigned_applications")
    # computed from the event log (denormalised for ordering; recomputed by every action)
    received_on = models.DateField("收到申请之日")
    due_on = models.DateField("答复期限", null=True, blank=True)
    clock_explanation = models.TextField("期限计算说明", blank=True)
    waiting_until = models.DateField("等待至", null=True, blank=True)  # end of a 补正/征求意见/缴费 wait
    # what the case list orders by: the due date, else the end of the current wait, else the
    # receipt date (no calendar: shown early); never null, so one index serves both databases
    sort_on = models.DateField("排序日期")
    clock_error = models.CharField("期限无法计算的原因", max_length=300, blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.RECEIVED)
    # the decision
    # a stable outcome id (gongkai.formats: Format.outcomes); the format of the year maps it to a 表三 row
    outcome = models.CharField("办理结果", max_length=40, blank=True)
    legal_basis = models.CharField("法律依据", max_length=300, blank=True)
    concluded_on = models.DateField("答复日期", null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="批准人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    # 送达
    delivered_on = models.DateField("送达日期", null=True, blank=True)
    delivery_method = models.CharField("送达方式", max_length=16, choices=DeliveryRoute.choices, blank=True)
    delivery_note = models.CharField("送达凭证/备注", max_length=200, blank=True)
    # bookkeeping
    version = models.PositiveIntegerField("版本", default=1)
    intake_key = models.CharField("表单提交标识", max_length=64, null=True, blank=True, unique=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    @property
    def outcome_label(self) -> str:
        from .choices import outcome_label

        return outcome_label(self.outcome, self.concluded_on.year) if self.outcome and self.concluded_on else ""

    class Meta:
        verbose_name = verbose_name_plural = "政府信息公开申请"
        constraints = [models.UniqueConstraint(fields=["agency", "number"], name="application_number_unique")]
        indexes = [
            models.Index(fields=["agency", "status", "sort_on"], name="app_agency_status_sort"),
            # region-wide lists of open cases walk this small index in due order
            models.Index(fields=["sort_on", "agency"], condition=models.Q(status__in=OPEN_STATUSES),
                         name="app_open_sort"),
            # covers table 三's new / carried-over / carried-forward counts (index-only scan)
            models.Index(fields=["agency", "received_on", "concluded_on", "applicant_kind"], name="app_agency_t3"),
            models.Index(fields=["agency", "concluded_on"], name="app_agency_concluded"),
            models.Index(fields=["assignee", "status", "sort_on"], name="app_assignee_status_sort"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.applicant_name[:1]}**"

    @property
    def identifier_masked(self) -> str:
        return mask_identifier(self.identifier)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ClockEvent(models.Model):
    """One event on the Regulation's clock.  Append-only: a wrong event is corrected by an action, not edited."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("事件", max_length=32, choices=EventKind.choices)
    on = models.DateField("日期")
    days = models.PositiveSmallIntegerField("工作日数", null=True, blank=True)  # extension length
    later_date = models.DateField("合理期限/补正期限", null=True, blank=True)  # Art. 35 date, or 补正 period end
    party = models.CharField("征求意见对象", max_length=16, blank=True)  # deadlines.Party value
    override_reason = models.CharField("逾期发出补正告知的理由", max_length=300, blank=True)
    reason = models.CharField("理由/备注", max_length=300, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "期限事件"
        ordering = ["on", "id"]
        indexes = [models.Index(fields=["application", "on"], name="event_app_on")]

    def __str__(self) -> str:
        return f"{self.on} {self.get_kind_display()}"


class Fee(models.Model):
    """信息处理费 (国办函〔2020〕109号): one method per application."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="fee")
    method = models.CharField("计收方式", max_length=16, choices=FeeMethod.choices)
    month_count = models.PositiveIntegerField("当月第几件申请", null=True, blank=True)
    pages = models.PositiveIntegerField("页数", null=True, blank=True)
    amount = models.DecimalField("金额（元）", max_digits=12, decimal_places=2)
    explanation = models.TextField("计费说明", blank=True)
    notice_sent_on = models.DateField("收费通知发出日期")
    pay_by = models.DateField("缴费期限", null=True, blank=True)
    status = models.CharField("缴费状态", max_length=16, choices=FeeStatus.choices, default=FeeStatus.PENDING)
    settled_on = models.DateField("缴费/逾期日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "信息处理费"


class Sequence(models.Model):
    """The last number issued for one agency, year and series (application numbers, each letter kind)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField()
    series = models.CharField(max_length=32)  # "application" or a LetterKind value
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year", "series"], name="sequence_unique")]


def _document_path(instance: Document, filename: str) -> str:
    return f"letters/{instance.agency_id}/{instance.year}/{instance.application_id}/{filename}"


class Document(models.Model):
    """A letter or notice issued on a case, stored as DOCX and PDF."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("文书类型", max_length=32, choices=LetterKind.choices)
    year = models.PositiveSmallIntegerField("年度")
    sequence = models.PositiveIntegerField("序号")
    number = models.CharField("文号", max_length=64)
    template_version = models.CharField("模板版本", max_length=32)
    docx = models.FileField(upload_to=_document_path, blank=True)
    pdf = models.FileField(upload_to=_document_path, blank=True)
    issued_on = models.DateField("出具日期")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "文书"
        constraints = [models.UniqueConstraint(fields=["agency", "year", "kind", "sequence"], name="document_unique")]

    def __str__(self) -> str:
        return f"{self.number} {self.get_kind_display()}"


class AuditEvent(models.Model):
    """Who did what, when, with the before/after values (personal data masked)."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    action = models.CharField("操作", max_length=64)
    summary = models.CharField("说明", max_length=300, blank=True)
    object_type = models.CharField(max_length=32)
    object_id = models.CharField(max_length=64)
    application = models.ForeignKey(Application, null=True, blank=True, on_delete=models.CASCADE,
                                    related_name="audit_events")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "操作记录"
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["application", "at"], name="audit_app_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"


class CalendarYear(models.Model):
    """One version of a year's holiday table, maintained in the platform.

    The newest version of a year wins; older versions stay for the record.
    """

    year = models.PositiveSmallIntegerField("年份")
    version = models.PositiveIntegerField("版本")
    holidays = models.JSONField("法定节假日（ISO 日期）", default=list)
    makeup_workdays = models.JSONField("调休上班日（ISO 日期）", default=list)
    names = models.JSONField("节日名称（ISO 日期 → 名称）", default=dict)
    source = models.CharField("来源", max_length=300)
    notice_text = models.TextField("通知原文", blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "节假日安排"
        constraints = [models.UniqueConstraint(fields=["year", "version"], name="calendar_year_version")]
        ordering = ["year", "-version"]

    def __str__(self) -> str:
        return f"{self.year}年 第{self.version}版"
