"""What the platform knows that the sections should say, offered beside the editor.

Applications received, concluded and carried forward (表三's totals); 信息处理费 charged under
国办函〔2020〕109号 — notices sent, amounts charged and paid — which section 六 must report in
the 2021 format; appeals by kind; and last year's section 五, to report progress on.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum

from gongkai.casework.choices import FeeStatus
from gongkai.casework.models import Fee
from gongkai.formats import address
from gongkai.report import Report


@dataclass(frozen=True)
class Facts:
    new: int
    carried_over: int
    concluded: int
    carried_forward: int
    fee_notices: int
    fee_charged: Decimal  # 元
    fee_paid_count: int
    fee_paid: Decimal  # 元
    appeals: dict[str, int]  # 表四 group label → total
    fee_report_required: bool
    last_year_problems: str  # last year's section 五
    last_year_source: str

    def fee_sentence(self) -> str:
        """A sentence section 六 can start from (the staff edit it)."""
        if not self.fee_notices:
            return "本年度未发出信息处理费收费通知，未收取信息处理费。"
        return (f"本年度依据《政府信息公开信息处理费管理办法》发出收费通知 {self.fee_notices} 件，"
                f"计 {self.fee_charged:.2f} 元；实际收取 {self.fee_paid_count} 件，计 {self.fee_paid:.2f} 元。")


def facts(agency, year: int, report: Report, previous: Report | None, previous_source: str) -> Facts:
    fmt, roles = report.format, report.format.roles
    total = roles.total_column

    def t3(row: str) -> int:
        return report.number(address("表三", row, total))

    sent = Fee.objects.filter(application__agency=agency, notice_sent_on__year=year).aggregate(
        n=Count("id"), amount=Sum("amount"))
    paid = Fee.objects.filter(application__agency=agency, status=FeeStatus.PAID, settled_on__year=year).aggregate(
        n=Count("id"), amount=Sum("amount"))
    appeals = {fmt.short_label("表四", g): report.number(address("表四", roles.appeal_row, f"{g}/{roles.appeal_total}"))
               for g in roles.appeal_groups}
    return Facts(
        new=t3(roles.new), carried_over=t3(roles.carried_over), concluded=t3(roles.concluded),
        carried_forward=t3(roles.carried_forward),
        fee_notices=sent["n"], fee_charged=sent["amount"] or Decimal(0),
        fee_paid_count=paid["n"], fee_paid=paid["amount"] or Decimal(0),
        appeals=appeals, fee_report_required=fmt.fee_report_required,
        last_year_problems=(previous.sections.get(5) or "") if previous else "",
        last_year_source=previous_source,
    )
