"""Synthetic cases in bulk, for benchmarks only.

Rows are inserted with ``executemany`` (no model instances, no actions, no clock events,
no audit trail): this measures the aggregate queries, the case list, search and the ledger
at scale, not the casework rules.  The rows look like real ones where it matters for those
measurements: thousands of distinct names, ID numbers with valid check digits, mobile
numbers, requests drawn from templates, numbered per agency and year, each with its search
entry (the reply's number included for concluded cases, as a letter would add it).  Due
dates are the real 20-working-day dates from the platform calendar (precomputed per receipt
day).  Agencies and users are prefixed ``SYN`` so they never mix with real or demo data.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db import connection, transaction

from gongkai import workdays
from gongkai.agencies.models import Agency, AgencyKind
from gongkai.formats import for_year

from . import search
from .calendar import platform_calendar
from .choices import ApplicantKind, Channel, DeliveryRoute, Form, Status
from .models import Application, SearchEntry, Sequence

# applicant mix and outcome weights roughly as in published reports (natural persons dominate)
KIND_WEIGHTS = [(ApplicantKind.NATURAL, 85), (ApplicantKind.COMMERCIAL, 8), (ApplicantKind.RESEARCH, 1),
                (ApplicantKind.PUBLIC_INTEREST, 1), (ApplicantKind.LEGAL_SERVICE, 3), (ApplicantKind.OTHER, 2)]
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
            "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "建国", "建华", "国平", "玉梅", "志强", "美华", "晓东", "海燕", "红梅", "立新", "文静", "俊杰", "子涵", "浩然", "雨桐", "欣怡", "梓轩", "宇航", "思远", "佳怡", "一鸣", "晨曦", "雅琴", "春生", "金花", "永红", "国庆", "卫东", "小龙", "丽华", "海峰", "秋菊", "建军", "志刚", "新民", "德明", "家豪", "嘉怡", "博文", "诗涵", "天佑", "梦瑶", "振宇", "慧敏", "宏伟", "凤英"]
ORG_SUFFIX = [(ApplicantKind.COMMERCIAL, "有限公司"), (ApplicantKind.RESEARCH, "研究所"),
              (ApplicantKind.PUBLIC_INTEREST, "公益服务中心"), (ApplicantKind.LEGAL_SERVICE, "律师事务所"),
              (ApplicantKind.OTHER, "股份经济合作社")]
REQUEST_TEMPLATES = (
    "{y}年度{place}某路改造工程的立项批复文件", "{place}某地块国有土地上房屋征收决定及征收补偿方案",
    "{y}年度部门预算和决算中“三公”经费明细", "{place}某村{y}年度村级财务公开材料", "{place}某小区规划许可证及附图",
    "{y}年社会救助对象公示名单及审核材料", "{place}某企业环境影响评价报告及批复", "{y}年度重大行政决策事项目录",
    "{place}某河道综合整治工程的招标文件和中标结果", "{y}年外贸企业出口补助资金分配明细",
    "对某单用途预付卡投诉的调查处理结果", "{place}某宅基地审批材料", "{y}年度政府工作报告重点任务分解及完成情况",
    "{place}某变电站建设项目选址论证和批复", "{y}年老旧小区改造实施计划", "{place}某地块土地出让合同及出让金缴纳情况",
)
PLACES = ("东城街道", "西湖镇", "长安镇", "许村镇", "海昌街道", "马桥街道", "盐官镇", "周王庙镇", "丁桥镇", "斜桥镇")
BATCH = 20_000
_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def ensure_agencies(count: int) -> list[Agency]:
    """SYN government with departments and townships (count in total)."""
    gov, _ = Agency.objects.get_or_create(code="SYN", defaults={"name": "合成市人民政府", "short_name": "合政公开",
                                                                 "kind": AgencyKind.GOVERNMENT})
    agencies = [gov]
    for i in range(1, count):
        kind = AgencyKind.DEPARTMENT if i % 4 else AgencyKind.TOWNSHIP
        name = f"合成市第{i}局" if kind == AgencyKind.DEPARTMENT else f"合成市第{i}镇人民政府"
        a, _ = Agency.objects.get_or_create(code=f"SYN-{i:03d}", defaults={
            "name": name, "short_name": f"合{i}公开", "kind": kind, "parent": gov})
        agencies.append(a)
    return agencies


def _due(cal, day: dt.date) -> dt.date | None:
    try:
        return cal.add_workdays(day, 20)
    except workdays.CalendarMissing:  # as in the platform: no guess, the case shows no due date
        return None


def _resident_id(rng: random.Random, born: dt.date) -> str:
    body = f"3304{rng.randrange(10, 90):02d}{born:%Y%m%d}{rng.randrange(0, 1000):03d}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, _ID_WEIGHTS, strict=True)) % 11]


def generate(n: int, seed: int = 1, agencies: int = 20, years: tuple[int, int] = (2021, 2026),
             today: dt.date | None = None) -> dict:
    started = time.perf_counter()
    rng = random.Random(seed)
    today = today or dt.date(years[1], 12, 15)
    User = get_user_model()
    user, _ = User.objects.get_or_create(username="syn-clerk", defaults={"is_active": False})
    ags = ensure_agencies(agencies)
    cal = platform_calendar()
    first, last = dt.date(years[0], 1, 1), min(dt.date(years[1], 12, 31), today)
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    due_of = {d: _due(cal, d) for d in days}
    outcomes = {y: [o.id for o in for_year(y).outcomes] for y in range(years[0], years[1] + 2)}
    out_weights = [40, 15] + [1] * 8 + [12, 4, 2] + [3, 2, 1, 1, 1] + [2] * (len(outcomes[years[1]]) - 18)
    kinds, kind_w = zip(*KIND_WEIGHTS, strict=True)
    seq: dict[tuple[int, int], int] = defaultdict(int)
    letter_seq: dict[tuple[int, int], int] = defaultdict(int)
    for s in Sequence.objects.filter(agency__in=ags):
        (seq if s.series == "application" else letter_seq)[(s.agency_id, s.year)] = s.last
    cols = ["agency_id", "number", "applicant_kind", "applicant_name", "identifier", "contact_phone",
            "contact_address", "contact_email", "information_requested", "form", "delivery_route", "channel", "source",
            "owner_id", "received_on", "submitted_on", "due_on", "sort_on", "clock_explanation", "clock_error",
            "status", "outcome", "legal_basis", "concluded_on", "delivered_on", "delivery_method", "delivery_note",
            "version", "created_at"]
    table = Application._meta.db_table
    q = connection.ops.quote_name
    sql = f"INSERT INTO {q(table)} ({', '.join(cols)}) VALUES ({', '.join(['%s'] * len(cols))})"
    entries_sql = (f"INSERT INTO {q(SearchEntry._meta.db_table)} (application_id, document) "
                   f"SELECT id, %s FROM {q(table)} WHERE agency_id = %s AND number = %s")
    now = dt.datetime.now(dt.UTC)
    made = 0
    rows: list[tuple] = []
    docs: list[tuple] = []
    with transaction.atomic():
        cursor = connection.cursor()
        for _ in range(n):
            agency = ags[0] if rng.random() < 0.1 else ags[rng.randrange(len(ags))]
            received = days[rng.randrange(len(days))]
            seq[(agency.pk, received.year)] += 1
            number = f"{agency.code}-{received.year}-{seq[(agency.pk, received.year)]:05d}"
            due = due_of[received]
            kind = rng.choices(kinds, kind_w)[0]
            if kind == ApplicantKind.NATURAL:
                name = rng.choice(SURNAMES) + rng.choice(GIVEN)
                identifier = _resident_id(rng, dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 20000)))
            else:
                suffix = next(s for k, s in ORG_SUFFIX if k == kind)
                name = f"{rng.choice(PLACES)}{rng.choice(GIVEN)}{rng.choice(GIVEN)}{suffix}"
                identifier = ""
            phone = f"1{rng.choice('3578')}{rng.randrange(0, 10**9):09d}"
            request = rng.choice(REQUEST_TEMPLATES).format(y=rng.randrange(2015, received.year + 1),
                                                           place=rng.choice(PLACES))
            lag = rng.randint(0, 45)
            concluded = received + dt.timedelta(days=lag)
            letters = []
            if concluded <= today and rng.random() < 0.97:
                fmt_outcomes = outcomes[concluded.year]
                outcome = rng.choices(fmt_outcomes, out_weights[: len(fmt_outcomes)])[0]
                status, delivered = Status.CLOSED, concluded
                letter_seq[(agency.pk, concluded.year)] += 1
                letters = [f"{agency.short_name}〔{concluded.year}〕{letter_seq[(agency.pk, concluded.year)]}号"]
            else:
                concluded = delivered = None
                outcome, status = "", Status.RECEIVED
            rows.append((
                agency.pk, number, kind, name, identifier, phone, "", "", request, Form.ELECTRONIC,
                DeliveryRoute.EMAIL, Channel.ONLINE, "staff", user.pk, received, received, due, due or received, "",
                "", status, outcome, "合成数据" if outcome else "", concluded, delivered,
                DeliveryRoute.EMAIL if delivered else "", "", 1, now,
            ))
            doc = " ".join(search.tokens(" ".join([number, name, identifier, phone, *letters, request]))
                           + search._tails(identifier) + search._tails(phone))
            docs.append((doc, agency.pk, number))
            if len(rows) >= BATCH:
                made += _flush(cursor, sql, rows, entries_sql, docs)
        if rows:
            made += _flush(cursor, sql, rows, entries_sql, docs)
        for (agency_id, year), last_no in seq.items():
            Sequence.objects.update_or_create(agency_id=agency_id, year=year, series="application",
                                              defaults={"last": last_no})
        for (agency_id, year), last_no in letter_seq.items():
            Sequence.objects.update_or_create(agency_id=agency_id, year=year, series="reply",
                                              defaults={"last": last_no})
    with connection.cursor() as c:
        c.execute(f"ANALYZE {q(table)}" if connection.vendor == "postgresql" else "ANALYZE")
        if connection.vendor == "postgresql":
            c.execute(f"ANALYZE {q(SearchEntry._meta.db_table)}")
    return {"cases": made, "agencies": len(ags), "seconds": time.perf_counter() - started}


def _flush(cursor, sql: str, rows: list, entries_sql: str, docs: list) -> int:
    cursor.executemany(sql, rows)
    cursor.executemany(entries_sql, docs)  # the FTS5 triggers (SQLite) index each entry as it is written
    made = len(rows)
    rows.clear()
    docs.clear()
    return made
