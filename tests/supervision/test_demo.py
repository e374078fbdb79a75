"""The demo region: 海宁's departments uploaded and reviewed through the actions; a second load adds nothing."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 30)


def test_demo_region_loads_once_with_real_states(client):
    from gongkai.casework import demo as casework_demo
    from gongkai.supervision import demo
    from gongkai.supervision.models import Document, Entry, TrackedFinding

    casework_demo.load(today=TODAY)
    demo.load(today=TODAY)
    docs = Document.objects.filter(government__code="HN")
    assert docs.filter(state="read").count() == docs.count() >= 6
    assert {d.kind for d in docs} >= {"html", "docx", "pdf", "text"}
    year = TODAY.year - 1
    entries = {e.agency.code: e for e in Entry.objects.filter(year=year).select_related("agency")}
    assert set(entries) >= {"HN-SW", "HN-ZG", "HN-XC"}
    assert entries["HN-SW"].unknown_cells == 1  # the misprinted cell, left for the office to correct
    assert entries["HN-ZG"].received_on == dt.date(year + 1, 2, 3)  # late
    statuses = set(TrackedFinding.objects.filter(year=year).values_list("status", flat=True))
    assert {"open", "explained", "dismissed"} <= statuses
    assert Entry.objects.filter(agency__code="HN-SW", year=2019, source="upload").exists()  # the seed, as published
    n = docs.count()
    demo.load(today=TODAY)
    assert Document.objects.filter(government__code="HN").count() == n
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="hn-supervisor"))
    r = client.get("/supervision/", follow=True)
    assert r.status_code == 200 and "海宁市商务局" in r.content.decode()
