"""Casework tables.  No business logic here: actions change these rows, selectors read them.

Personal data (the applicant's ID / credit code, contact details) is kept to what the
Regulation requires (Art. 29) and is masked wherever a row is turned into text.  Every row
here is written by `gongkai.casework.actions` only (a lint test enforces it).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai.agencies.models import Agency

from .choices import (
    OPEN_STATUSES,
    ApplicantKind,
    AttachmentKind,
    Channel,
    DeliveryRoute,
    DocumentState,
    EventKind,
    FeeMethod,
    FeeStatus,
    Form,
    IdDocument,
    LetterKind,
    Source,
    Status,
    SubmissionKind,
)
from .storage import case_files


def mask_identifier(value: str) -> str:
    """`330481********123X`: enough to tell two people apart on screen, not to identify them."""
    if not value:
        return ""
    if len(value) <= 6:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


# Lengths of the text a person types (forms and actions refuse longer input before saving).
NAME_MAX = 100
REQUEST_MAX = 5000
NOTE_MAX = 300
LONG_NOTE_MAX = 2000


class Application(models.Model):
    agency = models.ForeignKey(Agency, verbose_name="受理机关", on_delete=models.PROTECT,
                               related_name="applications")
    number = models.CharField("申请编号", max_length=48)  # the agency's code, the year, a sequence
    # the applicant
    applicant_kind = models.CharField("申请人类型（表三列）", max_length=16, choices=ApplicantKind.choices)
    applicant_name = models.CharField("申请人姓名/名称", max_length=NAME_MAX)
    identifier = models.CharField("身份证号码/统一社会信用代码", max_length=32, blank=True)
    id_document = models.CharField("身份证件类型", max_length=16, choices=IdDocument.choices, default="",
                                   blank=True)
    contact_phone = models.CharField("联系电话", max_length=32, blank=True)
    contact_address = models.CharField("通信地址", max_length=200, blank=True)
    contact_email = models.CharField("电子邮箱", max_length=100, blank=True)
    # the request
    information_requested = models.TextField("所需政府信息的名称、文号或描述")
    form = models.CharField("获取信息的形式", max_length=16, choices=Form.choices, default=Form.PAPER)
    delivery_route = models.CharField("获取信息的途径", max_length=16, choices=DeliveryRoute.choices,
                                      default=DeliveryRoute.POST)
    channel = models.CharField("申请渠道", max_length=16, choices=Channel.choices)
    source = models.CharField("来源", max_length=16, choices=Source.choices, default=Source.STAFF)
    # responsibility
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="首问责任人", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="owned_applications")
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="承办人", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="assigned_applications")
    # a re-handling ordered by a reconsideration decision or a judgment, in a later year
    reopened_from = models.ForeignKey("self", verbose_name="原申请", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="rehandlings")
    # dates: the day it arrived, and the Art. 31 receipt date (signed for / confirmed)
    submitted_on = models.DateField("提交（到达）日期", null=True, blank=True)
    received_on = models.DateField("收到申请之日")
    # computed from the event log (denormalised for ordering; recomputed by every action)
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
            models.Index(fields=["owner", "status"], name="app_owner_status"),
            # overdue and due-soon counts and lists: a range over the open cases' due dates only
            models.Index(fields=["due_on", "agency"], condition=models.Q(status__in=OPEN_STATUSES),
                         name="app_open_due"),
            models.Index(fields=["number"], name="app_number"),
            # "all cases, newest first" over a region: walk receipt dates backwards, agency in the index
            models.Index(fields=["received_on", "agency"], name="app_received_agency"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.applicant_name[:1]}**"

    @property
    def identifier_masked(self) -> str:
        return mask_identifier(self.identifier)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_person(self) -> bool:
        return self.applicant_kind == ApplicantKind.NATURAL


class ClockEvent(models.Model):
    """One event on the Regulation's clock.

    Append-only: a wrong event is not edited.  Two exceptions, each an audited action of its
    own: the day the other side received the letter of this event (`party_received_on`,
    filled once when the receipt comes back) and a corrected receipt date (registration
    correction, which moves the RECEIVED event with its reason on the record).
    """

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("事件", max_length=32, choices=EventKind.choices)
    on = models.DateField("日期")
    days = models.PositiveSmallIntegerField("工作日数", null=True, blank=True)  # extension length, 补正 period
    later_date = models.DateField("合理期限/补正期限", null=True, blank=True)  # Art. 35 date, or 补正 deadline
    party = models.CharField("征求意见对象", max_length=16, blank=True)  # deadlines.Party value
    # the day the applicant (补正告知书, 收费通知) or the consulted party (征求意见函) received it
    party_received_on = models.DateField("对方收到日期", null=True, blank=True)
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
    pay_by = models.DateField("缴费期限", null=True, blank=True)  # the clock's: 20 working days after receipt
    status = models.CharField("缴费状态", max_length=16, choices=FeeStatus.choices, default=FeeStatus.PENDING)
    settled_on = models.DateField("缴费/逾期日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "信息处理费"


class Sequence(models.Model):
    """The last number issued for one agency, year and series (application numbers, each letter kind)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField()
    series = models.CharField(max_length=32)  # "application" or a letter series
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year", "series"], name="sequence_unique")]


