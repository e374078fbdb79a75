"""The audit trail: who did what, when, with the values before and after (personal data masked).

`record` is called only from inside actions, inside their transaction.  Every action name is
an :class:`AuditAction` with a Chinese label; other apps register theirs with
:func:`register_labels` (``{"appeals.conclude": "办结复议案件"}``) so the trail reads in
Chinese everywhere.  :func:`describe` turns a stored event into lines people read: field
names by their verbose names, coded values by their labels.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import models

from gongkai.deadlines import Vocabulary

from .models import Application, AuditEvent, mask_identifier


class AuditAction(Vocabulary):
    RECEIVE_APPLICATION = "receive_application", "登记申请"
    REQUEST_CORRECTION = "request_correction", "发出补正告知"
    RECORD_RECEIPT = "record_receipt", "登记对方收到文书的日期"
    RECEIVE_CORRECTION = "receive_correction", "收到补正材料"
    START_CONSULTATION = "start_consultation", "征求意见"
    END_CONSULTATION = "end_consultation", "征求意见结束"
    APPROVE_EXTENSION = "approve_extension", "批准延期答复"
    SET_LATER_DATE = "set_later_date", "确定合理答复期限"
    SEND_FEE_NOTICE = "send_fee_notice", "发出收费通知"
    RECORD_PAYMENT = "record_payment", "登记缴费"
    CONCLUDE_UNPAID = "conclude_unpaid", "逾期未缴费，不再处理"
    DECIDE = "decide", "作出答复"
    DELIVER = "deliver", "登记送达"
    REOPEN = "reopen", "重新办理"
    CORRECT_REGISTRATION = "correct_registration", "更正登记信息"
    ASSIGN = "assign", "分配承办人"
    HAND_OVER = "hand_over", "移交首问责任"
    ISSUE_LETTER = "issue_letter", "出具文书"
    ATTACH_FILE = "attach_file", "上传附件"
    REPLY_CORRECTION_ONLINE = "reply_correction_online", "申请人网上提交补正材料"
    CONFIRM_PAYMENT_ONLINE = "confirm_payment_online", "申请人网上确认缴费"
    DOWNLOAD_ATTACHMENT = "download_attachment", "下载附件"
    DOWNLOAD_LETTER = "download_letter", "下载文书"
    EXPORT_LEDGER = "export_ledger", "导出台账"
    IMPORT_CALENDAR_YEAR = "import_calendar_year", "导入节假日安排"
    RECOMPUTE_DUE_DATE = "recompute_due_date", "重新计算答复期限"
    GRANT_ROLE = "grant_role", "授予角色"
    REVOKE_ROLE = "revoke_role", "撤销角色"
    UPDATE_AGENCY = "update_agency", "修改机关设置"
    LOCK_YEAR = "lock_year", "锁定年度表三"  # as earlier locks were recorded
    UNLOCK_YEAR = "annual.unlock", "解除年度锁定"


_LABELS: dict[str, str] = {**dict(AuditAction.choices), "annual.lock": "锁定年度年报"}


def register_labels(labels: dict[str, str]) -> None:
    """Chinese labels for another app's action names (call from its AppConfig.ready)."""
    _LABELS.update(labels)


def action_label(action: str) -> str:
    return _LABELS.get(action, action)


# fields whose values are personal data: kept out of the audit trail in clear
_PERSONAL = {"identifier": mask_identifier, "contact_phone": mask_identifier,
             "contact_email": lambda v: (v[:2] + "***") if v else "",
             "contact_address": lambda v: "（已记录）" if v else ""}


def _jsonable(value):
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict:
    """The object's concrete field values as JSON, personal data masked."""
    out = {}
    for f in obj._meta.concrete_fields:
        name = f.attname
        if fields is not None and f.name not in fields and name not in fields:
            continue
        value = _jsonable(getattr(obj, name))
        if f.name in _PERSONAL:
            value = _PERSONAL[f.name](value or "")
        out[name] = value
    return out


def record(actor, action: str, obj: models.Model, before: dict | None, after: dict | None,
           summary: str = "", *, key: str | None = None, via: str | None = None) -> AuditEvent:
    """Append one event.  ``key`` (a form's one-time key) is unique: a second use raises
    IntegrityError, which the caller turns into DuplicateSubmission."""
    application = obj if isinstance(obj, Application) else getattr(obj, "application", None)
    agency_id = getattr(obj, "agency_id", None) or (application.agency_id if application else None)
    if obj._meta.model_name == "agency":
        agency_id = obj.pk
    changed_before, changed_after = before, after
    if before is not None and after is not None:  # keep only what changed
        keys = [k for k in after if before.get(k) != after.get(k)]
        changed_before = {k: before.get(k) for k in keys}
        changed_after = {k: after[k] for k in keys}
    has_actor = getattr(actor, "pk", None) is not None
    return AuditEvent.objects.create(
        actor=actor if has_actor else None, via=via or ("staff" if has_actor else "system"),
        action=str(action), summary=summary[:300],
        object_type=obj._meta.model_name, object_id=str(obj.pk),
        application=application, agency_id=agency_id,
        before=changed_before, after=changed_after, key=key or None,
    )


# ------------------------------------------------------------------ reading it back
_HIDDEN = {"version", "clock_explanation", "sort_on", "intake_key", "id"}


def _field(model, name: str):
    for f in model._meta.concrete_fields:
        if name in (f.name, f.attname):
            return f
    return None


def _value_label(field, value) -> str:
    if value is None or value == "":
        return "（空）"
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field is not None and field.is_relation:
        return _related_label(field, value)
    if field is not None and field.name == "outcome":
        return value
    return str(value)


def _related_label(field, pk) -> str:
    target = field.related_model
    obj = target._default_manager.filter(pk=pk).first()
    if obj is None:
        return str(pk)
    if hasattr(obj, "get_full_name"):
        return obj.get_full_name() or obj.get_username()
    return str(obj)


def describe(event: AuditEvent) -> list[tuple[str, str, str]]:
    """(field label, before, after) for each change, in Chinese, as the case page shows it."""
    from django.apps import apps

    model = next((m for m in apps.get_models() if m._meta.model_name == event.object_type), None)
    before, after = event.before or {}, event.after or {}
    rows = []
    for name in sorted(set(before) | set(after)):
        if name in _HIDDEN:
            continue
        field = _field(model, name) if model else None
        label = str(field.verbose_name) if field is not None else name
        if field is not None and field.name == "outcome":
            rows.append((label, _outcome(before.get(name), before), _outcome(after.get(name), after)))
            continue
        rows.append((label, _value_label(field, before.get(name)), _value_label(field, after.get(name))))
    return rows


def _outcome(value, values: dict) -> str:
    if not value:
        return "（空）"
    from .choices import outcome_label

    day = values.get("concluded_on")
    try:
        return outcome_label(value, dt.date.fromisoformat(day).year) if day else value
    except ValueError:
        return value
