"""One 表二 figure as typed → the cell's value, or a Chinese refusal saying why."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.annual import figures
from gongkai.formats import FORMAT_2019, FORMAT_2021, address

FEE = FORMAT_2021.cells[address("表二", "第二十条第（八）项/行政事业性收费", "本年收费金额（单位：万元）")]
LICENCES = FORMAT_2021.cells[address("表二", "第二十条第（五）项/行政许可", "本年处理决定数量")]
DELTA = FORMAT_2019.cells[address("表二", "第二十条第（五）项/行政许可", "本年增/减")]
PURCHASE = FORMAT_2019.cells[address("表二", "第二十条第（九）项/政府集中采购", "采购总金额")]


@pytest.mark.parametrize(("raw", "cell", "want"), [
    ("128", LICENCES, 128), (" １２８ 件", LICENCES, 128), ("1,280", LICENCES, 1280), (7, LICENCES, 7),
    ("", LICENCES, None), ("—", LICENCES, None),
    ("-3", DELTA, -3), ("+21", DELTA, 21),
    ("1.2", FEE, Decimal("1.2")), ("1.2000", FEE, Decimal("1.2")), ("3万元", FEE, 3), ("0.0015", FEE, Decimal("0.0015")),
    ("97", PURCHASE, 97),
])
def test_accepted(raw, cell, want):
    got = figures.parse(raw, cell)
    assert got == want and type(got) is type(want)


@pytest.mark.parametrize(("raw", "cell", "words"), [
    ("-1", LICENCES, "不能为负数"),
    ("十二", LICENCES, "应为数字"),
    ("abc", FEE, "应为数字"),
    ("12000元", FEE, "是元：请换算为万元"),
    ("1.5", LICENCES, "应为整数"),
    ("1.23456", FEE, "最多保留 4 位小数"),
    ("-0.5", FEE, "不能为负数"),
    ("1e13", LICENCES, "过大"),
    ("NaN", FEE, "应为数字"),
    ("5万元", LICENCES, "不带单位"),
    ("97元", PURCHASE, "不带单位"),
    (True, LICENCES, "不是数字"),
])
def test_refused(raw, cell, words):
    with pytest.raises(figures.FigureError, match=words) as e:
        figures.parse(raw, cell)
    assert "「" in str(e.value)  # names the row and column


@given(st.integers(0, 10**9))
def test_counts_round_trip(n):
    assert figures.parse(str(n), LICENCES) == n and figures.parse(f"{n:,}", LICENCES) == n


@given(st.decimals(min_value=0, max_value=10**6, places=4, allow_nan=False, allow_infinity=False))
def test_amounts_round_trip(d):
    got = figures.parse(format(d, "f"), FEE)
    assert Decimal(got) == d
