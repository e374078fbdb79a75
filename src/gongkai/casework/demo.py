"""The demo: 海宁市人民政府 with two departments and a township, staff for every role, the
offices' particulars and remedies, and about 60 cases across 2025–2026 in every state — all
made through the actions, so their clock events, letters and audit trails are real.

Every step falls on a working day of the platform calendar (no decision on a Sunday).
Requests are drawn from lists of what people actually ask each kind of office for.  The
people are synthetic: names are common ones, ID numbers carry valid check digits but use the
birth date 1900-01-xx so they cannot belong to anyone; organisations' credit codes are valid
but fictitious; addresses and telephone numbers are marked 演示.  ``load()`` is idempotent.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from gongkai.agencies import actions as agency_actions
from gongkai.agencies.models import Agency, AgencyKind, Role, Staff
from gongkai.workdays import CalendarMissing

from . import actions
from .actions.letters import drawing_later
from .calendar import platform_calendar
from .choices import ApplicantKind, AttachmentKind, Channel, DeliveryRoute, FeeMethod, Form
from .errors import CaseworkError
from .models import Application

PASSWORD = "gongkai-demo"  # demo only; printed by `gongkai serve --demo`

AGENCIES = [  # code, name, short name (文号), kind, parent
    ("HN", "海宁市人民政府", "海政公开", AgencyKind.GOVERNMENT, None),
    ("HN-SW", "海宁市商务局", "海商公开", AgencyKind.DEPARTMENT, "HN"),
    ("HN-ZG", "海宁市自然资源和规划局", "海自规公开", AgencyKind.DEPARTMENT, "HN"),
    ("HN-XC", "海宁市许村镇人民政府", "许政公开", AgencyKind.TOWNSHIP, "HN"),
]

# Remedies (行政复议法 2023 Art. 24: a department's and a township's acts go to the county-level
# government; a county-level government's to the government above; 行政诉讼法 Art. 15: suits
# against a county-level government go to the intermediate court).  Particulars are demo data.
PARTICULARS = {
    "HN": dict(office_name="海宁市人民政府办公室（政府信息公开科）", office_address="海宁市某某路1号（演示地址）",
               postcode="314400", office_hours="工作日 8:30—12:00，13:30—17:00", phone="0573-80000001（演示）",
               email="gk-demo@example.org", website="https://example.org/haining",
               reconsideration_body="嘉兴市人民政府", court="嘉兴市中级人民法院"),
    "HN-SW": dict(office_name="海宁市商务局办公室", office_address="海宁市某某路2号（演示地址）", postcode="314400",
                  office_hours="工作日 8:30—12:00，13:30—17:00", phone="0573-80000002（演示）",
                  reconsideration_body="海宁市人民政府", court="海宁市人民法院"),
    "HN-ZG": dict(office_name="海宁市自然资源和规划局办公室", office_address="海宁市某某路3号（演示地址）",
                  postcode="314400", office_hours="工作日 8:30—12:00，13:30—17:00", phone="0573-80000003（演示）",
                  reconsideration_body="海宁市人民政府", court="海宁市人民法院"),
    "HN-XC": dict(office_name="许村镇党政办公室", office_address="海宁市许村镇某某路4号（演示地址）", postcode="314409",
                  office_hours="工作日 8:30—11:30，13:30—17:00", phone="0573-80000004（演示）",
                  reconsideration_body="海宁市人民政府", court="海宁市人民法院"),
}

USERS = [  # username, full name, [(agency code, role)]
    ("admin", "系统管理员", [("HN", Role.ADMIN)]),
    ("hn-head", "沈主任", [("HN", Role.HEAD)]),
    ("hn-clerk", "陆登记", [("HN", Role.REGISTRAR)]),
    ("hn-handler", "钱承办", [("HN", Role.HANDLER)]),
    ("hn-supervisor", "周监督", [("HN", Role.SUPERVISOR)]),
    ("sw-head", "吴科长", [("HN-SW", Role.HEAD)]),
    ("sw-clerk", "朱登记", [("HN-SW", Role.REGISTRAR)]),
    ("sw-handler", "许承办", [("HN-SW", Role.HANDLER)]),
    ("zg-head", "金科长", [("HN-ZG", Role.HEAD)]),
    ("zg-handler", "褚承办", [("HN-ZG", Role.HANDLER), ("HN-ZG", Role.REGISTRAR)]),
    ("xc-head", "蒋主任", [("HN-XC", Role.HEAD)]),
    ("xc-clerk", "姚登记", [("HN-XC", Role.REGISTRAR), ("HN-XC", Role.HANDLER)]),
]

NAMES = ["王建国", "李秀英", "张伟", "刘芳", "陈静", "杨洋", "黄磊", "赵敏", "吴强", "周丽", "徐明", "孙燕",
         "马超", "朱琳", "胡军", "郭晓东", "何佳", "高峰", "林涛", "罗娟", "沈国平", "钱玉梅", "蔡志强", "顾美华"]
ORGS = [
    (ApplicantKind.COMMERCIAL, "海宁市某某经编有限公司"), (ApplicantKind.COMMERCIAL, "浙江某某皮革股份有限公司"),
    (ApplicantKind.LEGAL_SERVICE, "浙江某某律师事务所"), (ApplicantKind.RESEARCH, "某某大学公共管理研究所"),
    (ApplicantKind.PUBLIC_INTEREST, "海宁市某某环保公益服务中心"), (ApplicantKind.OTHER, "许村镇某某村股份经济合作社"),
    (ApplicantKind.COMMERCIAL, "海宁某某家纺有限公司"), (ApplicantKind.LEGAL_SERVICE, "嘉兴某某律师事务所"),
]
REQUESTS = {
    "HN": [
        "2025年海宁市重大行政决策事项目录及其听证、专家论证材料",
        "海宁市人民政府关于长安镇某地块国有土地上房屋征收的决定、征收补偿方案及社会稳定风险评估报告",
        "2024年度海宁市政府工作报告确定的十方面民生实事的分解方案和完成情况",
        "海宁市某道路改建工程的立项批复、初步设计批复及环境影响评价批复文件",
        "2025年海宁市本级一般公共预算“三公”经费的预算和决算情况",
        "海宁市人民政府2024年作出的行政复议决定书（已公开部分之外）的目录",
        "海宁市城区老旧小区改造2025年实施计划及各小区的改造内容清单",
        "海宁市人民政府常务会议2025年第6次会议审议通过的规范性文件全文",
        "本人所在小区周边某变电站建设项目的选址论证和批复文件",
        "海宁市2025年度企业研发费用补助的资金分配结果",
    ],
    "HN-SW": [
        "海宁市商务局2024年度部门决算及其中“其他商品和服务支出”的明细",
        "2025年海宁市外贸企业出口信用保险保费补助资金的分配明细（企业名称、金额）",
        "海宁市某商业综合体的商业网点规划审查意见及相关会议纪要",
        "海宁市商务局对某单用途预付卡经营者投诉的调查处理结果",
        "2025年海宁市家电以旧换新补贴资金的申报、审核和拨付情况",
        "海宁市中国皮革城周边市场改造项目的招商引资协议",
        "海宁市商务局2025年行政处罚决定书（关于成品油零售经营）",
        "2024年海宁市电子商务专项资金扶持项目名单及扶持金额",
        "海宁市商务局关于加油站布局规划的征求意见稿和最终稿",
    ],
    "HN-ZG": [
        "许村镇某村土地征收的批复文件、征地补偿安置方案及公告",
        "某地块建设用地规划许可证、建设工程规划许可证及附图",
        "2025年度海宁市国土空间规划年度实施计划",
        "本人宅基地使用权登记审核材料中的四至界址图",
        "海宁市某地块国有建设用地使用权出让合同及土地出让金缴纳情况",
        "海宁市2024年度卫片执法检查发现的违法用地图斑清单及处理情况",
        "某住宅小区规划设计条件及规划方案调整的批复和公示材料",
        "海宁市永久基本农田划定成果中某村的图斑资料",
        "某地块土壤污染状况调查报告及专家评审意见",
    ],
    "HN-XC": [
        "许村镇某村2024年度村级财务公开材料及村集体资产出租合同",
        "许村镇农田水利工程建设项目的招标文件和中标结果",
        "许村镇某村2025年宅基地资格审批名单",
        "许村镇2025年社会救助对象（低保、特困）公示名单及审核材料",
        "许村镇某河道综合整治工程的预算、结算和审计报告",
        "许村镇2024年“美丽乡村”建设项目资金的使用明细",
        "许村镇人民政府关于某企业违法建筑的拆除决定及送达材料",
        "许村镇2025年度镇级财政预算",
    ],
}

# outcome ids per kind of decision (realistic mix: most granted or partly; a few of each other kind)
OUTCOMES = ["granted", "granted", "granted", "granted", "partly_granted", "partly_granted", "unable.not_held",
            "withheld.third_party", "withheld.process_info", "not_processed.repeat", "unable.needs_creation",
            "not_processed.petition", "withheld.internal_affairs", "granted"]
REASONS = {
    "partly_granted": "所申请信息中包含第三方的银行账号和个人身份证号码，属于个人隐私，已作遮盖处理后提供。",
    "withheld.third_party": "经书面征求第三方意见，第三方以涉及商业秘密为由不同意公开，理由合理。",
    "withheld.process_info": "所申请的材料为讨论稿和内部请示，尚未形成正式决定。",
    "withheld.internal_affairs": "",
}

_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_CC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

# a one-page PDF (an envelope scan stands in for real scans in the demo)
DEMO_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>"
            b"endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 420 297]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def synthetic_id(n: int) -> str:
    """A GB 11643 number with a valid check digit, born 1900-01-01 (cannot be a living person's)."""
    body = f"330481190001{(n % 28) + 1:02d}9{n % 100:02d}"[:17]
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, _ID_WEIGHTS, strict=True)) % 11]
    return body + check


