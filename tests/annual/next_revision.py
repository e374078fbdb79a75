"""A made-up next revision of the national format (for tests only: no such notice exists).

It changes what a real revision plausibly would, using only the declaration's building blocks:

- 五's heading becomes 五、存在的主要问题及改进措施;
- 表二 gains a block 第二十条第（十）项 (重大建设项目: 本年批准件数, 本年公开件数) and its fee
  column is renamed 本年收费金额（万元） (still in 万元, declared as the column's unit);
- 表三 gains an outcome row （五）不予处理/6.要求对政府信息进行加工、分析 (a new outcome id,
  ``not_processed.analysis``) and renames 四、结转下年度继续办理 to 四、结转下年度办理;
- it applies from 2027 and supersedes the 2021 format from then on.

Declaring it is the whole change: the tests show the checks, readers, writers, the platform's
report builder and casework's outcome choices handle it with no code change.
"""

from __future__ import annotations

import dataclasses

from gongkai import formats
from gongkai.formats import Block, Format, Kind, Outcome, StockTrend, Table
from gongkai.formats import national as n

ID = "2027试"
OTHER = "三、本年度办理结果/（五）不予处理/6.要求对政府信息进行加工、分析"
CARRIED_FORWARD = "四、结转下年度办理"
FEE = "本年收费金额（万元）"
OUTCOME_ROWS = (*n.T3_OUTCOMES_COMMON_HEAD, OTHER, *n.T3_OTHER_2021)
ROWS = (n.T3_NEW, n.T3_CARRIED_OVER, *OUTCOME_ROWS, n.T3_CONCLUDED, CARRIED_FORWARD)
NEW_OUTCOME = "not_processed.analysis"


def _table2() -> Table:
    old = n.TABLE2_2021.blocks
    fee = n._block("八", ("行政事业性收费",), (FEE,), {FEE: Kind.AMOUNT}, {FEE: "万元"})
    projects = n._block("十", ("重大建设项目",), ("本年批准件数", "本年公开件数"))
    return Table(key="表二", section=2, value_rule="T2-1", blocks=(*old[:3], fee, projects))


def _table3() -> Table:
    t = n.FORMAT_2021.table("表三")
    return Table(key="表三", section=3, blocks=(Block(rows=ROWS, columns=n.T3_COLUMNS),), corner=t.corner,
                 column_group=t.column_group, value_rule=t.value_rule, quiet_groups=t.quiet_groups)


def _identities():
    from gongkai.formats import Identity

    return (
        Identity("T3-1", "表三", "column", total=n.T3_NEW, lhs_extra=(n.T3_CARRIED_OVER,),
                 parts=(n.T3_CONCLUDED, CARRIED_FORWARD), across=n.T3_COLUMNS, origin="OFFICIAL"),
        Identity("T3-2", "表三", "row", total=n.T3_TOTAL_COLUMN, parts=n.APPLICANT_COLUMNS, across=ROWS),
        Identity("T3-3", "表三", "column", total=n.T3_CONCLUDED, parts=OUTCOME_ROWS, across=n.T3_COLUMNS),
        *n.T4_IDENTITIES,
    )


def _outcomes():
    head = [o for o in n.OUTCOMES_2021 if not o.id.startswith("other.")]
    other = [o for o in n.OUTCOMES_2021 if o.id.startswith("other.")]
    return (*head, Outcome(NEW_OUTCOME, OTHER), *other)


NEXT = Format(
    id=ID,
    title="中华人民共和国政府信息公开工作年度报告格式（虚构的下一版，仅供测试）",
    notice="（测试用虚构通知）",
    years=(2027, None),
    sections=(*n.SECTIONS[:4], "五、存在的主要问题及改进措施", n.SECTIONS[5]),
    tables=(_table2(), _table3(), n.TABLE4),
    identities=_identities(),
    roles=dataclasses.replace(n.ROLES, carried_forward=CARRIED_FORWARD),
    outcomes=_outcomes(),
    superseded=(n.SUPERSEDED_IN_2021,),
    trends=(StockTrend("T2-2", "表二", rows=("第二十条第（一）项/规章", "第二十条第（一）项/行政规范性文件"),
                       stock="现行有效件数", added="本年制发件数", removed="本年废止件数"),),
    fee_report_required=True,
)


def declared():
    """Register NEXT for the duration of a test (a fixture yields from this)."""
    formats.register(NEXT)
    try:
        yield NEXT
    finally:
        formats.FORMATS.pop(ID, None)
