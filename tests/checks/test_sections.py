"""S-1 … S-7: what the sections' prose says against the tables, on real-looking text."""

from __future__ import annotations

from decimal import Decimal

import pytest

from corpus import CORPUS
from gongkai import checks, interchange
from gongkai.checks import sections
from gongkai.formats import address
from gongkai.report import Provenance, Scope

# 沭阳县 2025 (2021 format): 一 713, 二 36, （七） 718, 四 31, 复议 61, 诉讼 3 + 10, （六）2 = 7,
# 表二 本年收费金额 4068.208 万元.
SHUYANG = CORPUS / "shuyang-county-2025.truth.json"
HONGZE = CORPUS / "hongze-district-2023.truth.json"

OWN_1 = ("2025年，县政府办公室坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》。"
         "本机关全年共受理政府信息公开申请749件，其中自然人申请741件；共办结718件，结转下一年度31件。")
PROBLEMS = ("（一）存在的主要问题。一是主动公开的及时性有待提高；二是依申请公开答复文书的规范性仍需加强。"
            "（二）改进措施。一是加强培训，二是完善审核流程，三是对上年报告所提问题逐项整改。")


def report(path=SHUYANG, **sections_text):
    r = interchange.read(path)
    r.sections = {1: OWN_1, 2: "", 3: "", 4: "", 5: PROBLEMS, 6: "本机关全年未收取信息处理费。"}
    r.sections.update({int(k[1:]): v for k, v in sections_text.items()})
    return r


def rules(findings, prefix="S-"):
    return sorted(f.rule for f in findings if f.rule.startswith(prefix))


def test_a_report_whose_prose_agrees_with_its_tables_has_no_section_finding():
    assert rules(checks.check(report())) == []


def test_received_may_mean_new_or_new_plus_carried_over():
    ok_new = report(s1="本机关全年共收到政府信息公开申请713件。")
    ok_both = report(s1="本机关全年共受理政府信息公开申请749件。")
    assert rules(checks.check(ok_new)) == rules(checks.check(ok_both)) == []
    wrong = report(s1="本机关全年共受理政府信息公开申请760件，均已按时答复。")
    [f] = [f for f in checks.check(wrong) if f.rule == "S-1"]
    assert f.severity == "warning" and f.left == 760 and f.right == 713
    assert "760" in f.message and "713" in f.message and "749" in f.message and "共受理政府信息公开申请760件" in f.message


def test_concluded_and_carried_forward():
    r = report(s1="本机关共受理政府信息公开申请749件，共办结700件，结转下年度49件。")
    found = {f.rule: f for f in checks.check(r) if f.rule.startswith("S-")}
    assert set(found) == {"S-2", "S-3"}
    assert (found["S-2"].left, found["S-2"].right) == (700, 718)
    assert (found["S-3"].left, found["S-3"].right) == (49, 31)


def test_numbers_broken_over_lines_as_web_and_pdf_text_prints_them():
    r = report(s1="2025\r\n年，本机关共受理政府信息公开申请\r\n7\r\n60\r\n件。")
    assert [f.left for f in checks.check(r) if f.rule == "S-1"] == [760]


def test_sentences_about_the_whole_region_are_not_compared_with_the_agencys_own_tables():
    r = report(s1="全县各级行政机关共受理政府信息公开申请1200件，共办结1100件。")
    assert rules(checks.check(r)) == []
    r.scope = Scope.AGGREGATE  # a 汇总's tables are the region's: now they are compared
    assert rules(checks.check(r)) == ["S-1", "S-2"]


def test_appeals_stated_in_words_and_digits():
    agree = report(s4="本年度因政府信息公开引起行政复议61件，行政诉讼13件。")
    assert rules(checks.check(agree)) == []
    wrong = report(s4="本年度发生行政复议两件，行政诉讼13件。")
    [f] = [f for f in checks.check(wrong) if f.rule == "S-4"]
    assert (f.left, f.right) == (2, 61) and "行政复议" in f.member


def test_no_appeals_stated_but_the_table_has_some():
    r = report(s1=OWN_1 + "全年未发生因政府信息公开引起的行政复议、行政诉讼案件。")
    found = sorted((f.member, f.left, f.right) for f in checks.check(r) if f.rule == "S-4")
    assert found == [("行政复议", 0, 61), ("行政诉讼", 0, 13)]


