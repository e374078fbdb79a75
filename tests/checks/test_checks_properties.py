"""Property tests for the arithmetic: consistent reports pass; any single changed cell is caught."""

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai import checks
from gongkai.report import aggregate
from strategies import reports


@given(reports(consistent=True))
def test_a_consistent_report_has_no_error(report):
    assert checks.errors(checks.check(report)) == []


@settings(max_examples=150)
@given(reports(consistent=True, blanks=False), st.data())
def test_changing_any_single_table3_or_table4_cell_is_an_error_naming_it(report, data):
    addresses = report.format.addresses("表三") + report.format.addresses("表四")
    addr = data.draw(st.sampled_from(addresses), label="cell")
    delta = data.draw(st.integers(-50, 50).filter(bool), label="delta")
    changed = copy.deepcopy(report)
    changed.cells[addr] = report.cells[addr] + delta
    errors = checks.errors(checks.check(changed))
    assert errors, f"changing {addr} by {delta} went unnoticed"
    assert any(addr in f.cells for f in errors)


@settings(max_examples=50)
@given(reports(consistent=True, blanks=True))
def test_blanking_a_nonzero_cell_is_caught(report):
    nonzero = [a for a in report.format.addresses("表三") if report.cells[a]]
    if not nonzero:
        return
    changed = copy.deepcopy(report)
    changed.cells[nonzero[0]] = None
    found = checks.check(changed)
    assert any(nonzero[0] in f.cells and f.severity == "error" and nonzero[0] in f.blank_cells for f in found)


@settings(max_examples=30, deadline=None)  # a loaded machine makes 200 ms flaky
@given(st.lists(reports(fmt="2021", consistent=True), min_size=2, max_size=4))
def test_aggregating_consistent_reports_stays_consistent(parts):
    for p in parts:
        p.year = parts[0].year
    total = aggregate(parts, "某市")
    assert checks.errors(checks.check(total)) == []
    some = next(iter(total.format.cells))
    values = [p.cells[some] for p in parts if p.cells[some] is not None]
    assert total.cells[some] == (sum(values) if values else None)
