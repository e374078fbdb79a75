"""The catalogue (政府信息公开目录): items, their review history, attachments, each agency's
settings (index-number scheme, the year its catalogue is complete from), import batches, and
the guide's own particulars and editions.

Rules live in the actions (`publishing.actions`); the database keeps the few that must hold
whatever writes it: nothing public without a recorded review, dates in order, one index
number and one 文号 per item.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from gongkai.agencies.models import Agency

from .choices import PUBLIC_STATUSES, ArticleItem, DocKind, Status

DEFAULT_INDEX_TEMPLATE = "{agency}/{category}/{year}/{serial}"


class CatalogueSettings(models.Model):
    """One agency's catalogue: how its index numbers are made, and whether 表二 may count it."""

    agency = models.OneToOneField(Agency, verbose_name="机关", on_delete=models.PROTECT,
                                  related_name="catalogue_settings")
    index_template = models.CharField(
        "索引号格式", max_length=100, default=DEFAULT_INDEX_TEMPLATE,
        help_text="可用 {agency}（机关标识）、{category}（公开事项代码）、{year}（发布年度）、{serial}（流水号）；"
                  "必须含 {agency} 和 {serial}")
    index_agency_code = models.CharField("索引号中的机关标识", max_length=32, blank=True,
                                         help_text="如组织机构代码；留空则用机关代码")
    serial_width = models.PositiveSmallIntegerField("流水号位数", default=5)
    counts_from_year = models.PositiveSmallIntegerField(
        "目录完整起始年度", null=True, blank=True,
        help_text="自该年度起本机关的规章、规范性文件全部在本平台目录中，年报表二据此计算；留空则表二不从目录计算")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "目录设置"

    def __str__(self) -> str:
        return f"{self.agency} 目录设置"

    @property
    def agency_code(self) -> str:
        return self.index_agency_code or self.agency.code


