"""The demo loads through the actions, covers every state, and loads only once."""

from __future__ import annotations

import datetime as dt

from gongkai import checks
from gongkai.agencies.models import Agency
from gongkai.annual import table3
from gongkai.casework import demo
from gongkai.casework.choices import Status
from gongkai.casework.models import Application, AuditEvent


def test_demo_is_complete_and_idempotent(db):
    today = dt.date(2026, 11, 26)
    accounts = demo.load(today=today)
    assert {u for u, _, _ in accounts} >= {"admin", "hn-head", "sw-clerk", "hn-supervisor"}
    assert Application.objects.count() == 60
    assert set(Application.objects.values_list("status", flat=True)) == set(Status.values)
    assert Application.objects.filter(status=Status.RECEIVED, due_on__lt=today).exists()  # overdue
    assert AuditEvent.objects.filter(application__isnull=False).count() >= 120
    demo.load(today=today)
    assert Application.objects.count() == 60
    hn = Agency.objects.get(code="HN")
    for year in (2025, 2026):
        r = table3.build(hn, year, with_subordinates=True)
        assert not [f for f in checks.check(r) if f.severity == "error" and f.table == "表三"]
