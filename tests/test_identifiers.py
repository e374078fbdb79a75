"""居民身份证号码 (GB 11643) and 统一社会信用代码 (GB 32100): validation and the kind suggestion."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.formats import APPLICANT_COLUMNS
from gongkai.identifiers import (
    InvalidCreditCode,
    InvalidResidentId,
    credit_code_check_char,
    resident_id_check_char,
    suggest_organisation_kind,
    validate_credit_code,
    validate_resident_id,
)

CC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def test_standard_examples_validate():
    r = validate_resident_id("11010519491231002X")  # the example printed in GB 11643
    assert r.birth_date == dt.date(1949, 12, 31) and r.sex == "女" and r.region_code == "110105"
    assert validate_resident_id(" 11010519491231002x ").number == "11010519491231002X"
    assert validate_resident_id("１１０１０５１９４９１２３１００２Ｘ").number == "11010519491231002X"
    assert validate_resident_id("440524188001010014").sex == "男"
    assert validate_resident_id("11010519491231002X").masked == "110105********002X"


@pytest.mark.parametrize(
    "bad, needle",
    [
        ("", "请填写"),
        ("11010519491231002", "18位"),
        ("110105491231002", "15位"),
        ("1101051949123100AX", "前17位"),
        ("11010519491231002Y", "第18位"),
        ("110105194913310025", "出生日期"),
        ("110105209912310025", "不合理"),
        ("110105194912310021", "校验位"),
    ],
)
def test_bad_resident_ids(bad, needle):
    with pytest.raises(InvalidResidentId) as exc:
        validate_resident_id(bad, today=dt.date(2026, 11, 20))
    assert needle in str(exc.value)


def test_real_credit_codes_validate():
    for code in ("91330100799655058B", "9144030071526726XG", "914403001922038216"):
        cc = validate_credit_code(code)
        assert cc.authority == "市场监督管理（工商）" and cc.organisation_type == "企业"
    assert validate_credit_code("91330100799655058b").code == "91330100799655058B"


@pytest.mark.parametrize(
    "bad, needle",
    [
        ("", "请填写"),
        ("9133010079965505", "18位"),
        ("91330100799655058I", "I、O、S、V、Z"),
        ("913301007996550581", "校验位"),
        ("91A30100799655058B", "行政区划"),
    ],
)
def test_bad_credit_codes(bad, needle):
    with pytest.raises(InvalidCreditCode) as exc:
        validate_credit_code(bad)
    assert needle in str(exc.value)


def make_code(first17: str) -> str:
    return first17 + credit_code_check_char(first17)


@pytest.mark.parametrize(
    "prefix, name, label",
    [
        ("91", "", "商业企业"),
        ("92", "", "商业企业"),
        ("31", "某某律师事务所", "法律服务机构"),
        ("32", "", "法律服务机构"),
        ("51", "", "社会公益组织"),
        ("53", "某某慈善基金会", "社会公益组织"),
        ("12", "中国科学院某研究所", "科研机构"),
        ("12", "某市第一中学", "其他"),
        ("11", "", "其他"),
        ("93", "", "其他"),
        ("N2", "", "其他"),
    ],
)
def test_suggested_kind(prefix, name, label):
    s = suggest_organisation_kind(make_code(prefix + "110105MA01234567"[:15]), name)
    assert s.label == label
    assert s.column in APPLICANT_COLUMNS[1:] and s.column.endswith(label)
    assert s.reason


def test_suggestion_flags_conflicts_for_checking():
    s = suggest_organisation_kind(make_code("91110105MA0123456"), "某某科技研究院有限公司")
    assert s.label == "商业企业" and not s.certain and "研究" in s.reason
    assert suggest_organisation_kind(make_code("91110105MA0123456")).certain
    with pytest.raises(InvalidCreditCode):
        suggest_organisation_kind("not a code")


@given(st.text(alphabet="0123456789", min_size=17, max_size=17), st.integers(0, 16), st.integers(1, 9))
@settings(max_examples=300)
def test_id_check_digit_catches_any_single_digit_error(body, pos, delta):
    assume_valid = body[:6] + "19900101" + body[14:]
    number = assume_valid + resident_id_check_char(assume_valid)
    assert validate_resident_id(number).number == number
    wrong = list(number)
    wrong[pos] = str((int(wrong[pos]) + delta) % 10)
    with pytest.raises(InvalidResidentId):
        validate_resident_id("".join(wrong))


@given(
    st.sampled_from("159"),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.text(alphabet=CC_CHARS, min_size=9, max_size=9),
    st.integers(2, 16),
    st.integers(1, 30),
)
@settings(max_examples=300)
def test_credit_code_check_catches_any_single_substitution(auth, region, body, pos, delta):
    code = make_code(auth + "1" + region + body)
    assert validate_credit_code(code).code == code
    wrong = list(code)
    wrong[pos] = CC_CHARS[(CC_CHARS.index(wrong[pos]) + delta) % 31]
    if 2 <= pos < 8 and not wrong[pos].isdigit():
        return  # structural error, also refused, tested above
    with pytest.raises(InvalidCreditCode):
        validate_credit_code("".join(wrong))
