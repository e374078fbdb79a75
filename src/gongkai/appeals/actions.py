"""The one door for every change to an appeal record.

Each ``do_*`` checks the role and the rule, writes inside ``transaction.atomic()``, bumps the
row's ``version`` (a stale form is refused) and appends an ``AuditEvent``; refusals are
``CaseworkError`` subclasses with a Chinese message.  A change that would alter a locked year's
表四 is refused (`annual.guard`).  A 纠正 result on a matter tied to a case reopens the case in
the same transaction (`appeals.reopen`): the conclusion and the reopening commit together.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gongkai.agencies.models import Agency, Role
from gongkai.agencies.permissions import has_role, is_administrator
from gongkai.annual.guard import refuse_locked
from gongkai.casework import audit
from gongkai.casework.errors import InvalidInput, NotAllowed, OutOfOrder, StaleVersion
from gongkai.casework.models import Application

from . import counting, reopen
from .choices import BODY_LABEL, AppealKind, AppealResult
from .models import Appeal, mask_name

WRITERS = (Role.REGISTRAR, Role.HANDLER, Role.HEAD, Role.ADMIN)
MAX_TEXT = {"body": 100, "case_number": 100, "decision_ref": 200, "applicant_name": 100, "note": 300, "reason": 300}

__all__ = ["do_amend_appeal", "do_conclude_appeal", "do_record_appeal"]


def _today(today):
    return today or timezone.localdate()


def may_write(actor, agency_id: int) -> bool:
    return getattr(actor, "is_superuser", False) or is_administrator(actor) or has_role(actor, agency_id, *WRITERS)


def _date(value, what: str, today: dt.date, field: str) -> dt.date:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise InvalidInput(f"{what}必须是日期，收到 {value!r}", field=field)
    if value > today:
        raise InvalidInput(f"{what}（{value:%Y年%m月%d日}）晚于今天，不能登记将来的日期", field=field)
    return value


def _text(value, label: str, field: str, required: bool = False) -> str:
    text = (value or "").strip()
    if required and not text:
        raise InvalidInput(f"请填写{label}", field=field)
    limit = MAX_TEXT.get(field, 300)
    if len(text) > limit:
        raise InvalidInput(f"{label}不能超过 {limit} 个字（现有 {len(text)} 个）", field=field)
    return text


def _snapshot(appeal: Appeal) -> dict:
    snap = audit.snapshot(appeal)
    snap["applicant_name"] = mask_name(appeal.applicant_name)  # personal data: never in clear
    return snap


def _guard(appeal: Appeal, before: tuple | None, what: str) -> None:
    """Refuse when the change alters how a locked year's 表四 counts the matter.

    `before` is (filed_on, concluded_on, result) as stored, None for a new record."""
    rule = counting.year_rule()
    after = (appeal.filed_on, appeal.concluded_on, appeal.result)
    spans = [counting.years_counted(after[0], after[1], rule)]
    if before is not None:
        spans.append(counting.years_counted(before[0], before[1], rule))

    def affects(year: int) -> bool:
        old = counting.state_in_year(*before, year, rule) if before is not None else None
        return old != counting.state_in_year(*after, year, rule)

    refuse_locked(appeal.agency_id, min(s[0] for s in spans), max(s[1] for s in spans), what, "表四", affects)


def _load(actor, appeal, expected_version) -> Appeal:
    pk = appeal.pk if isinstance(appeal, Appeal) else appeal
    try:
        row = Appeal.objects.select_for_update().select_related("agency").get(pk=pk)
    except Appeal.DoesNotExist:
        raise InvalidInput(f"复议诉讼记录（编号 {pk}）不存在") from None
    if expected_version is not None and row.version != expected_version:
        raise StaleVersion(f"该记录已被他人修改（当前版本 {row.version}，您看到的是版本 {expected_version}）。"
                           "请刷新页面核对后再操作；您填写的内容未保存")
    if not may_write(actor, row.agency_id):
        raise NotAllowed("您无权修改该机关的复议诉讼记录（只能登记本机关的，监督人员只能查看）")
    return row


def do_record_appeal(actor, agency: Agency, *, kind: str, body: str, filed_on: dt.date,
                     application: Application | None = None, applicant_name: str = "", decision_ref: str = "",
                     reconsideration: Appeal | None = None, case_number: str = "",
                     today: dt.date | None = None) -> Appeal:
    """Record a 行政复议 or 行政诉讼 against `agency`'s disclosure decision.

    The decision is a case in gongkai (`application`, of the same agency and already decided) or
    one made outside it (`applicant_name` and `decision_ref`).  A 复议后起诉 names its 复议
    (`reconsideration`, of the same agency)."""
    today = _today(today)
    if not may_write(actor, agency.pk):
        raise NotAllowed(f"您不是{agency.name}的工作人员，不能登记该机关的复议诉讼")
    if kind not in AppealKind.values:
        raise InvalidInput(f"类别无效：{kind!r}", field="kind")
    body = _text(body, BODY_LABEL[AppealKind(kind)], "body", required=True)
    case_number = _text(case_number, "案号", "case_number")
    filed_on = _date(filed_on, "立案（受理）日期", today, "filed_on")
    if kind == AppealKind.LITIGATION_AFTER:
        if reconsideration is None:
            raise InvalidInput("复议后起诉须选择此前的行政复议记录", field="reconsideration")
        if reconsideration.agency_id != agency.pk or reconsideration.kind != AppealKind.RECONSIDERATION:
            raise InvalidInput("所选记录不是本机关的行政复议", field="reconsideration")
        if filed_on < reconsideration.filed_on:
            raise InvalidInput("起诉立案日期早于所依据的行政复议的立案日期", field="filed_on")
        if application is None:  # the suit challenges the decision the reconsideration was about
            application = reconsideration.application
            applicant_name = applicant_name or reconsideration.applicant_name
            decision_ref = decision_ref or reconsideration.decision_ref
    elif reconsideration is not None:
        raise InvalidInput("只有“复议后起诉”需要选择此前的行政复议", field="reconsideration")
    if application is not None:
        if application.agency_id != agency.pk:
            raise InvalidInput(f"申请 {application.number} 不是{agency.name}办理的", field="application")
        if not application.concluded_on:
            raise InvalidInput(f"申请 {application.number} 尚未作出答复，不能对其申请复议或起诉", field="application")
        if filed_on < application.concluded_on:
            raise InvalidInput(f"立案日期早于申请 {application.number} 的答复日期"
                               f"（{application.concluded_on:%Y年%m月%d日}）", field="filed_on")
        applicant_name = decision_ref = ""
    else:
        applicant_name = _text(applicant_name, "申请人或原告姓名（名称）", "applicant_name", required=True)
        decision_ref = _text(decision_ref, "被复议或起诉的答复（文号或说明）", "decision_ref", required=True)
    with transaction.atomic():
        appeal = Appeal(agency=agency, kind=kind, application=application, applicant_name=applicant_name,
                        decision_ref=decision_ref, reconsideration=reconsideration, body=body,
                        case_number=case_number, filed_on=filed_on,
                        created_by=actor if getattr(actor, "pk", None) else None)
        _guard(appeal, None, "登记该复议诉讼")
        appeal.save()
        about = f"申请 {application.number}" if application else (decision_ref[:40] or "平台外的答复")
        audit.record(actor, "appeals.record", appeal, None, _snapshot(appeal),
                     f"登记{AppealKind(kind).label}（{body}，{filed_on:%Y-%m-%d} 立案）：{about}")
    return appeal


def do_conclude_appeal(actor, appeal: Appeal | int, *, on: dt.date, result: str, note: str = "",
                       reopen_case: bool = True, expected_version: int | None = None,
                       today: dt.date | None = None) -> Appeal:
    """Record the 复议决定 or 判决 (维持 / 纠正 / 其他).

    A 纠正 on a matter tied to a case reopens that case for a new decision (casework's
    `do_reopen`, its own clock from `on`) unless `reopen_case` is False — e.g. a 确认违法 that
    orders nothing to be redone."""
    today = _today(today)
    on = _date(on, "审结日期", today, "concluded_on")
    if result not in AppealResult.values:
        raise InvalidInput(f"结果无效：{result!r}（维持、纠正或其他）", field="result")
    note = _text(note, "结果说明", "note")
    with transaction.atomic():
        row = _load(actor, appeal, expected_version)
        if row.concluded_on:
            raise OutOfOrder(f"该{row.get_kind_display()}已于{row.concluded_on:%Y年%m月%d日}审结，"
                             "如登记有误请使用“更正登记”")
        if on < row.filed_on:
            raise OutOfOrder(f"审结日期早于立案日期（{row.filed_on:%Y年%m月%d日}）", field="concluded_on")
        before = _snapshot(row)
        old = (row.filed_on, row.concluded_on, row.result)
        row.concluded_on, row.result, row.result_note = on, result, note
        _guard(row, old, "登记审结结果")
        reopened = False
        if result == AppealResult.CORRECTED and reopen_case and row.application_id:
            reopen.reopen_case(actor, row.application, on=on,
                               reason=note or f"{row.get_kind_display()}结果纠正，重新作出答复",
                               source=f"{row.body} {row.case_number}".strip())
            row.reopened_on = on
            reopened = True
        row.version += 1
        row.save()
        audit.record(actor, "appeals.conclude", row, before, _snapshot(row),
                     f"{row.get_kind_display()}审结：{AppealResult(result).label}"
                     + (f"，申请 {row.application.number} 重新办理" if reopened else ""))
    return row


def do_amend_appeal(actor, appeal: Appeal | int, *, reason: str, body: str | None = None,
                    case_number: str | None = None, filed_on: dt.date | None = None,
                    concluded_on: dt.date | None = None, result: str | None = None, note: str | None = None,
                    expected_version: int | None = None, today: dt.date | None = None) -> Appeal:
    """Correct a wrongly recorded matter (a typo in the case number, a wrong date or result).
    The reason is required and audited; a correction never reopens a case."""
    today = _today(today)
    reason = _text(reason, "更正原因", "reason", required=True)
    with transaction.atomic():
        row = _load(actor, appeal, expected_version)
        before = _snapshot(row)
        old = (row.filed_on, row.concluded_on, row.result)
        if body is not None:
            row.body = _text(body, BODY_LABEL[AppealKind(row.kind)], "body", required=True)
        if case_number is not None:
            row.case_number = _text(case_number, "案号", "case_number")
        if filed_on is not None:
            row.filed_on = _date(filed_on, "立案（受理）日期", today, "filed_on")
        if row.concluded_on:
            if concluded_on is not None:
                row.concluded_on = _date(concluded_on, "审结日期", today, "concluded_on")
            if result is not None:
                if result not in AppealResult.values:
                    raise InvalidInput(f"结果无效：{result!r}", field="result")
                row.result = result
            if note is not None:
                row.result_note = _text(note, "结果说明", "note")
        elif concluded_on is not None or result is not None:
            raise OutOfOrder("该记录尚未审结：请使用“登记审结结果”", field="result")
        if row.concluded_on and row.concluded_on < row.filed_on:
            raise InvalidInput("审结日期早于立案日期", field="filed_on")
        _guard(row, old, "更正该记录")
        row.version += 1
        row.save()
        audit.record(actor, "appeals.amend", row, before, _snapshot(row), f"更正登记：{reason}")
    return row