class ImportBatch(models.Model):
    """One import of an existing catalogue (CSV/XLSX): who, when, what came in."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField(default=0)
    imported = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "目录导入批次"

    def __str__(self) -> str:
        return f"{self.filename}（{self.imported}/{self.rows}）"


class ItemQuerySet(models.QuerySet):
    # Lookups by index number or 文号 must repeat the partial unique indexes' conditions, or
    # SQLite cannot use those indexes and scans the whole catalogue.
    def numbered(self):
        return self.exclude(index_number="")

    def holding_document_numbers(self):
        return self.exclude(document_number_key="").exclude(status=Status.DISCARDED)


class Item(models.Model):
    """One catalogue entry: a piece of government information and the document(s) that carry it."""

    objects = ItemQuerySet.as_manager()

    # no index of its own on agency: every index below starts with it (fewer indexes, faster imports)
    agency = models.ForeignKey(Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="catalogue_items",
                               db_index=False)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.DRAFTED)
    version = models.PositiveIntegerField(default=1)  # optimistic locking, as cases do

    index_number = models.CharField("索引号", max_length=64, blank=True)
    title = models.CharField("标题", max_length=300)
    document_number = models.CharField("文号", max_length=100, blank=True)
    # 文号 folded for comparison (brackets, spaces, width): 海政发〔2026〕1号 = 海政发[2026]1号
    document_number_key = models.CharField(max_length=100, blank=True, editable=False)
    issuer = models.CharField("发布机构", max_length=100)
    written_on = models.DateField("成文日期")
    changed_on = models.DateField("变更日期", null=True, blank=True,
                                  help_text="信息变更的，填写变更之日；第二十六条的期限自此重新计算")
    published_on = models.DateField("发布日期", null=True, blank=True)
    article_item = models.CharField("公开事项", max_length=8, choices=ArticleItem.choices)
    local_topic = models.CharField("第二十一条事项", max_length=50, blank=True)
    doc_kind = models.CharField("文件类别", max_length=16, choices=DocKind.choices, default=DocKind.OTHER)
    subject = models.CharField("主题分类", max_length=50, blank=True)
    summary = models.CharField("内容概述", max_length=1000, blank=True)
    body = models.TextField("正文", blank=True)

    abolished_on = models.DateField("废止日期", null=True, blank=True)
    replaced_by = models.ForeignKey("self", verbose_name="替代文件", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="replaces")

    # the latest confidentiality review that cleared the item (the history is in ItemStep)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="保密审查员", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+", db_index=False)
    reviewed_on = models.DateField("审查日期", null=True, blank=True)
    review_opinion = models.CharField("审查意见", max_length=1000, blank=True)

    # the Art. 26 clock: due date as computed at the last write; late when published after it
    due_on = models.DateField("公开期限", null=True, blank=True)
    clock_error = models.CharField(max_length=300, blank=True)
    published_late = models.BooleanField("逾期公开", default=False)

    search_text = models.TextField(blank=True, editable=False)  # CJK bigrams for full-text search
    import_batch = models.ForeignKey(ImportBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="items",
                                     db_index=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+",
                                   db_index=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "目录条目"
        ordering = ["-published_on", "-id"]
        indexes = [
            models.Index(fields=["agency", "-published_on", "-id"], name="item_public_list"),
            models.Index(fields=["agency", "status", "-published_on", "-id"], name="item_by_status"),
            models.Index(fields=["agency", "article_item", "-published_on", "-id"], name="item_by_article"),
            models.Index(fields=["agency", "doc_kind", "status"], name="item_table2"),
            models.Index(fields=["agency", "-id"], name="item_staff_list"),
            models.Index(fields=["agency", "-published_on"], condition=Q(published_late=True), name="item_late"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["index_number"], condition=~Q(index_number=""),
                                    name="item_index_number_unique"),
            models.UniqueConstraint(fields=["agency", "document_number_key"],
                                    condition=~Q(document_number_key="") & ~Q(status=Status.DISCARDED),
                                    name="item_document_number_unique"),
            # nothing public without a recorded review
            models.CheckConstraint(
                condition=~Q(status__in=[*PUBLIC_STATUSES, Status.REVIEWED])
                | Q(reviewed_by__isnull=False, reviewed_on__isnull=False),
                name="item_public_needs_review"),
            models.CheckConstraint(
                condition=~Q(status__in=PUBLIC_STATUSES) | (Q(published_on__isnull=False) & ~Q(index_number="")),
                name="item_public_has_date_and_number"),
            models.CheckConstraint(condition=Q(published_on__isnull=True) | Q(published_on__gte=F("written_on")),
                                   name="item_published_after_written"),
            models.CheckConstraint(condition=Q(abolished_on__isnull=True) | Q(abolished_on__gte=F("written_on")),
                                   name="item_abolished_after_written"),
            models.CheckConstraint(condition=~Q(status=Status.ABOLISHED) | Q(abolished_on__isnull=False),
                                   name="item_abolished_has_date"),
        ]

    def __str__(self) -> str:
        return f"{self.index_number or '（未发布）'} {self.title}"

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def article(self) -> ArticleItem:
        return ArticleItem(self.article_item)

    @property
    def validity_label(self) -> str:
        if self.status == Status.ABOLISHED:
            return "废止"
        return "有效" if self.status == Status.PUBLISHED else ""

    @property
    def status_css(self) -> str:
        """The badge colour of the status (lists render 50 of these: no include per row)."""
        return {Status.PUBLISHED: "ok", Status.ABOLISHED: "grey", Status.DISCARDED: "grey", Status.REJECTED: "bad",
                Status.SUBMITTED: "warn", Status.REVIEWED: "warn"}.get(self.status, "")

    @property
    def clock_start(self):
        """The day the Art. 26 period runs from: made, or changed later."""
        if self.changed_on and self.changed_on > self.written_on:
            return self.changed_on
        return self.written_on


class ItemStep(models.Model):
    """One step of an item's workflow (提交, 审查通过 with its opinion, 退回 with its reason …)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(max_length=16)  # a workflow.STEPS name, or "create" / "import"
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    on = models.DateField()  # the date the step counts from (review date, publication date …)
    note = models.CharField(max_length=1000, blank=True)
    status_after = models.CharField(max_length=16, choices=Status.choices)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["item", "at"], name="itemstep_item_at")]


class Attachment(models.Model):
    """A file (PDF, DOCX, OFD) attached to an item, kept in private storage."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField("文件名", max_length=200)
    kind = models.CharField(max_length=8)  # gongkai.web.uploads kind: pdf / docx / ofd
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    path = models.CharField(max_length=300)  # name in gongkai.web.uploads.private_storage()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "附件"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class GuideProfile(models.Model):
    """What the guide says that the agency's particulars (on Agency) do not."""

    agency = models.OneToOneField(Agency, on_delete=models.PROTECT, related_name="guide_profile")
    publication_places = models.TextField(
        "主动公开的途径", blank=True,
        help_text="每行一处，如“海宁市人民政府门户网站政府信息公开专栏”“市档案馆、市图书馆政府信息查阅点”")
    online_application = models.CharField("网上申请地址", max_length=200, blank=True,
                                          help_text="留空则使用本平台的网上申请页面")
    extra_notes = models.TextField("其他说明", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "公开指南设置"


class GuideEdition(models.Model):
    """A version of an agency's guide: recorded when the data it is built from changes."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    digest = models.CharField(max_length=64)
    changed_on = models.DateField()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["agency", "-at"], name="guide_edition_latest")]
