"""The legal steps of a case in plain words, for the applicant (tracking page, e-mail, SMS).

Keyed by the clock's event kinds (`gongkai.deadlines.EventKind`) and the casework step names
(`casework.workflow.STEPS`): one wording serves the page and the messages."""

from __future__ import annotations

from gongkai.deadlines import EventKind

EVENT_WORDS = {
    EventKind.RECEIVED: "收到您的申请，开始计算答复期限（20 个工作日）",
    EventKind.CORRECTION_REQUESTED: "请您补正申请：答复期限暂停计算，收到补正后重新计算",
    EventKind.CORRECTION_RECEIVED: "收到您补正后的申请，答复期限重新计算",
    EventKind.CONSULTATION_STARTED: "征求第三方或其他机关的意见，征求意见所需时间不计入答复期限",
    EventKind.CONSULTATION_ENDED: "征求意见结束，答复期限继续计算",
    EventKind.EXTENSION_APPROVED: "经负责人同意延长答复期限（最长不超过 20 个工作日）",
    EventKind.FEE_NOTICE_SENT: "需要缴纳信息处理费：缴费前答复期限暂停计算",
    EventKind.FEE_PAID: "已收到您的缴费，答复期限继续计算",
    EventKind.FEE_UNPAID: "未在期限内缴费，视为放弃申请",
    EventKind.LATER_DATE_SET: "确定了合理的答复期限（《条例》第三十五条）",
    EventKind.DECIDED: "已作出答复，可在下方下载答复书",
    EventKind.DELIVERED: "答复书已送达",
    EventKind.REOPENED: "依复议决定或判决重新办理",
}

# what a committed step tells the applicant (None: nothing to tell)
STEP_MESSAGES = {
    "receive_application": "您的政府信息公开申请已收到，申请编号 {number}。",
    "request_correction": "您的申请 {number} 需要补正，请登录查询页面查看补正告知书并在线提交补正材料。",
    "start_consultation": "您的申请 {number} 需要征求第三方或其他机关意见，征求意见时间不计入答复期限。",
    "approve_extension": "您的申请 {number} 的答复期限已依法延长，新的答复期限为 {due}。",
    "send_fee_notice": "您的申请 {number} 需要缴纳信息处理费，请查看收费通知并按期缴费。",
    "record_payment": "您的申请 {number} 的信息处理费已确认收到，答复期限继续计算。",
    "reply_correction_online": "您为申请 {number} 提交的补正材料已收到，答复期限重新计算。",
    "confirm_payment_online": "您为申请 {number} 提交的缴费确认已收到，工作人员核实后登记。",
    "decide": "您的申请 {number} 已作出答复，请登录查询页面下载答复书。",
    "conclude_unpaid": "您的申请 {number} 因逾期未缴纳信息处理费，视为放弃申请。",
    "reopen": "您的申请 {number} 依复议决定或判决重新办理。",
}

# letters addressed to the applicant (a consultation letter goes to the third party)
APPLICANT_LETTERS = ("acknowledgement", "correction_request", "extension_notice", "fee_notice", "reply_granted",
                     "reply_partly_granted", "reply_withheld", "reply_unable", "reply_not_processed", "reply_other")
