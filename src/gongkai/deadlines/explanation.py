"""The clock's explanation: one Chinese sentence per fact, each citing its article.

The engine decides; these functions only word what it decided, so the wording of a rule lives
in one place and a clerk can read the whole computation back on the case page or in a letter.
"""

from __future__ import annotations

import datetime as dt

from gongkai.workdays import format_date as d

from .vocabulary import (
    CONSULTATION_WORKDAYS,
    CORRECTION_NOTICE_WORKDAYS,
    FEE_DOC,
    FEE_PAYMENT_WORKDAYS,
    REPLY_WORKDAYS,
    Channel,
)

COUNTING = f"收到之日不计入，自其后第一个工作日起算（《民法典》第二百零一条），应在{REPLY_WORKDAYS}个工作日内答复（第三十三条第二款）"


def received(receipt: dt.date, channel: Channel, arrived: dt.date, arrived_on_workday: bool) -> str:
    extra = ""
    if channel is Channel.PLAIN_POST and receipt != arrived:
        extra = f"（信函于{d(arrived)}到达；条例要求收到当日确认）"
    elif channel.needs_confirmation and receipt != arrived and not arrived_on_workday:
        extra = f"（申请于{d(arrived)}提交，当日为非工作日，于其后第一个工作日确认收到）"
    return f"收到申请之日为{d(receipt)}：{channel.receipt_rule}{extra}。{COUNTING}。"


def pending_receipt(arrived: dt.date, channel: Channel) -> str:
    return f"{d(arrived)}收到{channel.label}申请，尚未与申请人确认；{channel.receipt_rule}，确认前期限不起算。"


def confirmation_ahead(arrived: dt.date, channel: Channel, confirmed: dt.date) -> str:
    return (f"{d(arrived)}收到{channel.label}申请（非工作日提交），{channel.receipt_rule}；"
            f"行政机关于其后第一个工作日{d(confirmed)}确认收到，期限自该日起算。")


def correction_requested(on: dt.date, since: str, n: int, late_reason: str, deadline: str) -> str:
    text = f"{d(on)}发出补正告知书（第三十条），为{since}后第{n}个工作日"
    if late_reason:
        text += f"，超过{CORRECTION_NOTICE_WORKDAYS}个工作日，超期原因：{late_reason}"
    if deadline:
        text += f"；{deadline}"
    return text + "。等待补正期间答复期限不计算。"


def correction_deadline(until: dt.date | None, days: int | None, received_on: dt.date | None) -> str:
    if until is not None:
        how = f"申请人于{d(received_on)}收到告知书，" if received_on and days else ""
        return f"{how}补正期限至{d(until)}"
    if days:
        return f"补正期限为申请人收到告知书之日起{days}个工作日（申请人收到告知书的日期尚未登记，届满日待定）"
    return ""


def correction_received(on: dt.date, late_until: dt.date | None) -> str:
    late = f"（晚于补正期限{d(late_until)}，行政机关已接受）" if late_until else ""
    return (f"{d(on)}收到补正后的申请{late}，答复期限自该日重新计算（第三十条），"
            f"该日不计入，重新计算{REPLY_WORKDAYS}个工作日。")


def correction_lapsed(until: dt.date) -> str:
    return (f"补正期限{d(until)}已过，申请人无正当理由逾期不补正的，视为放弃申请，"
            "可按“申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请”办结（第三十条）。")


def consultation_started(on: dt.date, reason: str, limit: dt.date | None, received_on: dt.date | None) -> str:
    text = f"{d(on)}{reason}，征求意见所需时间不计算在答复期限内（第三十三条第三款）"
    if limit is not None:
        got = f"对方于{d(received_on)}收到征求意见函，" if received_on and received_on != on else ""
        text += f"；{got}对方应在{CONSULTATION_WORKDAYS}个工作日内提出意见，最迟扣除至{d(limit)}"
    return text + "。"


def consultation_after_due(on: dt.date, reason: str, due: dt.date) -> str:
    return f"{d(on)}{reason}，但答复期限已于{d(due)}届满，征求意见时间不能再扣除。"


