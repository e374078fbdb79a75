"""The demo loads through the actions, covers every state, and loads only once."""

from __future__ import annotations

import datetime as dt

from gongkai import checks
from gongkai.agencies.models import Agency
from gongkai.annual import table3
from gongkai.casework import demo
from gongkai.casework.calendar import platform_calendar
from gongkai.casework.choices import Status
from gongkai.casework.models import Application, Attachment, AuditEvent, ClockEvent, Document


def test_demo_is_complete_and_idempotent(db, settings, tmp_path):
    from gongkai.casework import storage

    settings.GONGKAI_HOME = tmp_path
    storage.reset()
    today = dt.date(2026, 11, 26)
    accounts = demo.load(today=today)
    assert {u for u, _, _ in accounts} >= {"admin", "hn-head", "sw-clerk", "hn-supervisor"}
    n = Application.objects.count()
    assert n == 61  # 60 and one re-handling a reconsideration decision ordered
    assert set(Application.objects.values_list("status", flat=True)) == set(Status.values)
    assert Application.objects.filter(status=Status.RECEIVED, due_on__lt=today).exists()  # overdue
    assert Application.objects.filter(source="portal").exists() and Attachment.objects.exists()
    assert AuditEvent.objects.filter(application__isnull=False).count() >= 150
    # every decision and delivery on a working day; varied requests; the offices' remedies filled in
    cal = platform_calendar()
    assert all(cal.is_workday(d) for d in ClockEvent.objects.filter(kind__in=["decided", "delivered"])
               .values_list("on", flat=True))
    assert Application.objects.values("information_requested").distinct().count() >= 25
    assert all(a.reconsideration_body and a.court and a.phone for a in Agency.objects.filter(code__startswith="HN"))
    reply = Document.objects.filter(kind__startswith="reply_", state="issued").first()
    assert reply.context["reconsideration_body"]
    demo.load(today=today)
    assert Application.objects.count() == n
    storage.reset()
    hn = Agency.objects.get(code="HN")
    for year in (2025, 2026):
        r = table3.build(hn, year, with_subordinates=True)
        assert not [f for f in checks.check(r) if f.severity == "error" and f.table == "表三"]
