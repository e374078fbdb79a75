"""Appeals in the demo: a reconsideration (upheld) and a suit after it (pending) on 海宁市人民政府's
cases, and a direct suit on 海宁市自然资源和规划局's, all through the actions and only on cases
casework's demo concluded.  Idempotent: nothing is added once the demo agencies have appeals."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.casework.errors import CaseworkError
from gongkai.casework.models import Application

from . import actions
from .models import Appeal


def load(today: dt.date | None = None) -> list[tuple[str, str, str]]:
    today = today or timezone.localdate()
    users = {u.username: u for u in get_user_model().objects.filter(username__in=("hn-handler", "zg-handler"))}
    gov, zg = Agency.objects.filter(code="HN").first(), Agency.objects.filter(code="HN-ZG").first()
    if not users or gov is None or zg is None or Appeal.objects.filter(agency__in=(gov, zg)).exists():
        return []
    try:
        _appeals(gov, zg, users, today)
    except CaseworkError as e:  # a demo date that hits a rule (a locked year) is skipped, not faked
        print(f"演示复议诉讼未完成：{e.message}")
    return []


def _decided(agency, before: dt.date):
    return (Application.objects.filter(agency=agency, concluded_on__isnull=False, concluded_on__lt=before)
            .order_by("concluded_on", "id"))


def _appeals(gov, zg, users, today: dt.date) -> None:
    cases = list(_decided(gov, today - dt.timedelta(days=60))[:2])
    if cases and "hn-handler" in users:
        who = users["hn-handler"]
        first = cases[0]
        filed = first.concluded_on + dt.timedelta(days=12)
        rec = actions.do_record_appeal(who, gov, kind="reconsideration", body="嘉兴市人民政府", filed_on=filed,
                                       application=first, case_number=f"嘉政复〔{filed.year}〕{first.pk}号", today=today)
        actions.do_conclude_appeal(who, rec, on=min(filed + dt.timedelta(days=45), today), result="upheld",
                                   note="维持原答复", today=today)
        actions.do_record_appeal(who, gov, kind="litigation_after_reconsideration", body="海宁市人民法院",
                                 filed_on=min(filed + dt.timedelta(days=55), today), reconsideration=rec,
                                 case_number=f"（{filed.year}）浙0481行初{first.pk}号", today=today)
    zg_case = _decided(zg, today - dt.timedelta(days=30)).first()
    if zg_case is not None and "zg-handler" in users:
        filed = zg_case.concluded_on + dt.timedelta(days=20)
        actions.do_record_appeal(users["zg-handler"], zg, kind="litigation_direct", body="海宁市人民法院",
                                 filed_on=min(filed, today), application=zg_case,
                                 case_number=f"（{filed.year}）浙0481行初{zg_case.pk + 100}号", today=today)
