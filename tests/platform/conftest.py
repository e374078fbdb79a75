"""Fixtures for the platform tests: a small hierarchy with staff in every role."""

from __future__ import annotations

import datetime as dt

import pytest

from casework_files import private_files_in
from gongkai.casework.demo import synthetic_credit_code, synthetic_id

TODAY = dt.date(2026, 6, 30)


@pytest.fixture
def world(db):
    from django.contrib.auth import get_user_model

    from gongkai.agencies.models import Agency, AgencyKind, Role, Staff

    User = get_user_model()
    gov = Agency.objects.create(code="G", name="测试市人民政府", short_name="测政公开", kind=AgencyKind.GOVERNMENT)
    dept = Agency.objects.create(code="G-D", name="测试市商务局", short_name="测商公开", parent=gov)
    town = Agency.objects.create(code="G-T", name="测试镇人民政府", short_name="测镇公开",
                                 kind=AgencyKind.TOWNSHIP, parent=gov)
    other = Agency.objects.create(code="X", name="别市人民政府", kind=AgencyKind.GOVERNMENT)

    def user(name, *memberships):
        u = User.objects.create_user(name, password="pw")
        for agency, role in memberships:
            Staff.objects.create(user=u, agency=agency, role=role)
        return u

    w = type("World", (), {})()
    w.gov, w.dept, w.town, w.other = gov, dept, town, other
    w.clerk = user("clerk", (dept, Role.REGISTRAR))
    w.handler = user("handler", (dept, Role.HANDLER))
    w.head = user("head", (dept, Role.HEAD))
    w.town_clerk = user("town_clerk", (town, Role.REGISTRAR), (town, Role.HEAD))
    w.supervisor = user("supervisor", (gov, Role.SUPERVISOR))
    w.outsider = user("outsider", (other, Role.HEAD))
    w.admin = user("admin", (gov, Role.ADMIN))
    return w


def receive(w, agency=None, actor=None, on=dt.date(2026, 6, 1), kind="natural", n=1, **kw):
    from gongkai.casework import actions

    fields = dict(
        applicant_kind=kind, applicant_name="王某" if kind == "natural" else "某某有限公司",
        identifier=synthetic_id(n) if kind == "natural" else synthetic_credit_code(n),
        information_requested="2025年度部门决算", channel="in_person", received_on=on, today=TODAY,
    )
    fields.update(kw)
    return actions.do_receive_application(actor or w.clerk, agency or w.dept, **fields)


# A made-up notice in the official wording (the real 2027 notice is not published yet).
NOTICE_2027 = """国务院办公厅关于2027年部分节假日安排的通知（测试用虚构文本）
一、元旦：1月1日（周五）至3日放假，共3天。
二、春节：2月6日（周六）至12日放假调休，共7天。2月13日（周六）上班。
三、清明节：4月5日（周一）放假，与周末连休。
四、劳动节：5月1日（周六）至5日放假调休，共5天。
五、端午节：6月9日放假。
六、中秋节：9月15日放假。
七、国庆节：10月1日（周五）至7日放假调休，共7天。
"""


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    yield from private_files_in(settings, tmp_path, "queue")


def lock_year(actor, agency, year: int):
    """Lock a year for a casework test.  Where the annual report's lock wants a reason for a draft
    with findings (it checks the whole report, not only 表三), one is given: these tests are about
    what a lock refuses, not about the report."""
    import inspect

    from gongkai.annual import locks

    if "reason" in inspect.signature(locks.do_lock_year).parameters:
        return locks.do_lock_year(actor, agency, year, reason="测试：只检验锁定后办件的拒绝")
    return locks.do_lock_year(actor, agency, year)
