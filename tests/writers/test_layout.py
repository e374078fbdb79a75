"""The printed layout derived from the format declaration."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai import formats
from gongkai.formats import APPLICANT_COLUMNS, T3_TOTAL_COLUMN
from gongkai.report import Provenance
from gongkai.writers import layout
from gongkai.writers.layout import CAPTION, COLUMN, CORNER, ROW, VALUE
from strategies import reports

FORMATS = [formats.get("2019"), formats.get("2021")]
TABLES = [(f, t.key) for f in FORMATS for t in f.tables]


def _by_text(grid, text, role=None):
    found = [c for c in grid.cells if c.text == text and (role is None or c.role == role)]
    assert found, f"{grid.key}: no cell {text!r}"
    return found


@pytest.mark.parametrize(("fmt", "key"), TABLES, ids=[f"{f.id}-{k}" for f, k in TABLES])
def test_spans_tile_the_grid_and_every_cell_is_printed_once(fmt, key):
    grid = layout.skeleton(fmt, key)
    m = layout.occupancy(grid)  # raises on overlap
    holes = [(i, j) for i, row in enumerate(m) for j, c in enumerate(row) if c is None]
    assert holes == []
    printed = [c.address for c in grid.values()]
    assert printed == fmt.addresses(key)
    assert len(grid.row_roles) == grid.n_rows


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.id)
def test_table3_headers_as_the_format_prints_them(fmt):
    g = layout.skeleton(fmt, "表三")
    corner = _by_text(g, fmt.table("表三").corner, CORNER)[0]
    assert (corner.row, corner.col, corner.rowspan, corner.colspan) == (0, 0, 3, 3)
    assert _by_text(g, "申请人情况", COLUMN)[0].colspan == 7
    assert _by_text(g, "法人或其他组织", COLUMN)[0].colspan == 5
    for leaf in ("自然人", "总计"):  # shorter paths reach down to the data
        assert _by_text(g, leaf, COLUMN)[0].rowspan == 2
    assert len([c for c in g.cells if c.role == COLUMN]) == 1 + 3 + 5
    results = _by_text(g, "三、本年度办理结果", ROW)[0]
    assert results.rowspan == len(formats.outcome_rows(fmt)) + 1  # outcomes + （七）总计
    assert _by_text(g, "（三）不予公开", ROW)[0].rowspan == 8
    assert _by_text(g, "（五）不予处理", ROW)[0].rowspan == 5
    assert _by_text(g, "一、本年新收政府信息公开申请数量", ROW)[0].colspan == 3
    assert _by_text(g, "（一）予以公开", ROW)[0].colspan == 2
    other = _by_text(g, "（六）其他处理", ROW)[0]
    assert (other.rowspan, other.colspan) == ((1, 2) if fmt.id == "2019" else (3, 1))


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.id)
def test_table4_has_no_row_header_and_nested_column_groups(fmt):
    g = layout.skeleton(fmt, "表四")
    assert g.header_cols == 0 and g.n_cols == 15 and g.n_rows == 4
    assert not [c for c in g.cells if c.role in (ROW, CORNER)]
    assert _by_text(g, "行政复议", COLUMN)[0].colspan == 5
    assert _by_text(g, "行政诉讼", COLUMN)[0].colspan == 10
    assert [c.colspan for c in _by_text(g, "未经复议直接起诉")] == [5]
    upheld = _by_text(g, "结果维持", COLUMN)
    assert [c.rowspan for c in upheld] == [2, 1, 1]


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.id)
def test_table2_one_captioned_block_per_article_item(fmt):
    g = layout.skeleton(fmt, "表二")
    table = fmt.table("表二")
    captions = [c for c in g.cells if c.role == CAPTION]
    assert [c.text for c in captions] == [b.caption for b in table.blocks]
    assert all(c.colspan == g.n_cols for c in captions)
    assert [c.text for c in g.cells if c.role == CORNER] == ["信息内容"] * len(table.blocks)
    labels = [c.text for c in g.cells if c.role == ROW]
    assert labels == [r.split("/")[-1] for b in table.blocks for r in b.rows]
    # Blocks of different widths share the table: each block's value columns fill it.
    for block_cells in _blocks(g):
        assert sum(c.colspan for c in block_cells) == g.n_cols - g.header_cols


def _blocks(g):
    rows = g.rows()
    return [[c for c in rows[i] if c.role == VALUE] for i, role in enumerate(g.row_roles) if role == "body"]


def test_a_slash_inside_a_label_is_not_a_level():
    g = layout.skeleton(formats.get("2019"), "表二")
    assert len(_by_text(g, "本年增/减", COLUMN)) == 3
    assert not [c for c in g.cells if c.text in ("本年增", "减")]
    assert layout.label_paths(list(APPLICANT_COLUMNS) + [T3_TOTAL_COLUMN])[1] == ["申请人情况", "法人或其他组织", "商业企业"]


@pytest.mark.parametrize(
    ("value", "text"),
    [(None, ""), (0, "0"), (-3, "-3"), (21, "21"), (Decimal("7730.280"), "7730.28"), (Decimal("1E+2"), "100"),
     (Decimal("0.10"), "0.1"), (Decimal("-0"), "0"), (Decimal("12345678.0001"), "12345678.0001")],
)
def test_values_print_exactly(value, text):
    assert layout.value_text(value) == text


@given(st.decimals(min_value=0, max_value=10**9, places=4, allow_nan=False))
def test_amounts_read_back_equal(d):
    text = layout.value_text(d)
    assert "E" not in text and Decimal(text) == d


@given(reports())
def test_grids_carry_the_report_values_and_inferred_marks(report):
    some = next(iter(report.format.cells))
    report.provenance[some] = Provenance("test", inferred=True)
    cells = [c for g in layout.grids(report, highlight_inferred=True) for c in g.values()]
    assert {c.address: c.value for c in cells} == report.cells
    assert all(c.text == layout.value_text(report.cells[c.address]) for c in cells)
    assert {c.address for c in cells if c.inferred} == {some}
    plain = [c for g in layout.grids(report) for c in g.values()]
    assert not any(c.inferred for c in plain)
    assert not any(c.text for c in layout.skeleton(report.format, "表三").values())  # skeleton untouched
