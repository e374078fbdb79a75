"""Applicants' identifiers: 居民身份证号码 (GB 11643) and 统一社会信用代码 (GB 32100).

Pure Python (no Django). ``validate_*`` normalise the input (spaces, full-width characters,
lower-case x), check the structure and the check character, and return a small value object;
bad input raises :class:`InvalidIdentifier` (subclasses per kind) whose ``str()`` is a Chinese
message saying what is wrong and where.

:func:`suggest_organisation_kind` reads a credit code's 登记管理部门码 (position 1) and
机构类别码 (position 2) — plus, optionally, the organisation's name — and suggests one of
table 三's five columns for legal persons and other organisations. It is a suggestion for
the registrar to confirm: the code cannot tell a research institute from a school (both are
事业单位).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from gongkai.formats import APPLICANT_COLUMNS

__all__ = [
    "CreditCode",
    "InvalidCreditCode",
    "InvalidIdentifier",
    "InvalidResidentId",
    "KindSuggestion",
    "ORGANISATION_KINDS",
    "ResidentId",
    "credit_code_check_char",
    "resident_id_check_char",
    "suggest_organisation_kind",
    "validate_credit_code",
    "validate_resident_id",
]


class InvalidIdentifier(ValueError):
    """An identifier that fails validation; ``str()`` is a Chinese message for people."""


class InvalidResidentId(InvalidIdentifier):
    pass


class InvalidCreditCode(InvalidIdentifier):
    pass


def _normalise(s: object) -> str:
    if not isinstance(s, str):
        raise InvalidIdentifier(f"证件号码应为文字，收到 {type(s).__name__}。")
    # NFKC folds full-width digits and letters (１２Ｘ) to ASCII.
    return "".join(unicodedata.normalize("NFKC", s).split()).upper()


# --- 居民身份证号码 (GB 11643-1999) -------------------------------------------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def resident_id_check_char(first17: str) -> str:
    """The GB 11643 check character for 17 digits (ISO 7064 MOD 11-2)."""
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


@dataclass(frozen=True)
class ResidentId:
    number: str  # normalised, 18 characters
    region_code: str  # 6-digit 行政区划代码 where first issued
    birth_date: dt.date
    sex: str  # "男" / "女" (odd / even sequence code)

    @property
    def masked(self) -> str:
        """``110101********123X`` — for lists and letters, where the full number is not needed."""
        return self.number[:6] + "*" * 8 + self.number[14:]


def validate_resident_id(s: str, today: dt.date | None = None) -> ResidentId:
    """Check an 18-character 居民身份证号码 and return its parts.

    The same structure is used by 港澳台居民居住证 and the 2023 外国人永久居留身份证, which
    therefore validate too. 15-digit first-generation numbers are refused (those cards
    expired in 2013).
    """
    n = _normalise(s)
    if not n:
        raise InvalidResidentId("请填写居民身份证号码。")
    if len(n) == 15 and n.isdigit():
        raise InvalidResidentId("这是15位的第一代身份证号码，已停止使用，请填写18位号码。")
    if len(n) != 18:
        raise InvalidResidentId(f"居民身份证号码应为18位，收到{len(n)}位：{n}。")
    if not n[:17].isdigit():
        bad = next(i for i, c in enumerate(n[:17], start=1) if not c.isdigit())
        raise InvalidResidentId(f"居民身份证号码前17位应为数字，第{bad}位是“{n[bad - 1]}”。")
    if not (n[17].isdigit() or n[17] == "X"):
        raise InvalidResidentId(f"居民身份证号码第18位应为数字或X，收到“{n[17]}”。")
    try:
        birth = dt.date(int(n[6:10]), int(n[10:12]), int(n[12:14]))
    except ValueError:
        raise InvalidResidentId(f"居民身份证号码第7–14位的出生日期{n[6:14]}不是有效日期。") from None
    today = today or dt.date.today()
    if birth > today or birth.year < 1800:
        raise InvalidResidentId(f"居民身份证号码中的出生日期{birth.isoformat()}不合理。")
    expected = resident_id_check_char(n[:17])
    if n[17] != expected:
        raise InvalidResidentId(
            f"居民身份证号码校验位不符：按前17位计算第18位应为“{expected}”，填写的是“{n[17]}”，请核对是否有数字录错。"
        )
    return ResidentId(number=n, region_code=n[:6], birth_date=birth, sex="男" if int(n[16]) % 2 else "女")


# --- 统一社会信用代码 (GB 32100-2015) ---------------------------------------------------------

_CC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
_CC_VALUE = {c: i for i, c in enumerate(_CC_CHARS)}
_CC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

# 登记管理部门码 → (部门, {机构类别码: 类别})
AUTHORITIES: dict[str, tuple[str, dict[str, str]]] = {
    "1": ("机构编制", {"1": "机关", "2": "事业单位", "3": "中央编办直接管理机构编制的群众团体", "9": "其他"}),
    "2": ("外交", {"1": "外国常驻新闻机构", "9": "其他"}),
    "3": (
        "司法行政",
        {
            "1": "律师执业机构",
            "2": "公证处",
            "3": "基层法律服务所",
            "4": "司法鉴定机构",
            "5": "仲裁委员会",
            "9": "其他",
        },
    ),
    "4": ("文化", {"1": "外国在华文化中心", "9": "其他"}),
    "5": ("民政", {"1": "社会团体", "2": "民办非企业单位", "3": "基金会", "9": "其他"}),
    "6": (
        "旅游",
        {"1": "外国旅游部门常驻代表机构", "2": "港澳台地区旅游部门常驻内地（大陆）代表机构", "9": "其他"},
    ),
    "7": ("宗教", {"1": "宗教活动场所", "2": "宗教院校", "9": "其他"}),
    "8": ("工会", {"1": "基层工会", "9": "其他"}),
    "9": ("市场监督管理（工商）", {"1": "企业", "2": "个体工商户", "3": "农民专业合作社"}),
    "A": ("中央军委改革和编制办公室", {"1": "军队事业单位", "9": "其他"}),
    "N": ("农业", {"1": "组级集体经济组织", "2": "村级集体经济组织", "3": "乡镇级集体经济组织", "9": "其他"}),
    "Y": ("其他", {"1": "其他"}),
}


def credit_code_check_char(first17: str) -> str:
    """The GB 32100 check character for the first 17 characters (MOD 31)."""
    total = sum(_CC_VALUE[c] * w for c, w in zip(first17, _CC_WEIGHTS, strict=True))
    return _CC_CHARS[(31 - total % 31) % 31]


@dataclass(frozen=True)
class CreditCode:
    code: str  # normalised, 18 characters
    authority_code: str  # position 1
    type_code: str  # position 2
    region_code: str  # positions 3–8, 登记管理机关行政区划码
    organisation_code: str  # positions 9–17, 主体标识码（组织机构代码）

    @property
    def authority(self) -> str | None:
        entry = AUTHORITIES.get(self.authority_code)
        return entry[0] if entry else None

    @property
    def organisation_type(self) -> str | None:
        entry = AUTHORITIES.get(self.authority_code)
        return entry[1].get(self.type_code) if entry else None


def validate_credit_code(s: str) -> CreditCode:
    """Check an 18-character 统一社会信用代码 and return its parts."""
    n = _normalise(s)
    if not n:
        raise InvalidCreditCode("请填写统一社会信用代码。")
    if len(n) != 18:
        raise InvalidCreditCode(f"统一社会信用代码应为18位，收到{len(n)}位：{n}。")
    for i, c in enumerate(n, start=1):
        if c not in _CC_VALUE:
            hint = "（代码中不使用字母I、O、S、V、Z）" if c in "IOSVZ" else ""
            raise InvalidCreditCode(f"统一社会信用代码第{i}位“{c}”不是有效字符{hint}。")
    if not n[2:8].isdigit():
        raise InvalidCreditCode(f"统一社会信用代码第3–8位应为行政区划代码（6位数字），收到“{n[2:8]}”。")
    expected = credit_code_check_char(n[:17])
    if n[17] != expected:
        raise InvalidCreditCode(
            f"统一社会信用代码校验位不符：按前17位计算第18位应为“{expected}”，填写的是“{n[17]}”，请核对是否有字符录错。"
        )
    return CreditCode(
        code=n, authority_code=n[0], type_code=n[1], region_code=n[2:8], organisation_code=n[8:17]
    )


# --- suggested kind for table 三 ---------------------------------------------------------------

# table 三's five organisation columns, by their short label
ORGANISATION_KINDS: dict[str, str] = {col.rsplit("/", 1)[1]: col for col in APPLICANT_COLUMNS[1:]}


@dataclass(frozen=True)
class KindSuggestion:
    label: str  # 商业企业 / 科研机构 / 社会公益组织 / 法律服务机构 / 其他
    column: str  # the table 三 column path, e.g. "申请人情况/法人或其他组织/商业企业"
    reason: str  # Chinese, for the registrar

    @property
    def certain(self) -> bool:
        return "请核实" not in self.reason


# (authority, type) → label; authority alone with type "*"
_BY_CODE = {
    ("9", "1"): "商业企业",
    ("9", "2"): "商业企业",
    ("3", "*"): "法律服务机构",
    ("5", "1"): "社会公益组织",
    ("5", "2"): "社会公益组织",
    ("5", "3"): "社会公益组织",
}
# name fragments that identify a kind better than the code can (checked in this order)
_BY_NAME = (
    ("律师事务所", "法律服务机构"),
    ("公证处", "法律服务机构"),
    ("法律服务所", "法律服务机构"),
    ("司法鉴定", "法律服务机构"),
    ("研究院", "科研机构"),
    ("研究所", "科研机构"),
    ("科学院", "科研机构"),
    ("研究中心", "科研机构"),
    ("实验室", "科研机构"),
    ("基金会", "社会公益组织"),
    ("慈善", "社会公益组织"),
    ("公益", "社会公益组织"),
)


def suggest_organisation_kind(credit_code: str, name: str = "") -> KindSuggestion:
    """Suggest table 三's organisation column for a credit code (validated first).

    The code decides where it can (企业 → 商业企业, 司法行政 → 法律服务机构, 民政 → 社会
    公益组织); a name such as ``……研究所`` refines 事业单位 and others to 科研机构. When
    neither decides, the answer is 其他 and the reason asks the registrar to check.
    """
    cc = validate_credit_code(credit_code)
    what = f"登记管理部门为{cc.authority or '未知（' + cc.authority_code + '）'}"
    if cc.organisation_type:
        what += f"、机构类别为{cc.organisation_type}"
    by_code = _BY_CODE.get((cc.authority_code, cc.type_code)) or _BY_CODE.get((cc.authority_code, "*"))
    by_name = next((label for frag, label in _BY_NAME if frag in (name or "")), None)
    if by_code and (by_name is None or by_name == by_code):
        return _suggest(by_code, f"统一社会信用代码显示{what}。")
    if by_name and by_code is None:
        return _suggest(by_name, f"统一社会信用代码显示{what}，名称“{name}”表明属于{by_name}，请核实。")
    if by_name and by_code:
        return _suggest(by_code, f"统一社会信用代码显示{what}，但名称“{name}”像是{by_name}，请核实。")
    hint = "；如为科研院所请改选“科研机构”" if cc.authority_code == "1" and cc.type_code == "2" else ""
    return _suggest("其他", f"统一社会信用代码显示{what}，不属于前四类{hint}，请核实。")


def _suggest(label: str, reason: str) -> KindSuggestion:
    return KindSuggestion(label=label, column=ORGANISATION_KINDS[label], reason=reason)