def consultation_ended(on: dt.date, party_label: str, reason: str | None, days: int, capped: bool) -> str:
    if reason is None:  # started after the period had run out: nothing was excluded
        return f"{d(on)}收到{party_label}意见。"
    text = f"{d(on)}收到{party_label}意见，{reason}期间不计算的工作日共{days}个"
    if capped:
        text += f"（超过{CONSULTATION_WORKDAYS}个工作日的部分照常计算，第三十二条）"
    return text + "。"


def extension(on: dt.date, approver: str, days: int) -> str:
    return (f"{d(on)}经政府信息公开工作机构负责人{approver}同意，延长答复期限{days}个工作日，"
            f"应告知申请人（第三十三条第二款）。")


def fee_notice(on: dt.date, pay_by: dt.date, received_on: dt.date | None, pause: bool) -> str:
    got = f"申请人于{d(received_on)}收到通知，" if received_on and received_on != on else ""
    text = (f"{d(on)}发出收费通知，{got}申请人应自收到通知次日起{FEE_PAYMENT_WORKDAYS}个工作日内"
            f"（{d(pay_by)}前）缴费，逾期未缴视为放弃申请（{FEE_DOC}）")
    if pause:
        text += "；按本系统规则，等待缴费期间不计算在答复期限内"
    else:
        text += "；按本机关规则，等待缴费期间照常计算答复期限"
    return text + "。"


def fee_paid(on: dt.date, paused_days: int | None) -> str:
    text = f"{d(on)}申请人缴费"
    if paused_days is not None:
        text += f"，等待缴费期间不计算的工作日共{paused_days}个"
    return text + "。"


def fee_lapsed(pay_by: dt.date) -> str:
    return (f"缴费期限{d(pay_by)}已过，申请人未缴费，视为放弃申请，应按"
            f"“申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请”办结（{FEE_DOC}）。")


def fee_unpaid(on: dt.date, pay_by: dt.date) -> str:
    return f"{d(on)}登记：申请人未在缴费期限{d(pay_by)}前缴费，视为放弃申请，不再处理（{FEE_DOC}）。"


def later_date(on: dt.date, until: dt.date) -> str:
    return f"{d(on)}申请人说明理由合理，行政机关确定延迟答复并告知申请人合理期限：{d(until)}（第三十五条）。"


def reopened(on: dt.date, first: bool, ordered: dt.date | None = None) -> str:
    what = "依行政复议决定或人民法院判决重新办理本申请" if first else "收到行政复议决定或人民法院判决（纠正原答复），重新办理"
    if ordered is not None:
        return f"{d(on)}{what}：决定或判决确定的答复期限为{d(ordered)}。"
    return (f"{d(on)}{what}：答复期限自该日重新计算，该日不计入，重新计算{REPLY_WORKDAYS}个工作日"
            "（决定或判决另定期限的，以其为准；本系统规则见 docs/deadlines.md）。")


def decided(on: dt.date, due: dt.date | None, late_by: int) -> list[str]:
    lines = [f"答复期限届满日为{d(due)}。"] if due is not None else []
    lines.append(f"{d(on)}作出答复，" + ("在答复期限内。" if not late_by else f"超过答复期限{late_by}个工作日。"))
    return lines


def decided_while_correcting(on: dt.date) -> str:
    return f"{d(on)}作出答复（补正期间，答复期限未计算），按期办结。"


def delivered(on: dt.date) -> str:
    return f"{d(on)}送达。"


def paused_now(reason: str, used: int, left: int) -> str:
    return f"目前{reason}，期限暂停，已用{used}个工作日，尚余{left}个工作日。"


def overdue(due: dt.date, late_by: int) -> str:
    return f"答复期限已于{d(due)}届满，已逾期{late_by}个工作日。"


def running(due: dt.date, today: dt.date, left: int) -> str:
    return f"答复期限届满日为{d(due)}，截至{d(today)}尚余{left}个工作日。"
