"""Table 三 from cases: hand-counted expectations, the checker finds no error, aggregates, locks."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai import checks
from gongkai.annual import locks, table3
from gongkai.casework import actions
from gongkai.casework.errors import YearLocked
from gongkai.formats import (
    T3_CARRIED_FORWARD,
    T3_CARRIED_OVER,
    T3_CONCLUDED,
    T3_NEW,
    T3_OTHER_2019,
    address,
    for_year,
    outcome_rows,
)

from .conftest import receive

NAT, COM, LAW, TOT = ("申请人情况/自然人", "申请人情况/法人或其他组织/商业企业",
                      "申请人情况/法人或其他组织/法律服务机构", "申请人情况/总计")
ROWS = outcome_rows(for_year(2025))
GRANTED, PARTLY, NOT_HELD = "granted", "partly_granted", "unable.not_held"  # outcome ids, as cases store them
FMT = for_year(2025)


def row(outcome_id: str) -> str:
    return FMT.outcome_row(outcome_id)
BASIS = "《条例》第三十六条"


def cell(report, r, col):
    return report.cells[address("表三", r, col)]


def decide(w, app, on, outcome, today):
    return actions.do_decide(w.head, app, on=on, outcome=outcome, legal_basis=BASIS, today=today,
                             reason="理由见附件")


@pytest.fixture
def cases(world):
    """2024: 2 received (1 concluded in 2024, 1 carried into 2025).  2025: 4 received (3 concluded,
    1 carried forward).  The town has one case of its own in 2025."""
    t = dt.date(2026, 3, 1)
    a = receive(world, on=dt.date(2024, 11, 4), n=1, today=t)
    b = receive(world, on=dt.date(2024, 12, 23), kind="commercial", n=2, today=t)
    decide(world, a, dt.date(2024, 11, 20), GRANTED, t)
    c = receive(world, on=dt.date(2025, 3, 3), n=3, today=t)
    d = receive(world, on=dt.date(2025, 5, 6), n=4, today=t)
    e = receive(world, on=dt.date(2025, 7, 1), kind="legal_service", n=5, today=t)
    receive(world, on=dt.date(2025, 12, 29), n=6, today=t)  # still open at the end of 2025
    decide(world, b, dt.date(2025, 1, 10), PARTLY, t)  # carried over, concluded in 2025
    decide(world, c, dt.date(2025, 3, 20), GRANTED, t)
    decide(world, d, dt.date(2025, 5, 20), NOT_HELD, t)
    decide(world, e, dt.date(2025, 7, 15), GRANTED, t)
    receive(world, agency=world.town, actor=world.town_clerk, on=dt.date(2025, 4, 1), n=7, today=t)
    return world


def test_table3_hand_counted(cases):
    r = table3.build(cases.dept, 2025)
    assert r.format.id == "2021"
    assert (cell(r, T3_NEW, NAT), cell(r, T3_NEW, LAW), cell(r, T3_NEW, TOT)) == (3, 1, 4)
    assert (cell(r, T3_CARRIED_OVER, COM), cell(r, T3_CARRIED_OVER, TOT)) == (1, 1)
    assert (cell(r, row(GRANTED), NAT), cell(r, row(GRANTED), LAW), cell(r, row(GRANTED), TOT)) == (1, 1, 2)
    assert (cell(r, row(PARTLY), COM), cell(r, row(NOT_HELD), NAT)) == (1, 1)
    assert cell(r, T3_CONCLUDED, TOT) == 4
    assert (cell(r, T3_CARRIED_FORWARD, NAT), cell(r, T3_CARRIED_FORWARD, TOT)) == (1, 1)
    assert cell(r, ROWS[5], TOT) == 0  # zero, not blank: the platform knows
    assert all(v is None for a, v in r.cells.items() if not a.startswith("表三"))  # other tables blank
    r2024 = table3.build(cases.dept, 2024)
    assert (cell(r2024, T3_NEW, TOT), cell(r2024, T3_CONCLUDED, TOT), cell(r2024, T3_CARRIED_FORWARD, TOT)) == (2, 1, 1)


def test_checker_finds_no_error_and_years_chain(cases):
    for year in (2024, 2025):
        for subs in (False, True):
            r = table3.build(cases.gov if subs else cases.dept, year, with_subordinates=subs)
            errs = [f for f in checks.check(r) if f.severity == "error" and f.table == "表三"]
            assert errs == [], errs
    prev, cur = table3.build(cases.dept, 2024), table3.build(cases.dept, 2025)
    carry = [f for f in checks.check(cur, previous=prev) if f.rule == "T3-6" and f.severity != "info"]
    assert carry == []


def test_region_sums_subordinates(cases):
    r = table3.build(cases.gov, 2025, with_subordinates=True)
    assert cell(r, T3_NEW, TOT) == 5 and cell(r, T3_CARRIED_FORWARD, TOT) == 2
    assert r.scope == "aggregate" and set(r.units) == {"测试市人民政府", "测试市商务局", "测试镇人民政府"}
    assert cell(table3.build(cases.gov, 2025), T3_NEW, TOT) == 0  # the government's own cases only


def test_2019_format_year(world):
    t = dt.date(2026, 3, 1)
    a = receive(world, on=dt.date(2020, 6, 1), n=1, today=t)
    actions.do_decide(world.head, a, on=dt.date(2020, 6, 10), outcome="other.misc", legal_basis=BASIS, today=t,
                      reason="申请人撤回申请")
    r = table3.build(world.dept, 2020)
    assert r.format.id == "2019" and cell(r, T3_OTHER_2019[0], TOT) == 1


def test_locked_year_refuses_changes(cases):
    t = dt.date(2026, 3, 1)
    locks.do_lock_year(cases.head, cases.dept, 2025, reason="表三测试：年报正文不在本测试范围")
    open_case = cases.dept.applications.get(received_on=dt.date(2025, 12, 29))
    with pytest.raises(YearLocked, match="2025年度的年报已锁定"):
        decide(cases, open_case, dt.date(2025, 12, 31), GRANTED, t)
    with pytest.raises(YearLocked):
        receive(cases, on=dt.date(2025, 12, 30), n=9, today=t)
    decide(cases, open_case, dt.date(2026, 1, 8), GRANTED, t)  # 2026 is open: fine
    stored, live = locks.locked_report(cases.dept, 2025), table3.build(cases.dept, 2025)
    assert all(stored.cells[a] == live.cells[a] for a in live.format.addresses("表三"))  # the lock holds the whole report
    with pytest.raises(YearLocked):
        locks.do_lock_year(cases.head, cases.dept, 2025)


def test_aggregate_is_two_queries(cases, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):  # subordinates lookup + one aggregate
        table3.build(cases.dept, 2025)
