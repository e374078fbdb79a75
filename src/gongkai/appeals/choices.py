"""The closed vocabularies of an appeal.  Their values are the stable ids the national format
maps to 表四's columns (`gongkai.formats`: `Roles.appeal_kinds`, `Roles.appeal_results`)."""

from __future__ import annotations

from django.db import models


class AppealKind(models.TextChoices):
    RECONSIDERATION = "reconsideration", "行政复议"
    LITIGATION_DIRECT = "litigation_direct", "行政诉讼（未经复议直接起诉）"
    LITIGATION_AFTER = "litigation_after_reconsideration", "行政诉讼（复议后起诉）"


class AppealResult(models.TextChoices):
    """A concluded matter's result; a matter without one is pending (尚未审结)."""

    UPHELD = "upheld", "结果维持"
    CORRECTED = "corrected", "结果纠正"
    OTHER = "other", "其他结果"


PENDING = "pending"  # the 表四 result id of a matter not concluded at the counting date

BODY_LABEL = {
    AppealKind.RECONSIDERATION: "行政复议机关",
    AppealKind.LITIGATION_DIRECT: "人民法院",
    AppealKind.LITIGATION_AFTER: "人民法院",
}

# What each result covers, for the form's help text (行政复议法 2023 第六十三条至第六十九条;
# 行政诉讼法 第六十九条至第七十八条).
RESULT_HELP = {
    AppealResult.UPHELD: "复议维持、判决驳回诉讼请求",
    AppealResult.CORRECTED: "撤销、变更、确认违法、责令履行或重新作出答复",
    AppealResult.OTHER: "驳回复议申请或起诉、申请人撤回、调解、终止等",
}
