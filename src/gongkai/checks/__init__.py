"""The consistency checker (勾稽关系): a report in, findings out.

    findings = check(report, previous=last_years_report)
    errors = [f for f in findings if f.severity == "error"]

No check knows where a report came from (design principle: data flows one way).
"""

from __future__ import annotations

from ..report import Report
from . import arithmetic, crossyear, document, sections
from .finding import SEVERITY_ORDER, SEVERITY_ZH, Finding, Severity
from .rules import RULES, Rule


def check(report: Report, previous: Report | None = None) -> list[Finding]:
    findings: list[Finding] = []
    for ident in report.format.identities:
        findings += arithmetic.check_identity(report, ident)
    findings += arithmetic.check_values(report)
    findings += arithmetic.check_fee_unit(report)
    findings += document.check_format_version(report)
    findings += document.check_sections(report)
    findings += document.check_section_contents(report)
    findings += sections.check_text(report)
    if previous is not None:
        pre = crossyear.preconditions(report, previous)
        findings += pre
        if not pre:
            findings += crossyear.check_carry_over(report, previous)
            findings += crossyear.check_table2_trend(report, previous)
            findings += crossyear.check_pending_appeals(report, previous)
            findings += sections.check_repeated_text(report, previous)
    findings += arithmetic.check_unknown(report)
    findings += arithmetic.check_blanks(report)
    return sorted(findings, key=lambda f: SEVERITY_ORDER[f.severity])  # stable: rule order kept within


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == Severity.ERROR]


__all__ = ["RULES", "SEVERITY_ZH", "Finding", "Rule", "Severity", "check", "errors"]
