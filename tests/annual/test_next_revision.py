"""A made-up next revision of the format (tests/annual/next_revision.py), declared and nothing else
changed: the platform builds its report from cases, appeals, 表二 figures and sections; the checker
judges it by its own sums; the writers print it and the readers read it back cell by cell."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from annual import next_revision
from annual.next_revision import CARRIED_FORWARD, FEE, NEW_OUTCOME, OTHER
from annual.world import BASIS, decide, receive
from gongkai import checks, formats, interchange, readers, writers
from gongkai.annual import build, drafting, locks
from gongkai.appeals import actions as appeals
from gongkai.casework.choices import outcome_choices
from gongkai.formats import address

D = dt.date
TODAY = D(2028, 1, 15)
TOT = formats.T3_TOTAL_COLUMN
PROJECTS = "表二|第二十条第（十）项/重大建设项目|本年批准件数"
FEE_CELL = f"表二|第二十条第（八）项/行政事业性收费|{FEE}"


@pytest.fixture
def nxt():
    yield from next_revision.declared()


def test_the_year_picks_it(nxt):
    assert formats.for_year(2027) is nxt and formats.for_year(2035) is nxt
    assert formats.for_year(2026).id == "2021" and formats.get(nxt.id) is nxt
    assert (NEW_OUTCOME, "（五）不予处理 6.要求对政府信息进行加工、分析") in outcome_choices(2027)
    with pytest.raises(formats.FormatError, match="已有另一份声明"):
        formats.register(dataclasses.replace(nxt, title="another"))


def _year_2027(w):
    """2026: one case carried into 2027.  2027: two received, one decided with the new outcome."""
    before = receive(w, D(2026, 12, 28), 80, today=TODAY)
    a = receive(w, D(2027, 3, 1), 81, today=TODAY)
    receive(w, D(2027, 12, 30), 82, kind="commercial", today=TODAY)
    decide(w, before, D(2027, 1, 20), "granted", today=TODAY)
    decide(w, a, D(2027, 3, 20), NEW_OUTCOME, today=TODAY)
    a.refresh_from_db()
    appeals.do_record_appeal(w.handler, w.dept, kind="reconsideration", body="测试市人民政府",
                             filed_on=D(2027, 4, 2), application=a, today=TODAY)
    fmt = formats.for_year(2027)
    figs = {addr: "2" for addr, c in fmt.cells.items() if c.table == "表二"}
    figs[FEE_CELL] = "0.8"
    drafting.do_enter_table2(w.handler, w.dept, 2027, figures_in=figs, sources={x: "业务系统" for x in figs})
    drafting.do_save_sections(w.handler, w.dept, 2027, sections={
        1: "2027年总体情况。", 5: "问题与改进措施。", 6: "本年度未收取信息处理费。"})


def test_the_platform_builds_it_and_the_checker_passes_it(world, nxt):
    _year_2027(world)
    built = build.build(world.dept, 2027)
    r = built.report
    assert r.format is nxt and built.errors == [], [f.message for f in built.errors]
    assert r.cells[address("表三", OTHER, TOT)] == 1
    assert r.cells[address("表三", CARRIED_FORWARD, TOT)] == 1 and r.cells[address("表三", nxt.roles.carried_over, TOT)] == 1
    assert r.cells[PROJECTS] == 2 and r.cells[address("表四", "合计", "行政复议/尚未审结")] == 1
    back = interchange.loads(interchange.dumps(r))
    assert back.format is nxt and back.same_cells(r)


def test_its_own_sums_and_units_judge_it(world, nxt):
    _year_2027(world)
    r = build.report(world.dept, 2027)
    r.cells[address("表三", OTHER, formats.APPLICANT_COLUMNS[0])] = 3  # the new row breaks T3-2 and T3-3
    r.cells[FEE_CELL] = 120000  # 万元 by the column's declared unit: typed in 元?
    found = checks.check(r)
    t33 = [f for f in found if f.rule == "T3-3"]
    assert t33 and "6.要求对政府信息进行加工、分析" in t33[0].message
    assert any(f.rule == "T3-2" and "6.要求对政府信息进行加工、分析" in f.message for f in found)
    assert any(f.rule == "T2-3" and "本年收费金额（万元）" in f.message for f in found)


def test_across_the_format_change(world, nxt):
    """2026 (2021 format) locked; 2027's carry-over is checked against it by role, not by label."""
    _year_2027(world)
    locks.do_lock_year(world.head, world.dept, 2026, reason="测试：2026年度正文不全")
    built = build.build(world.dept, 2027)
    assert built.previous_source == "2026年度已锁定的年报"
    assert not [f for f in built.findings if f.rule in ("T3-6", "X-1")]
    assert any(f.rule == "T2-2" for f in built.findings)  # the shared 表二 stock rule ran (its figures disagree)


@pytest.mark.parametrize("kind", ["html", "docx", "pdf"])
def test_writers_print_it_and_readers_read_it_back(world, nxt, kind):
    _year_2027(world)
    r = build.report(world.dept, 2027)
    data = writers.render(r, kind)
    if kind == "html":
        text = data.decode()
        assert "五、存在的主要问题及改进措施" in text and "第二十条第（十）项" in text and "6.要求对政府信息进行加工、分析" in text
    back = readers.read_bytes(data, f"next.{kind}")
    assert back.format is nxt and back.year == 2027
    wrong = {a: (r.cells[a], back.cells[a]) for a in nxt.cells if back.cells[a] != r.cells[a]}
    assert wrong == {}
    for n in (1, 5, 6):
        assert back.sections[n].strip() == r.sections[n]


def test_decisions_in_its_years_use_its_outcomes(world, nxt):
    from gongkai.casework import actions
    from gongkai.casework.errors import InvalidInput

    app = receive(world, D(2027, 5, 6), 83, today=TODAY)
    with pytest.raises(InvalidInput, match="不是2027年适用的年报格式"):
        actions.do_decide(world.head, app, on=D(2027, 5, 20), outcome="no.such", legal_basis=BASIS, today=TODAY)
    done = actions.do_decide(world.head, app, on=D(2027, 5, 20), outcome=NEW_OUTCOME, legal_basis=BASIS, today=TODAY,
                             reason="依据《条例》相关规定", delivery="通过电子邮件发送")
    assert done.outcome_label == "（五）不予处理 6.要求对政府信息进行加工、分析"