def synthetic_credit_code(n: int) -> str:
    """A GB 32100 code with a valid check character (registration authority 9, enterprise 1)."""
    body = f"91330481MA{n:07d}"[:17]
    total = sum(_CC_CHARS.index(c) * w for c, w in zip(body, _CC_WEIGHTS, strict=True))
    return body + _CC_CHARS[(31 - total % 31) % 31]


def _agencies() -> dict[str, Agency]:
    out: dict[str, Agency] = {}
    for code, name, short, kind, parent in AGENCIES:
        out[code], _ = Agency.objects.get_or_create(
            code=code, defaults={"name": name, "short_name": short, "kind": kind, "parent": out.get(parent)})
    return out


def _users(agencies) -> dict[str, object]:
    User = get_user_model()
    users = {}
    for username, full_name, memberships in USERS:
        user, created = User.objects.get_or_create(username=username, defaults={"first_name": full_name})
        if created:
            user.set_password(PASSWORD)
            user.is_staff = user.is_superuser = username == "admin"
            user.email = f"{username}@example.org"
            user.save()
        for code, role in memberships:
            Staff.objects.get_or_create(user=user, agency=agencies[code], role=role)
        users[username] = user
    return users


def _particulars(agencies, admin) -> None:
    """The offices' settings, through the audited action, where not yet filled in."""
    for code, fields in PARTICULARS.items():
        agency = agencies[code]
        missing = {k: v for k, v in fields.items() if not getattr(agency, k)}
        if missing:
            agency_actions.do_update_agency(admin, agency, **missing)


