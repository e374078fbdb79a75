"""The appeals pages: record on a case by its number, conclude, correct; who sees what."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from annual.world import decided_case
from gongkai.appeals.models import Appeal

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: D(2026, 6, 30))


def test_record_conclude_and_correct(world, client):
    app = decided_case(world, D(2025, 1, 6), D(2025, 1, 20), 1)
    client.force_login(world.handler)
    form = {"agency": "G-D", "kind": "reconsideration", "application_number": app.number, "body": "测试市人民政府",
            "case_number": "测政复〔2025〕7号", "filed_on": "2025-02-10"}
    r = client.post(reverse("appeals:new"), {**form, "application_number": "2025-99999"})
    assert r.status_code == 400 and "没有编号为 2025-99999 的申请" in r.content.decode()
    r = client.post(reverse("appeals:new"), {**form, "filed_on": "2025-01-10"})
    assert r.status_code == 400 and "早于申请" in r.content.decode()
    r = client.post(reverse("appeals:new"), form)
    a = Appeal.objects.get()
    assert r.status_code == 302 and a.application == app
    page = client.get(reverse("appeals:detail", args=[a.pk])).content.decode()
    assert "尚未审结" in page and "王**" in page and "王某" not in page
    r = client.post(reverse("appeals:conclude", args=[a.pk]),
                    {"version": 1, "concluded_on": "2025-04-01", "result": "upheld", "note": "维持原答复"})
    assert r.status_code == 302
    r = client.post(reverse("appeals:conclude", args=[a.pk]),
                    {"version": 1, "concluded_on": "2025-04-02", "result": "other"})
    assert r.status_code == 409  # a stale form: someone concluded it meanwhile
    r = client.post(reverse("appeals:amend", args=[a.pk]), {"version": 2, "body": "测试市人民政府",
                                                            "case_number": "测政复〔2025〕8号", "filed_on": "2025-02-10",
                                                            "reason": "案号笔误"})
    assert r.status_code == 302 and Appeal.objects.get().case_number == "测政复〔2025〕8号"
    page = client.get(reverse("appeals:detail", args=[a.pk])).content.decode()
    assert "更正登记：案号笔误" in page and "维持" in page


def test_visibility(world, client):
    a = Appeal.objects.create(agency=world.dept, kind="reconsideration", body="x", filed_on=D(2025, 3, 1),
                              applicant_name="李某", decision_ref="x")
    client.force_login(world.outsider)
    assert client.get(reverse("appeals:detail", args=[a.pk])).status_code == 404
    assert "李**" not in client.get(reverse("appeals:list")).content.decode()
    client.force_login(world.supervisor)
    page = client.get(reverse("appeals:detail", args=[a.pk])).content.decode()
    assert "您只能查看该记录" in page
    r = client.post(reverse("appeals:conclude", args=[a.pk]), {"version": 1, "concluded_on": "2025-04-01",
                                                               "result": "upheld"})
    assert r.status_code == 400 and Appeal.objects.get().concluded_on is None
    client.force_login(world.handler)
    assert "李**" in client.get(reverse("appeals:list")).content.decode()