def _document_path(instance: Document, filename: str) -> str:
    return f"letters/{instance.agency_id}/{instance.year}/{instance.application_id}/{filename}"


class Document(models.Model):
    """A letter or notice a step makes, stored as DOCX and PDF outside the web root.

    Made in the same transaction as its step: *pending* when it cannot be issued yet (the
    reason is kept; it can be issued from the case page once the cause is gone), or *issued*:
    numbered in its date's year, its letter text fixed (``context``).  The files are rendered
    from that context after the transaction, outside any lock; until they exist the case page
    says "正在出具" and they can be rendered again at any time.
    """

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    event = models.ForeignKey(ClockEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField("文书类型", max_length=32, choices=LetterKind.choices)
    state = models.CharField("状态", max_length=16, choices=DocumentState.choices, default=DocumentState.ISSUED)
    problem = models.CharField("未能出具的原因", max_length=300, blank=True)
    context = models.JSONField("文书内容", default=dict, blank=True)  # what the letter says (re-rendered from it)
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    sequence = models.PositiveIntegerField("序号", null=True, blank=True)
    number = models.CharField("文号", max_length=64, blank=True)
    template_version = models.CharField("模板版本", max_length=32, blank=True)
    docx = models.FileField(upload_to=_document_path, storage=case_files, blank=True, max_length=200)
    pdf = models.FileField(upload_to=_document_path, storage=case_files, blank=True, max_length=200)
    render_error = models.CharField("生成文件失败的原因", max_length=300, blank=True)
    issued_on = models.DateField("出具日期")  # the step's date: the letter is dated on it
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "文书"
        constraints = [
            models.UniqueConstraint(fields=["agency", "number"], condition=~Q(number=""), name="document_number_unique"),
            # one letter of a kind per step: a re-posted step can never issue a second one
            models.UniqueConstraint(fields=["event", "kind"], name="document_one_per_event"),
        ]
        indexes = [models.Index(fields=["number"], name="document_number")]

    def __str__(self) -> str:
        return f"{self.number or '（待出具）'} {self.get_kind_display()}"

    @property
    def rendered(self) -> bool:
        return bool(self.pdf and self.docx)


class AuditEvent(models.Model):
    """Who did what, when, with the before/after values (personal data masked).

    ``key`` is the submitting form's one-time key: the database refuses a second event with
    the same key, so a re-posted form can never act twice."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    via = models.CharField("途径", max_length=16, choices=Source.choices, default=Source.STAFF)
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
    key = models.CharField("表单提交标识", max_length=64, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = verbose_name_plural = "操作记录"
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["application", "at"], name="audit_app_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"


def _attachment_path(instance: Attachment, filename: str) -> str:
    return f"attachments/{instance.agency_id}/{instance.application_id}/{filename}"


class Attachment(models.Model):
    """A file on a case (envelope, ID copy, 补正 materials, opinions, proof of delivery).

    Stored outside the web root under a random name; served only by a view that checks the
    agency's access rules and audits the download.  The original file name may itself be
    personal data: it is shown to the case's own staff and never written to logs or audit."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("材料类型", max_length=24, choices=AttachmentKind.choices)
    file = models.FileField(upload_to=_attachment_path, storage=case_files, max_length=200)
    original_name = models.CharField("原文件名", max_length=200)
    content_kind = models.CharField("文件格式", max_length=16)  # gongkai.web.uploads kind, by content
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField(max_length=64)
    note = models.CharField("说明", max_length=NOTE_MAX, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "附件"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.application_id}）"


class ApplicantSubmission(models.Model):
    """What an applicant sent on the portal about their own case: a 补正 reply or a payment
    confirmation (its files are Attachments of the case, uploaded in the same step)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="submissions")
    kind = models.CharField("类型", max_length=16, choices=SubmissionKind.choices)
    text = models.TextField("内容", blank=True)
    paid_on = models.DateField("缴费日期", null=True, blank=True)
    attachments = models.ManyToManyField(Attachment, blank=True, related_name="+")
    submitted_at = models.DateTimeField("提交时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "申请人网上提交"
        ordering = ["submitted_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.application_id}）"


class SearchEntry(models.Model):
    """What search finds a case by: its words as tokens (`casework.search`), one row per case.

    SQLite indexes it with an FTS5 table kept by triggers, PostgreSQL with a GIN index over a
    stored column ``tsv = to_tsvector('simple', document)`` (migration 0008; the model does not
    declare it: the database fills it).  Written by the actions in the same transaction as the case."""

    application = models.OneToOneField(Application, primary_key=True, on_delete=models.CASCADE,
                                       related_name="search_entry")
    document = models.TextField()

    class Meta:
        verbose_name = verbose_name_plural = "检索索引"


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


class ScheduledRun(models.Model):
    """A daily job that ran (or is running) for a day: claimed by inserting the row, so two
    workers never run it twice."""

    name = models.CharField(max_length=64)
    day = models.DateField()
    started_at = models.DateTimeField(auto_now_add=True)
    result = models.JSONField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "day"], name="scheduled_run_once")]
