"""行政复议 and 行政诉讼 matters (one row per matter), tied to the case they concern.

A matter belongs to the agency whose disclosure decision is challenged (原行为主体): where a
复议机关 is a co-defendant in a 复议后起诉 suit, only the original agency counts the suit
(国办公开办函〔2016〕201号), so the 复议机关 records nothing.  No business logic here: the
actions in `appeals.actions` change these rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.agencies.models import Agency
from gongkai.casework.models import Application

from .choices import PENDING, AppealKind, AppealResult


def mask_name(name: str) -> str:
    """王** : enough to tell matters apart in a list, not to identify a person."""
    return (name[:1] + "**") if name else ""


class Appeal(models.Model):
    agency = models.ForeignKey(Agency, verbose_name="被申请人/被告机关", on_delete=models.PROTECT,
                               related_name="appeals")
    kind = models.CharField("类别", max_length=40, choices=AppealKind.choices)
    # what is challenged: a case handled in gongkai, or a decision made outside it
    application = models.ForeignKey(Application, verbose_name="所涉申请", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="appeals")
    applicant_name = models.CharField("申请人/原告（平台外的答复）", max_length=100, blank=True)
    decision_ref = models.CharField("被复议/起诉的答复（文号或说明）", max_length=200, blank=True)
    reconsideration = models.ForeignKey("self", verbose_name="此前的行政复议", null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="suits")
    body = models.CharField("复议机关/人民法院", max_length=100)
    case_number = models.CharField("案号", max_length=100, blank=True)
    filed_on = models.DateField("立案（受理）日期")
    concluded_on = models.DateField("审结日期", null=True, blank=True)
    result = models.CharField("结果", max_length=16, choices=AppealResult.choices, blank=True)
    result_note = models.CharField("结果说明（决定或判决内容）", max_length=300, blank=True)
    reopened_on = models.DateField("重新办理所涉申请之日", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "行政复议和行政诉讼"
        ordering = ["-filed_on", "-id"]
        indexes = [
            # 表四: an agency's matters filed by a year end and not concluded before its start
            models.Index(fields=["agency", "filed_on", "concluded_on"], name="appeal_agency_t4"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_number or self.pk}"

    @property
    def result_id(self) -> str:
        """The 表四 result id now: the stored result, or pending while not concluded."""
        return self.result if self.concluded_on else PENDING

    @property
    def who(self) -> str:
        """The applicant or plaintiff, masked."""
        if self.application_id:
            return mask_name(self.application.applicant_name)
        return mask_name(self.applicant_name)
