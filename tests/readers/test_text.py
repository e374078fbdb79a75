from decimal import Decimal
from pathlib import Path

import pytest

from gongkai import formats, interchange
from gongkai.readers import ReaderError, read
from gongkai.readers.text import read_text
from gongkai.readers.tokens import Token, parse_table
from gongkai.report import Provenance

FIXTURES = Path(__file__).parent / "fixtures"
F19, F21 = formats.get("2019"), formats.get("2021")
R = "表三|三、本年度办理结果/"


def test_haining_one_cell_per_line(corpus_dir):
    r = read(corpus_dir / "haining-commerce-2019.txt")
    truth = interchange.read(corpus_dir / "haining-commerce-2019.truth.json")
    assert (r.agency, r.year, r.format.id) == ("海宁市商务局", 2019, "2019")
    assert r.same_cells(truth) and not r.unknown
    assert r.cells["表二|第二十条第（五）项/其他对外管理服务事项|本年增/减"] == 21  # printed +21
    assert r.cells["表三|一、本年新收政府信息公开申请数量|申请人情况/自然人"] is None  # blank, not 0
    assert r.provenance["表二|第二十条第（五）项/行政许可|本年增/减"].where == "第 40 行"
    assert set(r.sections) == {1, 2, 3, 4, 5, 6} and r.sections[6].startswith("无")


def test_pingtan_run_together_digits(corpus_dir):
    r = read(corpus_dir / "pingtan-2020.txt")
    truth = interchange.read(corpus_dir / "pingtan-2020.truth.json")
    new = "表三|一、本年新收政府信息公开申请数量|申请人情况/"
    assert [r.cells[new + c.split("/", 1)[1]] for c in formats.T3_COLUMNS] == [20, 0, 0, 0, 0, 1, 21]
    assert r.provenance[new + "总计"].inferred
    # the document's own error (T3-3) is reported as printed, not "repaired"
    assert r.cells[R + "（七）总计|申请人情况/总计"] == 21
    wrong = [a for a in r.format.cells if a not in r.unknown and r.cells[a] != truth.cells[a]]
    assert wrong == []
    # 表二 has no arithmetic: rows whose digits split several ways are unknown, not guessed
    assert r.unknown and all(a.startswith("表二|") for a in r.unknown)
    assert r.cells["表二|第二十条第（一）项/规章|对外公开总数量"] == 7  # 007 splits one way only
    assert r.cells["表二|第二十条第（八）项/行政事业性收费|本年增/减"] == -15


def test_synthetic_2021_report():
    r = read(FIXTURES / "synthetic-2021.txt")
    assert (r.agency, r.year, r.format.id) == ("示例县人民政府", 2022, "2021")
    assert not r.unknown and not r.document_issues
    c = r.cells
    assert c["表二|第二十条第（一）项/行政规范性文件|现行有效件数"] == 25  # printed 规范性文件
    assert c["表二|第二十条第（五）项/行政许可|本年处理决定数量"] == 1234
    assert c["表二|第二十条第（六）项/行政强制|本年处理决定数量"] is None  # —
    assert c["表二|第二十条第（八）项/行政事业性收费|本年收费金额（单位：万元）"] == Decimal("12.5")
    new = [c[f"表三|一、本年新收政府信息公开申请数量|{col}"] for col in formats.T3_COLUMNS]
    assert new == [64, 0, 0, 2, 0, 4, 70]  # 640020470
    assert c[R + "（七）总计|申请人情况/总计"] == 58 and c[R + "（七）总计|申请人情况/自然人"] == 54
    assert c[R + "（三）不予公开/3.危及“三安全一稳定”|申请人情况/自然人"] == 1
    assert c[R + "（六）其他处理/3.其他|申请人情况/总计"] == 1
    assert c["表四|合计|行政复议/总计"] == 2 and c["表四|合计|行政诉讼/复议后起诉/总计"] is None
    assert r.sections[5].startswith("一是") and "信息处理费" in r.sections[6]


def _t3(lines):
    return [Token(t, Provenance(line=i)) for i, t in enumerate(lines, 1)]


def test_undivided_other_row_in_2021_report_goes_to_extra_cells():
    parsed = parse_table(_t3(["（五）不予处理", "5.要求行政机关确认或重新出具已获取信息 0 0 0 0 0 0 0",
                              "（六）其他处理 1 0 0 0 0 0 1", "（七）总计 1 0 0 0 0 0 1"]), F21, "表三")
    assert parsed.extra_cells["表三|三、本年度办理结果/（六）其他处理|申请人情况/自然人"] == 1
    assert any(i.code == "superseded-row" for i in parsed.issues)
    assert parsed.cells[R + "（七）总计|申请人情况/自然人"] == 1


def test_local_extra_row_in_table_two():
    parsed = parse_table(_t3(["第二十条第（一）项", "规章 1 0 3", "其他主动公开文件 5 5 9", "规范性文件 2 0 4"]),
                         F19, "表二")
    assert parsed.extra_cells["表二|其他主动公开文件|本年新制作数量"] == 5
    assert parsed.cells["表二|第二十条第（一）项/规范性文件|对外公开总数量"] == 4
    assert any(i.code == "extra-row" and "其他主动公开文件" in i.message for i in parsed.issues)


NEW = [f"表三|一、本年新收政府信息公开申请数量|{c}" for c in formats.T3_COLUMNS]


def test_ambiguous_run_is_unknown_not_guessed():
    # 110000112 = 11|0|0|0|0|1|12 = 1|10|0|0|0|1|12: both keep the row sum; nothing else decides
    parsed = parse_table(_t3(["一、本年新收政府信息公开申请数量 110000112"]), F19, "表三")
    assert parsed.unknown == set(NEW[:2])
    assert [parsed.cells[a] for a in NEW[2:]] == [0, 0, 0, 1, 12]  # agreed by every split
    assert all(parsed.provenance[a].inferred for a in NEW[2:])
    assert any(i.code == "digits-ambiguous" and set(i.cells) == set(NEW[:2]) for i in parsed.issues)


def test_run_resolved_by_column_identity():
    lines = ["一、本年新收政府信息公开申请数量 110000112", "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0",
             "（一）予以公开 11 0 0 0 0 1 12", "（七）总计 11 0 0 0 0 1 12", "四、结转下年度继续办理 0 0 0 0 0 0 0"]
    parsed = parse_table(_t3(lines), F19, "表三")
    assert not parsed.unknown  # T3-1 (一+二 = 七+四) picks 11|0
    assert [parsed.cells[a] for a in NEW] == [11, 0, 0, 0, 0, 1, 12]


@pytest.mark.parametrize("text, what", [
    ("", "为空"),
    ("   \n\t\n", "为空"),
    ("今天天气很好。" * 10, "不是政府信息公开工作年度报告"),
    ("某局政府信息公开工作情况说明：本局全年公开信息若干条。" * 3, "年度"),
])
def test_bad_text_one_clear_error(text, what):
    with pytest.raises(ReaderError, match=what) as e:
        read_text(text, "x.txt")
    assert "\n" not in str(e.value) and str(e.value).startswith("x.txt")
