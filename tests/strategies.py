"""Hypothesis strategies for annual reports, in both national formats.

    from strategies import reports
    @given(reports(consistent=True))          # every 表三/表四 identity holds
    @given(reports(fmt="2021", blanks=False))  # no blank cells

`consistent=True` builds 表三 the way casework produces it: per applicant column, one
count per outcome row, （七）总计 as their sum, a carried-forward count, and 新收 / 上年结转
split so that 一 + 二 = （七） + 四; the 总计 column is the row sum; each 表四 总计 is the
sum of its four results; 表二's 本年增/减 never takes 上一年项目数量 below 0 and fees stay
under the T2-3 unit heuristic.  With `blanks=True` some cells are `None`; in a consistent
report only cells whose value is 0 go blank, so the identities hold with blank read as 0
(the checker still reports the blanks, B-1, as it should).

Agency names and section texts are short Chinese text from fixed vocabularies, so the
round trip through the writers and readers also covers text.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

from gongkai import formats
from gongkai.formats import (
    APPLICANT_COLUMNS,
    T3_CARRIED_FORWARD,
    T3_CARRIED_OVER,
    T3_CONCLUDED,
    T3_NEW,
    T3_TOTAL_COLUMN,
    T4_GROUPS,
    T4_LEAVES,
    T4_ROW,
    Format,
    Kind,
    address,
)
from gongkai.report import Report

PLACES = ("海宁市", "平潭综合实验区", "洪泽区", "嘉兴市", "临安区", "城关镇", "东湖区", "青山县", "南岸区", "和平街道")
BODIES = ("人民政府", "人民政府办公室", "商务局", "教育局", "财政局", "自然资源和规划局", "卫生健康委员会", "市场监督管理局")
MIDDLE = "东南西北山水河湖城林安和平新华"

SENTENCES = (
    "本机关认真贯彻落实《中华人民共和国政府信息公开条例》，不断提升政务公开质量。",
    "全年通过门户网站主动公开政府信息{n}条。",
    "进一步规范依申请公开办理流程，所有申请均在法定期限内答复。",
    "加强政府信息管理，严格执行信息发布前的保密审查制度。",
    "持续优化政府信息公开专栏，及时更新政府信息公开指南。",
    "组织开展政务公开业务培训{n}次，参训人员{m}人次。",
    "将政务公开工作纳入年度绩效考核，推动各项任务落实。",
    "政策解读的针对性和实效性仍需加强。",
    "下一步将继续深化重点领域信息公开，提升公众参与度。",
    "本年度无其他需要报告的事项。",
)


def _values(kind: Kind, *, small: bool = True):
    if kind == Kind.SIGNED:
        return st.integers(-60, 60)
    if kind == Kind.AMOUNT:
        return _amounts(4)
    return st.integers(0, 40) if small else st.integers(0, 99999)


def _amount(cents: int, places: int):
    d = Decimal(cents).scaleb(-places)
    # The model's own normalisation (interchange.parse_value): integral amounts are ints.
    return int(d) if d == d.to_integral_value() else d.normalize()


def _amounts(places: int, limit: int = 10**7):
    return st.builds(_amount, st.integers(0, limit * 10**places), st.just(places))


@st.composite
def _text(draw, sentences: int = 3) -> str:
    paragraphs = []
    for _ in range(draw(st.integers(1, 3))):
        picks = draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=sentences))
        n, m = draw(st.integers(1, 5000)), draw(st.integers(1, 800))
        paragraphs.append("".join(s.format(n=n, m=m) for s in picks))
    return "\n".join(paragraphs)


@st.composite
def agencies(draw) -> str:
    place = draw(st.sampled_from(PLACES) | st.text(MIDDLE, min_size=1, max_size=4).map(lambda s: s + "县"))
    return place + draw(st.sampled_from(BODIES))


def _format(fmt) -> st.SearchStrategy[Format]:
    if fmt is None:
        return st.sampled_from([formats.get("2019"), formats.get("2021")])
    return st.just(fmt if isinstance(fmt, Format) else formats.get(fmt))


def _year(fmt: Format):
    lo, hi = fmt.years
    return st.integers(lo, hi if hi is not None else lo + 9)


@st.composite
def _table3(draw, fmt: Format, cells: dict) -> None:
    outcomes = formats.outcome_rows(fmt)
    rows = (T3_NEW, T3_CARRIED_OVER, *outcomes, T3_CONCLUDED, T3_CARRIED_FORWARD)
    totals = dict.fromkeys(rows, 0)
    for column in APPLICANT_COLUMNS:
        busy = draw(st.booleans())  # many columns are all zero in real reports
        counts = {r: draw(st.integers(0, 25)) if busy else 0 for r in outcomes}
        concluded = sum(counts.values())
        forward = draw(st.integers(0, 15)) if busy else 0
        new = draw(st.integers(0, concluded + forward))
        values = {**counts, T3_CONCLUDED: concluded, T3_CARRIED_FORWARD: forward,
                  T3_NEW: new, T3_CARRIED_OVER: concluded + forward - new}
        for r, v in values.items():
            cells[address("表三", r, column)] = v
            totals[r] += v
    for r, v in totals.items():
        cells[address("表三", r, T3_TOTAL_COLUMN)] = v


@st.composite
def _table4(draw, cells: dict) -> None:
    for group in T4_GROUPS:
        leaves = [draw(st.integers(0, 30)) for _ in T4_LEAVES]
        for leaf, v in zip(T4_LEAVES, leaves, strict=True):
            cells[address("表四", T4_ROW, f"{group}/{leaf}")] = v
        cells[address("表四", T4_ROW, f"{group}/总计")] = sum(leaves)


@st.composite
def _table2(draw, fmt: Format, cells: dict, consistent: bool) -> None:
    for addr, cell in fmt.cells.items():
        if cell.table != "表二":
            continue
        if cell.kind == Kind.AMOUNT:
            # 万元 fees stay under the T2-3 "typed in 元" heuristic; 采购总金额 may carry 4 places.
            places = 2 if "万元" in cell.column else 4
            cells[addr] = draw(_amounts(places, 99999 if consistent else 10**7))
        elif cell.kind == Kind.SIGNED and consistent:
            previous = cells.get(address("表二", cell.row, "上一年项目数量")) or 0
            cells[addr] = draw(st.integers(-previous, 60))
        else:
            cells[addr] = draw(_values(cell.kind, small=draw(st.booleans())))


@st.composite
def reports(draw, fmt: Format | str | None = None, consistent: bool = True, blanks: bool = True) -> Report:
    """A Report with every cell of its format set, six section texts and a Chinese agency name."""
    f = draw(_format(fmt))
    cells: dict = {}
    draw(_table2(f, cells, consistent))
    if consistent:
        draw(_table3(f, cells))
        draw(_table4(cells))
    else:
        for addr, cell in f.cells.items():
            if cell.table != "表二":
                cells[addr] = draw(_values(cell.kind))
    if blanks and draw(st.booleans()):
        for addr, v in cells.items():
            if (v == 0 or not consistent) and draw(st.integers(0, 3)) == 0:
                cells[addr] = None
    sections = {n: draw(_text()) for n in range(1, 7)}
    sections[1] += "\n" + SENTENCES[6]  # D-4: a government's report covers 考核
    if f.id == "2021":
        unpaid = cells.get(address("表三", formats.T3_OTHER_2021[1], T3_TOTAL_COLUMN))
        sections[6] += (f"\n本年度依法发出信息处理费收费通知{unpaid + draw(st.integers(0, 5))}件。"
                        if unpaid else "\n本年度未收取信息处理费。")
    agency = draw(agencies())
    year = draw(_year(f))
    return Report(agency=agency, year=year, format=f, cells=cells, sections=sections)
