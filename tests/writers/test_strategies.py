"""tests/strategies.py generates what it promises (others' property tests rely on it)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.formats import Kind
from strategies import reports


def _broken(report) -> list[str]:
    out = []
    for ident in report.format.identities:
        for member, left, right in ident.instances():
            if sum(report.number(a) for a in left) != sum(report.number(a) for a in right):
                out.append(f"{ident.rule} {member}")
    return out


@settings(max_examples=60, deadline=None)
@given(reports(consistent=True))
def test_consistent_reports_keep_every_identity(report):
    assert _broken(report) == []
    for addr, v in report.cells.items():
        kind = report.format.cells[addr].kind
        if v is None:
            continue
        if kind == Kind.AMOUNT:
            assert v >= 0 and (isinstance(v, int) or -v.as_tuple().exponent <= 4)
        else:
            assert isinstance(v, int) and (kind == Kind.SIGNED or v >= 0)
    prev = "上一年项目数量"
    for addr, v in report.cells.items():  # 本年增/减 never takes the count below 0
        if addr.endswith("|本年增/减") and v is not None:
            assert report.number(addr.replace("本年增/减", prev)) + v >= 0
    assert set(report.sections) == set(range(1, 7)) and all(report.sections.values())
    assert report.agency and report.year in range(report.format.years[0], (report.format.years[1] or 2100) + 1)


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_both_formats_blanks_and_inconsistency_occur(data):
    r = data.draw(reports(fmt="2021", consistent=False, blanks=False))
    assert r.format.id == "2021" and not r.blank()
    assert all(not isinstance(v, float) for v in r.cells.values())


def test_inconsistent_and_blank_reports_are_generated():
    seen = {"blank": False, "broken": False, "2019": False, "2021": False}

    @settings(max_examples=60, deadline=None, database=None)
    @given(reports(consistent=False))
    def probe(report):
        seen["blank"] |= bool(report.blank())
        seen["broken"] |= bool(_broken(report))
        seen[report.format.id] = True

    probe()
    assert all(seen.values()), seen
