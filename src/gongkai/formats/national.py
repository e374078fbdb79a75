"""The two national formats, declared once (labels exactly as printed).

Sources and certainty: ../shared/spec/formats-and-rules.md §3–§5.  Labels keep their
full-width punctuation; readers normalise only when matching.
"""

from __future__ import annotations

from .model import Block, Format, Identity, ItemsTrend, Kind, Outcome, Roles, StockTrend, Superseded, Table

SECTIONS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)

# ---------------------------------------------------------------- 表三 (both formats)
APPLICANT_COLUMNS = (
    "申请人情况/自然人",
    "申请人情况/法人或其他组织/商业企业",
    "申请人情况/法人或其他组织/科研机构",
    "申请人情况/法人或其他组织/社会公益组织",
    "申请人情况/法人或其他组织/法律服务机构",
    "申请人情况/法人或其他组织/其他",
)
T3_TOTAL_COLUMN = "申请人情况/总计"
T3_COLUMNS = (*APPLICANT_COLUMNS, T3_TOTAL_COLUMN)

T3_NEW = "一、本年新收政府信息公开申请数量"
T3_CARRIED_OVER = "二、上年结转政府信息公开申请数量"
T3_CONCLUDED = "三、本年度办理结果/（七）总计"
T3_CARRIED_FORWARD = "四、结转下年度继续办理"
_R = "三、本年度办理结果/"

T3_OUTCOMES_COMMON_HEAD = (
    _R + "（一）予以公开",
    _R + "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    _R + "（三）不予公开/1.属于国家秘密",
    _R + "（三）不予公开/2.其他法律行政法规禁止公开",
    _R + "（三）不予公开/3.危及“三安全一稳定”",
    _R + "（三）不予公开/4.保护第三方合法权益",
    _R + "（三）不予公开/5.属于三类内部事务信息",
    _R + "（三）不予公开/6.属于四类过程性信息",
    _R + "（三）不予公开/7.属于行政执法案卷",
    _R + "（三）不予公开/8.属于行政查询事项",
    _R + "（四）无法提供/1.本机关不掌握相关政府信息",
    _R + "（四）无法提供/2.没有现成信息需要另行制作",
    _R + "（四）无法提供/3.补正后申请内容仍不明确",
    _R + "（五）不予处理/1.信访举报投诉类申请",
    _R + "（五）不予处理/2.重复申请",
    _R + "（五）不予处理/3.要求提供公开出版物",
    _R + "（五）不予处理/4.无正当理由大量反复申请",
    _R + "（五）不予处理/5.要求行政机关确认或重新出具已获取信息",
)
T3_OTHER_2019 = (_R + "（六）其他处理",)
T3_OTHER_2021 = (
    _R + "（六）其他处理/1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    _R + "（六）其他处理/2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    _R + "（六）其他处理/3.其他",
)
T3_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

# Stable outcome ids, as cases store them; each format maps them to its own 表三 rows.
OUTCOME_IDS_COMMON_HEAD = (
    "granted", "partly_granted",
    "withheld.state_secret", "withheld.prohibited_by_law", "withheld.security_stability",
    "withheld.third_party", "withheld.internal_affairs", "withheld.process_info",
    "withheld.enforcement_file", "withheld.query_matter",
    "unable.not_held", "unable.needs_creation", "unable.unclear_after_correction",
    "not_processed.petition", "not_processed.repeat", "not_processed.publication",
    "not_processed.excessive", "not_processed.confirmation",
)
OUTCOME_IDS_OTHER = ("other.uncorrected", "other.unpaid_fee", "other.misc")
OUTCOMES_2019 = (
    *(Outcome(i, r) for i, r in zip(OUTCOME_IDS_COMMON_HEAD, T3_OUTCOMES_COMMON_HEAD, strict=True)),
    *(Outcome(i, T3_OTHER_2019[0], note) for i, note in zip(
        OUTCOME_IDS_OTHER, ("申请人逾期不补正", "申请人逾期未缴纳信息处理费", "其他"), strict=True)),
)
OUTCOMES_2021 = (
    *(Outcome(i, r) for i, r in zip(OUTCOME_IDS_COMMON_HEAD, T3_OUTCOMES_COMMON_HEAD, strict=True)),
    *(Outcome(i, r) for i, r in zip(OUTCOME_IDS_OTHER, T3_OTHER_2021, strict=True)),
)


