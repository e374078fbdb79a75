import pytest

from gongkai.readers import ReaderError, meta


@pytest.mark.parametrize(
    "title, agency, year",
    [
        ("海宁市商务局2019年度政府信息公开工作年度报告", "海宁市商务局", 2019),
        ("平潭综合实验区2020年政府信息公开工作年度报告", "平潭综合实验区", 2020),
        ("标题: 平潭综合实验区2020年度政府信息公开工作年度报告", "平潭综合实验区", 2020),
        ("2019年海宁市商务局政府信息公开工作年度报告", "海宁市商务局", 2019),
        ("海宁市商务局政府信息公开工作2019年度报告", "海宁市商务局", 2019),
    ],
)
def test_parse_title(title, agency, year):
    assert meta.parse_title(title) == (agency, year)


def test_detect_uses_body_name_and_format():
    text = "洪泽区人民政府\n2023年政府信息公开工作年度报告\n本报告由淮安市洪泽区人民政府办公室编制。\n一、总体情况\n"
    m = meta.detect(text)
    assert (m.agency, m.year, m.format.id) == ("淮安市洪泽区人民政府", 2023, "2021")


def test_detect_falls_back_to_statistics_period():
    m = meta.detect("本机关年度报告\n本报告所列数据的统计期限自2020年1月1日起至2020年12月31日止。")
    assert m.year == 2020 and m.format.id == "2019"


def test_detect_refuses_without_year_or_before_2019():
    with pytest.raises(ReaderError, match="年度"):
        meta.detect("今天天气很好，我们去公园。")
    with pytest.raises(ReaderError, match="2018"):
        meta.detect("某局2018年政府信息公开工作年度报告")


def test_sections_fuzzy_lengthened_inline_and_without_numeral():
    text = (
        "某局2021年政府信息公开工作年度报告\n一、总体情况\n概述。\n二、主动公开政府信息情况\n表\n"
        "三、收到和处理政府信息公开申请情况\n三、本年度办理结果\n四、结转下年度继续办理\n"
        "四、政府信息公开行政复议、行政诉讼情况\n表四\n"
        "五、政府信息公开工作存在的主要问题及改进情况\n问题。\n其他需要报告的事项\n无"
    )
    s = meta.split_sections(text)
    assert s[1] == "概述。"
    assert s[3] == "三、本年度办理结果\n四、结转下年度继续办理"  # table rows are not headings
    assert s[5] == "问题。" and s[6] == "无"


def test_sections_in_one_running_paragraph():
    text = "报告包括总体情况、主动公开政府信息情况等。一、总体情况甲。二、主动公开政府信息情况 乙 三、收到和处理政府信息公开申请情况丙"
    s = meta.split_sections(text)
    assert (s[1], s[2], s[3], s[4]) == ("甲。", "乙", "丙", "")
