"""A small world for the annual-report and appeals tests: a government, a department with staff
in every role, another agency, cases decided through casework's actions."""

from __future__ import annotations

import datetime as dt
import types

from gongkai.casework.demo import synthetic_credit_code, synthetic_id

TODAY = dt.date(2026, 6, 30)
BASIS = "《中华人民共和国政府信息公开条例》第三十六条"


def make_world():
    from django.contrib.auth import get_user_model

    from gongkai.agencies.models import Agency, AgencyKind, Role, Staff

    User = get_user_model()
    gov = Agency.objects.create(code="G", name="测试市人民政府", short_name="测政公开", kind=AgencyKind.GOVERNMENT)
    dept = Agency.objects.create(code="G-D", name="测试市商务局", short_name="测商公开", parent=gov)
    other = Agency.objects.create(code="X", name="别市人民政府", kind=AgencyKind.GOVERNMENT)

    def user(name, *memberships):
        u = User.objects.create_user(name, password="pw")
        for agency, role in memberships:
            Staff.objects.create(user=u, agency=agency, role=role)
        return u

    w = types.SimpleNamespace(gov=gov, dept=dept, other=other)
    w.clerk = user("clerk", (dept, Role.REGISTRAR))
    w.handler = user("handler", (dept, Role.HANDLER))
    w.head = user("head", (dept, Role.HEAD))
    w.gov_head = user("gov_head", (gov, Role.HEAD))
    w.supervisor = user("supervisor", (gov, Role.SUPERVISOR))
    w.outsider = user("outsider", (other, Role.HEAD))
    w.admin = user("admin", (gov, Role.ADMIN))
    return w


def receive(w, on: dt.date, n: int, kind: str = "natural", agency=None, actor=None, today: dt.date = TODAY):
    from gongkai.casework import actions

    return actions.do_receive_application(
        actor or w.clerk, agency or w.dept, applicant_kind=kind,
        applicant_name="王某" if kind == "natural" else "某某有限公司",
        identifier=synthetic_id(n) if kind == "natural" else synthetic_credit_code(n),
        information_requested="2025年度部门决算", channel="in_person", received_on=on, today=today)


def decide(w, app, on: dt.date, outcome: str = "granted", today: dt.date = TODAY):
    from gongkai.casework import actions

    return actions.do_decide(w.head, app, on=on, outcome=outcome, legal_basis=BASIS, today=today,
                             reason="依据《条例》相关规定", delivery="通过电子邮件发送")


def decided_case(w, received: dt.date, decided: dt.date, n: int, outcome: str = "granted", **kw):
    return decide(w, receive(w, received, n, **kw), decided, outcome)


def use_tmp_private_storage(monkeypatch, path) -> None:
    """Point the platform's private storage (uploads, published files) at a test directory."""
    from gongkai.web.uploads import private_storage

    storage = private_storage()
    monkeypatch.setattr(storage, "_location", str(path))
    for attr in ("base_location", "location"):
        storage.__dict__.pop(attr, None)


class _Provider:
    """What `provide` returns, set by a test (a provider of the tests' own, declared as
    ``table2_provider = "annual.world.provide"`` on an installed app)."""

    result: dict = {}
    calls: list = []
    fail: Exception | None = None


PROVIDER = _Provider()


def provide(agency, year: int, fmt) -> dict:
    PROVIDER.calls.append((agency.code, year, fmt.id))
    if PROVIDER.fail is not None:
        raise PROVIDER.fail
    return PROVIDER.result
