"""The format declarations: addresses, labels, years, identities."""

import json

import pytest

from corpus import corpus_truths
from gongkai import formats
from gongkai.formats import FORMAT_2019, FORMAT_2021, Kind


@pytest.mark.parametrize("path", corpus_truths(), ids=lambda p: p.name)
def test_addresses_are_exactly_the_corpus_truths(path):
    truth = json.loads(path.read_text(encoding="utf-8"))
    fmt = formats.get(truth["format"])
    assert list(fmt.cells) == [a for a in fmt.cells]  # printed order is stable
    assert set(fmt.cells) == set(truth["cells"])


@pytest.mark.parametrize(("year", "fid"), [(2019, "2019"), (2020, "2019"), (2021, "2021"), (2026, "2021")])
def test_format_by_year(year, fid):
    assert formats.for_year(year).id == fid


@pytest.mark.parametrize("year", [2018, 2008, 1999])
def test_year_before_2019_is_refused_with_a_reason(year):
    with pytest.raises(formats.FormatError, match="早于全国统一格式"):
        formats.for_year(year)


def test_unknown_format_id():
    with pytest.raises(formats.FormatError, match="未知的年报格式"):
        formats.get("2017")


def test_cell_counts_and_differences():
    assert len(FORMAT_2019.cells) == 198 and len(FORMAT_2021.cells) == 200
    only_2019 = {a.split("|")[1] for a in set(FORMAT_2019.cells) - set(FORMAT_2021.cells)}
    assert "三、本年度办理结果/（六）其他处理" in only_2019
    assert "第二十条第（九）项/政府集中采购" in only_2019
    assert "第二十条第（五）项/其他对外管理服务事项" in only_2019


def test_value_kinds():
    assert FORMAT_2019.cells["表二|第二十条第（五）项/行政许可|本年增/减"].kind == Kind.SIGNED
    assert FORMAT_2019.cells["表二|第二十条第（九）项/政府集中采购|采购总金额"].kind == Kind.AMOUNT
    assert FORMAT_2021.cells["表二|第二十条第（八）项/行政事业性收费|本年收费金额（单位：万元）"].kind == Kind.AMOUNT
    assert FORMAT_2021.cells["表三|一、本年新收政府信息公开申请数量|申请人情况/自然人"].kind == Kind.COUNT


@pytest.mark.parametrize("fmt", [FORMAT_2019, FORMAT_2021], ids=lambda f: f.id)
def test_every_table3_and_table4_cell_is_in_an_identity(fmt):
    covered = set()
    for ident in fmt.identities:
        for _, left, right in ident.instances():
            covered |= set(left) | set(right)
    assert set(fmt.addresses("表三")) | set(fmt.addresses("表四")) <= covered


def test_table3_corner_note_and_outcomes():
    t3 = FORMAT_2021.table("表三")
    assert t3.corner == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert len(formats.outcome_rows(FORMAT_2019)) == 19
    assert len(formats.outcome_rows(FORMAT_2021)) == 21


def test_printed_label_levels_keep_a_slash_inside_a_label():
    delta = FORMAT_2019.cells["表二|第二十条第（五）项/行政许可|本年增/减"]
    assert delta.column_levels == ("本年增/减",) and delta.column_label == "本年增/减"
    assert delta.row_levels == ("第二十条第（五）项", "行政许可")
    fee = FORMAT_2019.cells["表二|第二十条第（八）项/行政事业性收费|本年增/减"]
    assert fee.row_levels == ("第二十条第（八）项", "行政事业性收费")  # a block of one row keeps its caption level
    t4 = FORMAT_2021.cells["表四|合计|行政诉讼/未经复议直接起诉/结果维持"]
    assert t4.column_levels == ("行政诉讼", "未经复议直接起诉", "结果维持")
    t3 = FORMAT_2021.cells["表三|三、本年度办理结果/（三）不予公开/1.属于国家秘密|申请人情况/法人或其他组织/其他"]
    assert t3.row_levels == ("三、本年度办理结果", "（三）不予公开", "1.属于国家秘密")
    assert t3.column_levels == ("申请人情况", "法人或其他组织", "其他")
    assert FORMAT_2021.cells["表三|一、本年新收政府信息公开申请数量|申请人情况/总计"].row_levels == (
        "一、本年新收政府信息公开申请数量",)