def load(today: dt.date | None = None, cases: int = 60, seed: int = 2026) -> list[tuple[str, str, str]]:
    """Create the demo (idempotent).  Returns (username, password, role) for each account."""
    today = today or timezone.localdate()
    with transaction.atomic():
        agencies = _agencies()
        users = _users(agencies)
    _particulars(agencies, users["admin"])
    if not Application.objects.filter(agency__code__in=list(agencies)).exists():
        with drawing_later():  # the worker draws the letters' files
            _cases(agencies, users, today, cases, random.Random(seed))
    roles = {u: "、".join(f"{agencies[c].name}{Role(r).label}" for c, r in m) for u, _, m in USERS}
    return [(u, PASSWORD, roles[u]) for u, _, _ in USERS]


# spread the cases over every state a case can be in
SCENARIOS = ["concluded"] * 6 + ["received", "correction", "correction_lapsed", "consultation", "extended",
                                 "fee_pending", "overdue", "corrected", "fee_paid", "fee_unpaid", "delivered_late",
                                 "online_weekend", "reopened"]


class _Days:
    """Working days of the platform calendar (every demo step falls on one)."""

    def __init__(self, today: dt.date):
        self.cal = platform_calendar()
        self.today = today

    def on_or_before(self, d: dt.date) -> dt.date:
        d = min(d, self.today)
        while not self.cal.is_workday(d):
            d -= dt.timedelta(days=1)
        return d

    def after(self, d: dt.date, n: int) -> dt.date:
        try:
            return self.on_or_before(self.cal.add_workdays(d, n))
        except CalendarMissing:
            return self.on_or_before(d + dt.timedelta(days=n + n // 2))


def _staff_of(users, code: str) -> tuple:
    prefix = {"HN": "hn", "HN-SW": "sw", "HN-ZG": "zg", "HN-XC": "xc"}[code]
    head = users[f"{prefix}-head"]
    clerk = users.get(f"{prefix}-clerk") or users[f"{prefix}-handler"]
    handler = users.get(f"{prefix}-handler") or clerk
    return clerk, handler, head


def _cases(agencies, users, today: dt.date, n: int, rng: random.Random) -> None:
    days = _Days(today)
    codes = list(agencies)
    for i in range(n):
        code = codes[i % len(codes)]
        clerk, handler, head = _staff_of(users, code)
        scenario = SCENARIOS[i % len(SCENARIOS)]
        if scenario in ("concluded", "fee_unpaid", "delivered_late", "reopened"):
            span = max(1, (today - dt.date(2025, 1, 6)).days - 70)
            received = days.on_or_before(dt.date(2025, 1, 6) + dt.timedelta(days=rng.randrange(0, span)))
        elif scenario in ("overdue", "correction_lapsed"):
            received = days.on_or_before(today - dt.timedelta(days=rng.randint(35, 50)))
        else:
            received = days.on_or_before(today - dt.timedelta(days=rng.randint(3, 12)))
        if i % 4 == 3:
            kind, name = ORGS[i % len(ORGS)]
            identifier = synthetic_credit_code(i)
        else:
            kind, name, identifier = ApplicantKind.NATURAL, NAMES[(i * 7) % len(NAMES)], synthetic_id(i)
        channel = [Channel.ONLINE, Channel.IN_PERSON, Channel.SIGNED_POST, Channel.ONLINE, Channel.FAX,
                   Channel.IN_PERSON][i % 6]
        request = REQUESTS[code][(i // len(codes)) % len(REQUESTS[code])]
        try:
            _one_case(agencies[code], clerk, handler, head, scenario, received, today, days, rng, kind=kind,
                      name=name, identifier=identifier, channel=channel, request=request, i=i)
        except CaseworkError as e:  # a demo date that hits a rule (e.g. missing calendar) is skipped, not faked
            print(f"演示办件 {i} 未完成：{e.message}")


def _one_case(agency, clerk, handler, head, scenario, received, today, days: _Days, rng, *, kind, name, identifier,
              channel, request, i) -> None:
    online = channel == Channel.ONLINE
    submitted = received
    if scenario == "online_weekend":  # submitted on the portal on a Saturday: received the next working day
        channel, online = Channel.ONLINE, True
        saturday = received - dt.timedelta(days=(received.weekday() - 5) % 7)
        submitted = saturday if saturday <= today else received
    common = dict(applicant_kind=kind, applicant_name=name, identifier=identifier, information_requested=request,
                  form=Form.ELECTRONIC if online else Form.PAPER,
                  delivery_route=DeliveryRoute.EMAIL if online else DeliveryRoute.POST,
                  contact_phone=f"1380573{i:04d}", contact_address="" if online else "海宁市某某路（演示地址）",
                  contact_email=f"applicant{i}@example.org" if online else "", today=today)
    if scenario == "online_weekend":
        app = actions.do_receive_application(None, agency, channel=Channel.ONLINE, submitted_on=submitted,
                                             source="portal", **common)
        actions.do_assign(head, app, assignee=handler)  # a portal case has no owner: the head assigns it
        return
    app = actions.do_receive_application(clerk, agency, channel=channel, received_on=received, **common)
    actions.do_assign(clerk, app, assignee=handler)
    if channel == Channel.SIGNED_POST:
        actions.do_attach_file(clerk, app, kind=AttachmentKind.ENVELOPE, upload=ContentFile(DEMO_PDF, name="信封.pdf"))
    if scenario in ("received", "overdue"):
        return
    if scenario in ("correction", "corrected", "correction_lapsed"):
        app = actions.do_request_correction(handler, app, on=days.after(received, 2), today=today,
                                            items="请写明所需信息的具体名称或文号\n请写明信息形成的大致时间（年份）")
        ev = app.events.get(kind="correction_requested")
        actions.do_record_receipt(handler, app, event=ev, received_on=days.after(ev.on, 2), today=today)
        if scenario == "corrected":
            actions.do_receive_correction(handler, app, on=days.after(ev.on, 5), today=today)
        return
    if scenario == "consultation":
        app = actions.do_start_consultation(handler, app, on=days.after(received, 2), party="third_party",
                                            recipient="海宁某某科技有限公司", today=today)
        ev = app.events.get(kind="consultation_started")
        if days.after(ev.on, 2) <= today:
            actions.do_record_receipt(handler, app, event=ev, received_on=days.after(ev.on, 2), today=today)
        return
    if scenario == "extended":
        actions.do_approve_extension(head, app, on=days.after(received, 3), days=10, today=today,
                                     reason="申请内容涉及多个年度的档案，需要调取核查")
        return
    if scenario in ("fee_pending", "fee_paid", "fee_unpaid"):
        app = actions.do_send_fee_notice(handler, app, on=days.after(received, 2), method=FeeMethod.PER_PAGE,
                                         pages=120, today=today)
        if scenario == "fee_pending":
            return
        if scenario == "fee_paid":
            actions.do_record_payment(handler, app, on=days.after(received, 4), today=today)
            return
        app.refresh_from_db()
        actions.do_conclude_unpaid(handler, app, on=days.after(app.fee.pay_by, 1), today=today)
        return
    # concluded (and delivered), on working days
    decided = days.after(received, rng.randint(5, 18))
    outcome = OUTCOMES[i % len(OUTCOMES)]
    app = actions.do_decide(head, app, on=decided, outcome=outcome, today=today, reason=REASONS.get(outcome, ""),
                            delivery="通过电子邮件发送" if online else "随本答复书邮寄纸质件")
    delivered = days.after(decided, 1 if scenario == "concluded" else 3)
    actions.do_deliver(handler, app, on=delivered, method=app.delivery_route, today=today,
                       note="" if online else f"EMS 回执 10{i:08d}（演示）")
    if scenario == "reopened" and outcome != "granted":  # a reconsideration decision corrected the reply
        actions.do_reopen(head, app, on=days.after(delivered, 40), today=today,
                          source="嘉兴市人民政府行政复议决定书（演示）", reason="责令在法定期限内重新答复")
