"""表四 from the records: hand-counted, both counting rules, and properties over random ledgers."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai import checks
from gongkai.appeals import counting, table4
from gongkai.appeals.models import Appeal
from gongkai.formats import address, for_year

D = dt.date
FMT = for_year(2025)
ROW = FMT.roles.appeal_row


def col(kind, result):
    return address("表四", ROW, FMT.appeal_column(kind, result))


def total(kind):
    return address("表四", ROW, FMT.appeal_total_column(kind))


def add(w, kind, filed, concluded=None, result=""):
    return Appeal.objects.create(agency=w.dept, kind=kind, body="x", filed_on=filed, concluded_on=concluded,
                                 result=result, applicant_name="李某", decision_ref="x")


@pytest.fixture
def ledger(world):
    add(world, "reconsideration", D(2024, 10, 8), D(2025, 1, 20), "upheld")  # pending at the end of 2024
    add(world, "reconsideration", D(2025, 2, 1), D(2025, 4, 1), "corrected")
    add(world, "reconsideration", D(2025, 11, 3))  # pending at the end of 2025
    add(world, "litigation_direct", D(2025, 6, 1), D(2025, 9, 9), "other")
    add(world, "litigation_after_reconsideration", D(2025, 12, 1), D(2026, 3, 1), "corrected")
    add(world, "litigation_direct", D(2023, 1, 1), D(2023, 5, 1), "upheld")  # long done
    return world


def test_concluded_or_pending(ledger):
    c = table4.cells(FMT, table4.counts([ledger.dept.pk], 2025, counting.CONCLUDED_OR_PENDING))
    assert c[col("reconsideration", "upheld")] == 1 and c[col("reconsideration", "corrected")] == 1
    assert c[col("reconsideration", "pending")] == 1 and c[total("reconsideration")] == 3
    assert c[col("litigation_direct", "other")] == 1 and c[total("litigation_direct")] == 1
    assert c[col("litigation_after_reconsideration", "pending")] == 1
    assert all(isinstance(v, int) for v in c.values()) and len(c) == 15  # every cell a number
    c24 = table4.cells(FMT, table4.counts([ledger.dept.pk], 2024, counting.CONCLUDED_OR_PENDING))
    assert c24[col("reconsideration", "pending")] == 1 and c24[total("litigation_direct")] == 0


def test_filed_rule(ledger):
    c = table4.cells(FMT, table4.counts([ledger.dept.pk], 2025, counting.FILED))
    assert c[col("reconsideration", "upheld")] == 0  # filed in 2024: not 2025's
    assert c[col("reconsideration", "corrected")] == 1 and c[col("reconsideration", "pending")] == 1
    assert c[col("litigation_after_reconsideration", "pending")] == 1  # its result came in 2026
    c24 = table4.cells(FMT, table4.counts([ledger.dept.pk], 2024, counting.FILED))
    assert c24[col("reconsideration", "pending")] == 1


def test_one_query(ledger, django_assert_num_queries):
    with django_assert_num_queries(1):
        table4.counts([ledger.dept.pk], 2025, counting.CONCLUDED_OR_PENDING)


def test_setting_is_validated(settings):
    settings.GONGKAI_APPEALS_YEAR_RULE = "whenever"
    with pytest.raises(counting.RuleError, match="设置无效"):
        counting.year_rule()


def test_kind_and_result_ids_are_the_formats():
    from gongkai.appeals.choices import PENDING, AppealKind, AppealResult
    from gongkai.formats import FORMATS

    for fmt in FORMATS.values():
        assert set(fmt.roles.appeal_kinds) == set(AppealKind.values)
        assert set(fmt.roles.appeal_results) == {*AppealResult.values, PENDING}


day = st.dates(min_value=D(2022, 1, 1), max_value=D(2026, 12, 31))
matter = st.tuples(st.sampled_from(["reconsideration", "litigation_direct", "litigation_after_reconsideration"]),
                   day, st.one_of(st.none(), st.integers(0, 700)), st.sampled_from(["upheld", "corrected", "other"]))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(matter, max_size=12))
def test_properties(world, matters):
    Appeal.objects.all().delete()
    rows = []
    for kind, filed, lag, result in matters:
        concluded = filed + dt.timedelta(days=lag) if lag is not None else None
        rows.append(add(world, kind, filed, concluded, result if concluded else ""))
    years = range(2022, 2028)
    for rule in counting.RULES:
        results_reported = 0
        for y in years:
            c = table4.cells(FMT, table4.counts([world.dept.pk], y, rule))
            report = checks.check(_report(c, y))
            assert not [f for f in report if f.table == "表四" and f.severity == "error"]  # T4-1, T4-2 hold
            results_reported += sum(c[col(k, r)] for k in FMT.roles.appeal_kinds for r in ("upheld", "corrected", "other"))
            # the matter-by-matter rule agrees with the query
            expected = sum(1 for a in rows if counting.state_in_year(a.filed_on, a.concluded_on, a.result, y, rule))
            assert sum(c[total(k)] for k in FMT.roles.appeal_kinds) == expected
        concluded_in_window = [a for a in rows if a.concluded_on and a.concluded_on.year in years]
        if rule == counting.CONCLUDED_OR_PENDING:
            assert results_reported == len(concluded_in_window)  # every result reported exactly once
        else:
            # a result counts only when reached by the end of the filing year
            assert results_reported == sum(1 for a in rows if a.concluded_on and a.concluded_on.year == a.filed_on.year)


def _report(cells, year):
    from gongkai.report import Report

    r = Report.empty("测试市商务局", year, for_year(year))
    r.cells.update(cells)
    return r
