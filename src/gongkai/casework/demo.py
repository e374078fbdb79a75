"""The demo: 海宁市人民政府 with two departments and a township, staff for every role, and
about 60 cases across 2025–2026 in every state, all made through the actions so that
their clock events and audit trails are real.

The people are synthetic: names are common ones, ID numbers carry valid check digits but
use the birth year 1900 + sequence 9xx so they cannot belong to anyone; organisations'
credit codes are valid but fictitious.  ``load()`` is idempotent.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from gongkai.agencies.models import Agency, AgencyKind, Role, Staff
from gongkai.formats import for_year

from . import actions
from .choices import ApplicantKind, Channel, DeliveryRoute, FeeMethod, Form
from .errors import CaseworkError
from .models import Application

PASSWORD = "gongkai-demo"  # demo only; printed by `gongkai serve --demo`

AGENCIES = [  # code, name, short name (文号), kind, parent
    ("HN", "海宁市人民政府", "海政公开", AgencyKind.GOVERNMENT, None),
    ("HN-SW", "海宁市商务局", "海商公开", AgencyKind.DEPARTMENT, "HN"),
    ("HN-ZG", "海宁市自然资源和规划局", "海自规公开", AgencyKind.DEPARTMENT, "HN"),
    ("HN-XC", "海宁市许村镇人民政府", "许政公开", AgencyKind.TOWNSHIP, "HN"),
]

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
         "马超", "朱琳", "胡军", "郭晓东", "何佳", "高峰", "林涛", "罗娟"]
ORGS = [
    (ApplicantKind.COMMERCIAL, "海宁市某某经编有限公司"), (ApplicantKind.COMMERCIAL, "浙江某某皮革股份有限公司"),
    (ApplicantKind.LEGAL_SERVICE, "浙江某某律师事务所"), (ApplicantKind.RESEARCH, "某某大学公共管理研究所"),
    (ApplicantKind.PUBLIC_INTEREST, "海宁市某某环保公益服务中心"), (ApplicantKind.OTHER, "许村镇某某村股份经济合作社"),
]
REQUESTS = {
    "HN": ["2025年海宁市重大行政决策事项目录", "海宁市人民政府关于某地块国有土地上房屋征收的决定及补偿方案",
           "2024年度海宁市政府工作报告重点任务分解及完成情况", "海宁市某道路改建工程立项批复文件"],
    "HN-SW": ["海宁市商务局2024年度部门决算", "2025年海宁市外贸企业出口补助资金分配明细",
              "海宁市某商业综合体商业网点规划审查意见", "海宁市商务局对某单用途预付卡投诉的处理结果"],
    "HN-ZG": ["许村镇某村土地征收批复及征地补偿安置方案", "某地块建设用地规划许可证及附图",
              "2025年度海宁市国土空间规划年度实施计划", "某宅基地使用情况审核材料"],
    "HN-XC": ["许村镇某村2024年度村级财务公开材料", "许村镇农田水利工程建设项目招标文件",
              "许村镇某村宅基地审批名单", "许村镇2025年社会救助对象公示名单"],
}

_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_CC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


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


def _users() -> dict[str, object]:
    User = get_user_model()
    users = {}
    for username, full_name, memberships in USERS:
        user, created = User.objects.get_or_create(username=username, defaults={"first_name": full_name})
        if created:
            user.set_password(PASSWORD)
            user.is_staff = username == "admin"
            user.is_superuser = username == "admin"
            user.save()
        for code, role in memberships:
            Staff.objects.get_or_create(user=user, agency=Agency.objects.get(code=code), role=role)
        users[username] = user
    return users


def _agencies() -> dict[str, Agency]:
    out: dict[str, Agency] = {}
    for code, name, short, kind, parent in AGENCIES:
        out[code], _ = Agency.objects.get_or_create(
            code=code, defaults={"name": name, "short_name": short, "kind": kind, "parent": out.get(parent)})
    return out


def _staff_of(users, code: str) -> tuple:
    prefix = {"HN": "hn", "HN-SW": "sw", "HN-ZG": "zg", "HN-XC": "xc"}[code]
    head = users[f"{prefix}-head"]
    clerk = users.get(f"{prefix}-clerk") or users[f"{prefix}-handler"]
    handler = users.get(f"{prefix}-handler") or clerk
    return clerk, handler, head


def load(today: dt.date | None = None, cases: int = 60, seed: int = 2026) -> list[tuple[str, str, str]]:
    """Create the demo (idempotent).  Returns (username, password, role) for each account."""
    today = today or timezone.localdate()
    with transaction.atomic():
        agencies = _agencies()
        users = _users()
    if not Application.objects.filter(agency__code__in=list(agencies)).exists():
        _cases(agencies, users, today, cases, random.Random(seed))
    roles = {u: "、".join(f"{Agency.objects.get(code=c).name}{Role(r).label}" for c, r in m) for u, _, m in USERS}
    return [(u, PASSWORD, roles[u]) for u, _, _ in USERS]


# spread the cases over every state a case can be in
SCENARIOS = ["concluded"] * 6 + ["received", "correction", "consultation", "extended", "fee_pending",
                                 "overdue", "corrected", "fee_paid", "fee_unpaid", "delivered_late"]


def _cases(agencies, users, today: dt.date, n: int, rng: random.Random) -> None:
    codes = list(agencies)
    scenarios = SCENARIOS
    for i in range(n):
        code = codes[i % len(codes)]
        agency = agencies[code]
        clerk, handler, head = _staff_of(users, code)
        scenario = scenarios[i % len(scenarios)]
        if scenario in ("concluded", "fee_unpaid", "delivered_late"):
            received = dt.date(2025, 1, 6) + dt.timedelta(days=rng.randrange(0, (today - dt.date(2025, 1, 6)).days - 70))
        elif scenario == "overdue":
            received = today - dt.timedelta(days=rng.randint(35, 50))
        else:
            received = today - dt.timedelta(days=rng.randint(3, 12))
        if i % 5 == 4:
            kind, name = ORGS[i % len(ORGS)]
            identifier = synthetic_credit_code(i)
        else:
            kind, name, identifier = ApplicantKind.NATURAL, NAMES[i % len(NAMES)], synthetic_id(i)
        channel = [Channel.ONLINE, Channel.IN_PERSON, Channel.POST_SIGNED, Channel.ONLINE, Channel.FAX][i % 5]
        try:
            _one_case(agency, clerk, handler, head, scenario, received, today, rng, kind=kind, name=name,
                      identifier=identifier, channel=channel, request=REQUESTS[code][i % 4], i=i)
        except CaseworkError as e:  # a demo date that hits a rule (e.g. missing calendar) is skipped, not faked
            print(f"演示办件 {i} 未完成：{e.message}")


def _on(app: Application, days: int, today: dt.date) -> dt.date:
    return min(app.received_on + dt.timedelta(days=days), today)


def _one_case(agency, clerk, handler, head, scenario, received, today, rng, *, kind, name, identifier, channel,
              request, i) -> None:
    app = actions.do_receive_application(
        clerk, agency, applicant_kind=kind, applicant_name=name, identifier=identifier,
        information_requested=request, channel=channel, received_on=received,
        form=Form.ELECTRONIC if channel == Channel.ONLINE else Form.PAPER,
        delivery_route=DeliveryRoute.EMAIL if channel == Channel.ONLINE else DeliveryRoute.POST,
        contact_phone=f"1380000{i:04d}", contact_address="浙江省海宁市某某路1号", today=today,
    )
    actions.do_assign(clerk, app, assignee=handler)
    if scenario == "received" or scenario == "overdue":
        return
    if scenario in ("correction", "corrected"):
        app = actions.do_request_correction(handler, app, on=_on(app, 2, today), items="请明确所需信息的具体名称或文号",
                                            today=today)
        if scenario == "correction":
            return
        app = actions.do_receive_correction(handler, app, on=_on(app, 5, today), today=today)
        return
    if scenario == "consultation":
        actions.do_start_consultation(handler, app, on=_on(app, 2, today), party="third_party",
                                      recipient="某某科技有限公司", today=today)
        return
    if scenario == "extended":
        actions.do_approve_extension(head, app, on=_on(app, 3, today), days=20, reason="申请内容涉及多个年度档案，需调取核查",
                                     today=today)
        return
    if scenario in ("fee_pending", "fee_paid", "fee_unpaid"):
        app = actions.do_send_fee_notice(handler, app, on=_on(app, 2, today), method=FeeMethod.PER_PAGE, pages=120,
                                         today=today)
        if scenario == "fee_pending":
            return
        if scenario == "fee_paid":
            actions.do_record_payment(handler, app, on=_on(app, 4, today), paid=True, today=today)
            return
        app.refresh_from_db()
        unpaid_on = app.fee.pay_by + dt.timedelta(days=1)
        actions.do_record_payment(handler, app, on=min(unpaid_on, today), paid=False, today=today)
        return
    # concluded (and delivered)
    decided = _on(app, rng.randint(5, 25), today)
    ids = [o.id for o in for_year(decided.year).outcomes]
    outcome = ids[[0, 0, 0, 1, 1, 12, 2, 6, 13, 17, 20][i % 11] % len(ids)]
    app = actions.do_decide(head, app, on=decided, outcome=outcome,
                            legal_basis=_basis(for_year(decided.year).outcome_row(outcome)), today=today)
    actions.do_deliver(handler, app, on=min(decided + dt.timedelta(days=1 if scenario == "concluded" else 3), today),
                       method=app.delivery_route, note="EMS 回执" if app.delivery_route == DeliveryRoute.POST else "",
                       today=today)


def _basis(outcome: str) -> str:
    if "（一）" in outcome:
        return "《中华人民共和国政府信息公开条例》第三十六条第（二）项"
    if "（二）" in outcome:
        return "《中华人民共和国政府信息公开条例》第三十七条"
    if "（三）" in outcome:
        return "《中华人民共和国政府信息公开条例》第十四条、第十五条、第十六条"
    if "（四）" in outcome:
        return "《中华人民共和国政府信息公开条例》第三十六条第（四）项、第三十八条"
    if "（五）" in outcome:
        return "《中华人民共和国政府信息公开条例》第三十六条第（六）项、第三十九条"
    return "《中华人民共和国政府信息公开条例》第三十条"
