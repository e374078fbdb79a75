from gongkai import formats
from gongkai.readers import labels as L

F19, F21 = formats.get("2019"), formats.get("2021")


def test_normalize_spellings_of_one_label():
    assert L.normalize("(一) 予以公开") == "（一）予以公开"
    assert L.normalize("1、属于国家秘密") == L.normalize("1．属于国家秘密") == "1.属于国家秘密"
    assert L.normalize('3.危及"三安全一稳定"') == "3.危及“三安全一稳定”"
    assert L.normalize("⼀、总体情况") == "一、总体情况"  # Kangxi radical from PDFs
    assert L.normalize("本年新\n制作\u3000数量\xa0") == "本年新制作数量"


def test_key_folds_local_synonyms():
    assert L.key("行政规范性文件") == L.key("规范性文件")


def test_match_row_numbered_wrapped_typo_and_unnumbered():
    rows = L.row_labels(F21, "表三")
    assert L.match_row("2.其他法律行政止公开", rows).label == "2.其他法律行政法规禁止公开"
    assert L.match_row("（二）部分公开（区分处理的，只计这一", rows).label.startswith("（二）部分公开")
    assert L.match_row("3.其他", rows).row.endswith("（六）其他处理/3.其他")
    assert L.match_row("重复申请", rows).label == "2.重复申请"


def test_match_row_refuses_column_headers_and_prose():
    rows = L.row_labels(F21, "表三")
    assert L.match_row("其他", rows) is None
    assert L.match_row("总计", rows) is None
    assert L.match_row("我局认真落实条例", rows) is None


def test_match_row_synonym_across_formats():
    assert L.match_row("规范性文件", L.row_labels(F21, "表二")).label == "行政规范性文件"
    assert L.match_row("行政规范性文件", L.row_labels(F19, "表二")).label == "规范性文件"


def test_groups_captions_and_columns_come_from_the_format():
    assert L.group_labels(F19, "表三")["（三）不予公开"] == "三、本年度办理结果/（三）不予公开"
    assert "（六）其他处理" in L.group_labels(F21, "表三")
    assert "（六）其他处理" not in L.group_labels(F19, "表三")
    assert L.match_caption("第二十条第(九)项", F19) == 4
    assert {"结果维持", "总计", "复议后起诉"} <= L.column_keys(F19, "表四")