def _table3(outcomes: tuple[str, ...]) -> Table:
    rows = (T3_NEW, T3_CARRIED_OVER, *outcomes, T3_CONCLUDED, T3_CARRIED_FORWARD)
    return Table(
        key="表三",
        section=3,
        blocks=(Block(rows=rows, columns=T3_COLUMNS),),
        corner=T3_CORNER,
        column_group="申请人情况",
        value_rule="T3-5",
        quiet_groups=("三、本年度办理结果", "申请人情况/法人或其他组织", "申请人情况"),
    )


def _table3_identities(outcomes: tuple[str, ...]) -> tuple[Identity, ...]:
    rows = (T3_NEW, T3_CARRIED_OVER, *outcomes, T3_CONCLUDED, T3_CARRIED_FORWARD)
    return (
        Identity("T3-1", "表三", "column", total=T3_NEW, lhs_extra=(T3_CARRIED_OVER,),
                 parts=(T3_CONCLUDED, T3_CARRIED_FORWARD), across=T3_COLUMNS, origin="OFFICIAL"),
        Identity("T3-2", "表三", "row", total=T3_TOTAL_COLUMN, parts=APPLICANT_COLUMNS, across=rows),
        Identity("T3-3", "表三", "column", total=T3_CONCLUDED, parts=outcomes, across=T3_COLUMNS),
    )


# ---------------------------------------------------------------- 表四 (both formats)
T4_ROW = "合计"
T4_LEAVES = ("结果维持", "结果纠正", "其他结果", "尚未审结")
T4_GROUPS = ("行政复议", "行政诉讼/未经复议直接起诉", "行政诉讼/复议后起诉")
T4_COLUMNS = tuple(f"{g}/{leaf}" for g in T4_GROUPS for leaf in (*T4_LEAVES, "总计"))
# Stable ids of an appeal's kind and result, as the platform stores them (gongkai.appeals).
APPEAL_KIND_IDS = ("reconsideration", "litigation_direct", "litigation_after_reconsideration")
APPEAL_RESULT_IDS = ("upheld", "corrected", "other", "pending")
TABLE4 = Table(key="表四", section=4, blocks=(Block(rows=(T4_ROW,), columns=T4_COLUMNS),), value_rule="T4-2")
T4_IDENTITIES = tuple(
    Identity("T4-1", "表四", "row", total=f"{g}/总计", parts=tuple(f"{g}/{x}" for x in T4_LEAVES),
             across=(T4_ROW,), group=g)
    for g in T4_GROUPS
)

# ---------------------------------------------------------------- 表二
_ART = "第二十条第（{}）项"


def _block(item: str, rows: tuple[str, ...], columns: tuple[str, ...], kinds=None, units=None) -> Block:
    caption = _ART.format(item)
    return Block(
        rows=tuple(f"{caption}/{r}" for r in rows),
        columns=columns,
        caption=caption,
        row_header="信息内容",
        kinds=kinds or {},
        units=units or {},
    )


_PREV = ("上一年项目数量", "本年增/减", "处理决定数量")
TABLE2_2019 = Table(
    key="表二",
    section=2,
    value_rule="T2-5",
    blocks=(
        _block("一", ("规章", "规范性文件"), ("本年新制作数量", "本年新公开数量", "对外公开总数量")),
        _block("五", ("行政许可", "其他对外管理服务事项"), _PREV, {"本年增/减": Kind.SIGNED}),
        _block("六", ("行政处罚", "行政强制"), _PREV, {"本年增/减": Kind.SIGNED}),
        _block("八", ("行政事业性收费",), _PREV[:2], {"本年增/减": Kind.SIGNED}),
        _block("九", ("政府集中采购",), ("采购项目数量", "采购总金额"), {"采购总金额": Kind.AMOUNT}),
    ),
)
FEE_AMOUNT_2021 = "本年收费金额（单位：万元）"
TABLE2_2021 = Table(
    key="表二",
    section=2,
    value_rule="T2-1",
    blocks=(
        _block("一", ("规章", "行政规范性文件"), ("本年制发件数", "本年废止件数", "现行有效件数")),
        _block("五", ("行政许可",), ("本年处理决定数量",)),
        _block("六", ("行政处罚", "行政强制"), ("本年处理决定数量",)),
        _block("八", ("行政事业性收费",), (FEE_AMOUNT_2021,), {FEE_AMOUNT_2021: Kind.AMOUNT},
               {FEE_AMOUNT_2021: "万元"}),
    ),
)