def test_a_cell_the_reader_could_not_read_or_only_inferred_is_never_compared():
    r = report(s1="本机关共受理政府信息公开申请760件。")
    new = address("表三", r.format.roles.new, r.format.roles.total_column)
    r.unknown = {new}
    r.cells[new] = None
    assert rules(checks.check(r)) == []
    r = report(s1="本机关共受理政府信息公开申请760件。")
    r.provenance[new] = Provenance("由勾稽关系推算", inferred=True)
    assert rules(checks.check(r)) == []


@pytest.mark.parametrize("text", ["无", "无。", "", "  \n", "五、存在的主要问题及改进情况\n无", "（一）暂无"])
def test_section_five_empty_or_a_bare_none(text):
    [f] = [f for f in checks.check(report(s5=text)) if f.rule.startswith("S-")]
    assert f.rule == "S-5" and "存在的主要问题及改进情况" in f.message


def test_section_five_with_content_passes_and_a_report_without_sections_is_not_judged():
    assert rules(checks.check(report(s5="一是公开平台建设仍需加强。下一步将完善栏目设置。"))) == []
    bare = interchange.read(SHUYANG)
    assert bare.sections == {} and rules(checks.check(bare)) == []


def test_fee_in_section_six_above_table_two_charges():
    r = report(s6="本年度共发出收费通知3件，收取信息处理费共计380元。")
    charge = next(a for a in r.format.cells if a.startswith("表二") and "万元" in a)
    r.cells[charge] = Decimal("0.01")
    found = [f for f in checks.check(r) if f.rule == "S-6"]
    assert len(found) == 2  # 380 元 > 0.01 万元; 7 unpaid > 3 notices
    fee = next(f for f in found if f.table == "表二")
    assert fee.left == Decimal("0.038") and "380 元" in fee.message and "万元" in fee.message
    notice = next(f for f in found if f.table == "表三")
    assert (notice.left, notice.right) == (3, 7)


def test_fee_consistent_with_the_tables():
    r = report(s6="本年度共发出收费通知10件，收取信息处理费共计380元，已全额上缴国库。")
    assert rules(checks.check(r)) == []


def test_repeating_last_years_text():
    now = report()
    before = report(s1="2024年，本机关以公开为常态、不公开为例外，重点推进决策公开和政策解读，全年发布政策解读二十篇，"
                       "组织政务开放日活动三次，依申请公开工作规范有序，答复均在法定期限内完成。",
                    s5="（一）存在的问题。政策解读形式较为单一，基层公开标准化建设推进不平衡。（二）改进措施。"
                       "丰富图解、视频等解读形式，分领域推进标准目录的动态更新和考核。")
    before.year = 2024
    assert rules(checks.check(now, previous=before)) == []
    before.sections[5] = PROBLEMS.replace("三是", "第三，")  # last year's 五 with a few characters changed
    before.sections[1] = OWN_1.replace("2025", "2024")
    found = [f for f in checks.check(now, previous=before) if f.rule == "S-7"]
    assert {f.member for f in found} == {"一、总体情况", "五、存在的主要问题及改进情况"}
    assert all(f.left >= 90 and "相似度" in f.message for f in found)
    before.year = 2023  # not adjacent: no cross-year rule runs (X-1 says why)
    assert rules(checks.check(now, previous=before)) == []


def test_similarity_ignores_line_breaks_and_is_symmetric():
    a = "一是主动公开的及时性有待提高。\n二是答复文书规范性仍需加强。"
    assert sections.similarity(a, a.replace("\n", "\r\n  ")) == 100
    assert sections.similarity(a, "完全不同的文字") == sections.similarity("完全不同的文字", a) < 30


@pytest.mark.parametrize("text,n", [("749", 749), ("1,234", 1234), ("十二", 12), ("两", 2), ("一百零五", 105),
                                    ("二十", 20), ("零", 0), ("约", None)])
def test_chinese_and_arabic_counts(text, n):
    assert sections.cn_number(text) == n


def test_rules_are_registered_and_documented():
    from gongkai.checks import RULES

    for rule in ("S-1", "S-2", "S-3", "S-4", "S-5", "S-6", "S-7"):
        assert RULES[rule].severity == "warning"


def test_corpus_documents_raise_no_section_finding():
    """The real reports' prose agrees with their tables (or speaks of the whole region)."""
    from gongkai.readers import read

    for p in sorted(CORPUS.iterdir()):
        if p.suffix in (".txt", ".html", ".pdf"):
            assert rules(checks.check(read(p))) == [], p.name
