"""Every rule of formats-and-rules.md §5, with a stable id, its origin and default severity.

`checked_by` says which part of gongkai enforces a rule that cannot be judged from the
published cells alone (T3-4 holds by construction in the platform, D-2 needs the statistics
period that reports rarely print).
"""

from __future__ import annotations

from dataclasses import dataclass

from .finding import Severity


@dataclass(frozen=True)
class Rule:
    id: str
    origin: str  # OFFICIAL / STRUCT / SOFT / DERIVED, per the spec
    severity: Severity
    title: str  # Chinese, short
    checked_by: str = "checker"  # or: "platform", "not checkable"


E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        Rule("T3-1", "OFFICIAL", E, "表三每列：第一项加第二项之和等于第三项（七）总计加第四项"),
        Rule("T3-2", "STRUCT", E, "表三每行：总计等于六类申请人之和"),
        Rule("T3-3", "STRUCT", E, "表三每列：（七）总计等于各办理结果子项之和"),
        Rule("T3-4", "OFFICIAL", E, "每件申请只计入一个办理结果（部分公开只计（二））",
             checked_by="platform (one outcome per application); on published cells T3-3 is its visible part"),
        Rule("T3-5", "STRUCT", E, "表三每个单元格为非负整数"),
        Rule("T3-6", "SOFT", W, "本年“上年结转”等于上年“结转下年度继续办理”"),
        Rule("T3-7", "STRUCT", E, "（六）其他处理的行式与年报格式版本一致"),
        Rule("T3-8", "SOFT", W, "六、其他需要报告的事项称未收费时，（六）2 应为 0"),
        Rule("T4-1", "STRUCT", E, "表四每组：总计等于结果维持、结果纠正、其他结果、尚未审结之和"),
        Rule("T4-2", "STRUCT", E, "表四每个单元格为非负整数"),
        Rule("T4-3", "DERIVED", INFO, "上年尚未审结的复议、诉讼（仅作提示）"),
        Rule("T2-1", "STRUCT", E, "表二数值非负；件数为整数（2021 格式）"),
        Rule("T2-2", "SOFT", W, "现行有效件数 ≈ 上年现行有效件数 + 本年制发 − 本年废止"),
        Rule("T2-3", "SOFT", W, "本年收费金额单位为万元，数值异常大时可能误填为元"),
        Rule("T2-4", "SOFT", W, "上年的上一年项目数量加本年增/减等于本年的上一年项目数量"),
        Rule("T2-5", "STRUCT", E, "表二除本年增/减外数值非负（2019 格式）"),
        Rule("D-1", "OFFICIAL", W, "六个部分标题齐全且顺序正确"),
        Rule("D-2", "DERIVED", INFO, "统计期为报告年度的 1 月 1 日至 12 月 31 日", checked_by="not checkable"),
        Rule("D-3", "R", W, "2021 年起，六、其他需要报告的事项应报告信息处理费情况"),
        Rule("D-4", "OFFICIAL", W, "人民政府的年报应报告工作考核、社会评议和责任追究结果情况"),
        Rule("S-1", "SOFT", W, "正文所述收到申请数与表三“本年新收”（或加“上年结转”）一致"),
        Rule("S-2", "SOFT", W, "正文所述办结申请数与表三（七）总计一致"),
        Rule("S-3", "SOFT", W, "正文所述结转下年度申请数与表三“结转下年度继续办理”一致"),
        Rule("S-4", "SOFT", W, "正文所述行政复议、行政诉讼件数与表四总计一致"),
        Rule("S-5", "OFFICIAL", W, "五、存在的主要问题及改进情况不应为空或仅写“无”"),
        Rule("S-6", "SOFT", W, "六所述信息处理费不超过表二本年收费金额；逾期未缴费件数不超过发出的收费通知数"),
        Rule("S-7", "SOFT", W, "正文各部分不应与上年报告几乎逐字相同"),
        Rule("B-1", "DERIVED", W, "空白单元格（空白不等于 0；计算时按 0 处理）"),
        Rule("U-1", "DERIVED", W, "无法确定的单元格（相关规则未检查）"),
        Rule("X-1", "DERIVED", INFO, "跨年度比较的前提（同一单位、相邻年度、相同范围）"),
    )
}