ROLES = Roles(
    new=T3_NEW, carried_over=T3_CARRIED_OVER, concluded=T3_CONCLUDED, carried_forward=T3_CARRIED_FORWARD,
    applicant_columns=APPLICANT_COLUMNS, total_column=T3_TOTAL_COLUMN,
    appeal_row=T4_ROW, appeal_groups=T4_GROUPS, appeal_leaves=T4_LEAVES,
    appeal_kinds=dict(zip(APPEAL_KIND_IDS, T4_GROUPS, strict=True)),
    appeal_results=dict(zip(APPEAL_RESULT_IDS, T4_LEAVES, strict=True)),
)
# A 2019-style undivided （六） in a 2021+ report, and 2021-style sub-rows in a 2019/2020 one.
SUPERSEDED_IN_2021 = Superseded(
    "表三", T3_OTHER_2019,
    "{year}年度应使用 2021 年格式：表三“（六）其他处理”应分为 1.逾期不补正、2.逾期未缴费、3.其他 三行，"
    "本报告仍为 2019 年格式的单独一行。",
    reader_note="2021 格式的报告把「（六）其他处理」印成一行（2019 格式），没有 1/2/3 三个子项；"
                "该行数值记入 extra_cells",
)
SUPERSEDED_IN_2019 = Superseded(
    "表三", T3_OTHER_2021,
    "{year}年度应使用 2019 年（试行）格式：表三“（六）其他处理”为单独一行，本报告却分为 2021 年格式的子项。",
    reader_note="2019 格式的报告把「（六）其他处理」分为 2021 格式的子项；这些行的数值记入 extra_cells",
)

FORMAT_2019 = Format(
    id="2019",
    title="中华人民共和国政府信息公开工作年度报告格式（试行）",
    notice="国办公开办函〔2019〕60号",
    years=(2019, 2020),
    sections=SECTIONS,
    tables=(TABLE2_2019, _table3(T3_OUTCOMES_COMMON_HEAD + T3_OTHER_2019), TABLE4),
    identities=_table3_identities(T3_OUTCOMES_COMMON_HEAD + T3_OTHER_2019) + T4_IDENTITIES,
    roles=ROLES,
    outcomes=OUTCOMES_2019,
    superseded=(SUPERSEDED_IN_2019,),
    trends=(ItemsTrend("T2-4", "表二", count="上一年项目数量", delta="本年增/减"),),
)
FORMAT_2021 = Format(
    id="2021",
    title="中华人民共和国政府信息公开工作年度报告格式",
    notice="国办公开办函〔2021〕30号",
    years=(2021, None),
    sections=SECTIONS,
    tables=(TABLE2_2021, _table3(T3_OUTCOMES_COMMON_HEAD + T3_OTHER_2021), TABLE4),
    identities=_table3_identities(T3_OUTCOMES_COMMON_HEAD + T3_OTHER_2021) + T4_IDENTITIES,
    roles=ROLES,
    outcomes=OUTCOMES_2021,
    superseded=(SUPERSEDED_IN_2021,),
    trends=(StockTrend("T2-2", "表二", rows=("第二十条第（一）项/规章", "第二十条第（一）项/行政规范性文件"),
                       stock="现行有效件数", added="本年制发件数", removed="本年废止件数"),),
    fee_report_required=True,
)
