"""Synthetic cases in bulk, for benchmarks only.

Rows are inserted with ``executemany`` (no model instances, no actions, no clock events,
no audit trail): this measures the aggregate queries and the case list at scale, not the
casework rules.  Due dates are the real 20-working-day dates from the platform calendar
(precomputed per receipt day).  Agencies and users are prefixed ``SYN`` so they never mix
with real or demo data.
"""

from __future__ import annotations

import datetime as dt
import random
import time

from django.contrib.auth import get_user_model
from django.db import connection, transaction

from gongkai import workdays
from gongkai.agencies.models import Agency, AgencyKind
from gongkai.formats import for_year

from .calendar import platform_calendar
from .choices import ApplicantKind, Channel, DeliveryRoute, Form, Status
from .models import Application

# applicant mix and outcome weights roughly as in published reports (natural persons dominate)
KIND_WEIGHTS = [(ApplicantKind.NATURAL, 85), (ApplicantKind.COMMERCIAL, 8), (ApplicantKind.RESEARCH, 1),
                (ApplicantKind.PUBLIC_INTEREST, 1), (ApplicantKind.LEGAL_SERVICE, 3), (ApplicantKind.OTHER, 2)]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
BATCH = 20_000


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
    start_seq = {a.pk: Application.objects.filter(agency=a).count() for a in ags}
    cols = ["agency_id", "number", "applicant_kind", "applicant_name", "identifier", "contact_phone",
            "contact_address", "contact_email", "information_requested", "form", "delivery_route", "channel",
            "owner_id", "received_on", "due_on", "sort_on", "clock_explanation", "clock_error", "status", "outcome",
            "legal_basis", "concluded_on", "delivered_on", "delivery_method", "delivery_note", "version", "created_at"]
    table = Application._meta.db_table
    sql = (f"INSERT INTO {connection.ops.quote_name(table)} ({', '.join(cols)}) "
           f"VALUES ({', '.join(['%s'] * len(cols))})")
    now = dt.datetime.now(dt.UTC)
    made = 0
    rows: list[tuple] = []
    with transaction.atomic():
        cursor = connection.cursor()
        for i in range(n):
            agency = ags[0] if rng.random() < 0.1 else ags[rng.randrange(len(ags))]
            start_seq[agency.pk] += 1
            received = days[rng.randrange(len(days))]
            due = due_of[received]
            kind = rng.choices(kinds, kind_w)[0]
            lag = rng.randint(0, 45)
            concluded = received + dt.timedelta(days=lag)
            if concluded <= today and rng.random() < 0.97:
                fmt_outcomes = outcomes[concluded.year]
                outcome = rng.choices(fmt_outcomes, out_weights[: len(fmt_outcomes)])[0]
                status, delivered = Status.CLOSED, concluded
            else:
                concluded = delivered = None
                outcome, status = "", Status.RECEIVED
            rows.append((
                agency.pk, f"S{received.year}-{start_seq[agency.pk]:08d}", kind,
                SURNAMES[i % len(SURNAMES)] + "某", "", "", "", "", "合成申请：某项政府信息", Form.ELECTRONIC,
                DeliveryRoute.EMAIL, Channel.ONLINE, user.pk, received, due, due or received, "", "", status, outcome,
                "合成数据" if outcome else "", concluded, delivered, DeliveryRoute.EMAIL if delivered else "", "", 1, now,
            ))
            if len(rows) >= BATCH:
                cursor.executemany(sql, rows)
                made += len(rows)
                rows.clear()
        if rows:
            cursor.executemany(sql, rows)
            made += len(rows)
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute(f"ANALYZE {connection.ops.quote_name(table)}")
    elif connection.vendor == "sqlite":
        with connection.cursor() as c:
            c.execute("ANALYZE")
    return {"cases": made, "agencies": len(ags), "seconds": time.perf_counter() - started}
