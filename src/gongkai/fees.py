"""信息处理费: the processing fee of 《政府信息公开信息处理费管理办法》(国办函〔2020〕109号).

Pure Python (no Django). Two methods, and one application is charged by one of them only
(109号 Art. 3):

* per application (按件, Art. 4), counted per applicant per natural month: the 1st–10th
  application of the month are free, the 11th–30th cost 100元 each, and from the 31st on each
  further band of 10 costs 100元 more per application (31–40: 200元, 41–50: 300元 …). The n-th
  application of the month is charged at its band's rate, so 35 applications cost
  20×100 + 5×200 = 3000元.
* per page (按量, Art. 5): pages 1–30 free, 31–100 at 10元, 101–200 at 20元, from 201 at 40元
  per page, progressively: 250 pages cost 70×10 + 100×20 + 50×40 = 4700元.

The applicant pays within 20 working days counted from the day after receiving the notice
(:func:`payment_due`); otherwise the application is treated as withdrawn (table 三（六）2).
Amounts are :class:`~decimal.Decimal` yuan. Open questions (whether the monthly count is per
agency, page conversion rules, waivers) are listed in docs/deadlines.md.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from gongkai.deadlines import FEE_DOC, Vocabulary, fee_payment_due
from gongkai.deadlines import FEE_PAYMENT_WORKDAYS as PAYMENT_WORKDAYS
from gongkai.workdays import Calendar, format_date

__all__ = [
    "FEES_EFFECTIVE",
    "FREE_APPLICATIONS_PER_MONTH",
    "FREE_PAGES",
    "PAYMENT_WORKDAYS",
    "FeeError",
    "FeeMethod",
    "FeeQuote",
    "PaymentState",
    "UNPAID_OUTCOME",
    "Tier",
    "monthly_positions",
    "payment_due",
    "payment_state",
    "per_application_fee",
    "per_application_quote",
    "per_application_total",
    "per_page_fee",
    "quote",
]

FEES_EFFECTIVE = dt.date(2021, 1, 1)  # 109号 applies from this day [V1/R, see the spec §6.6]
FREE_APPLICATIONS_PER_MONTH = 10
FREE_PAGES = 30

# (first page, last page or None, yuan per page)
PAGE_TIERS: tuple[tuple[int, int | None, Decimal], ...] = (
    (1, 30, Decimal(0)),
    (31, 100, Decimal(10)),
    (101, 200, Decimal(20)),
    (201, None, Decimal(40)),
)


class FeeError(ValueError):
    """Bad fee input; ``str()`` is a Chinese message for people."""


class FeeMethod(Vocabulary):
    PER_APPLICATION = "per_application", "按件计收"  # 第四条
    PER_PAGE = "per_page", "按量计收"  # 第五条


@dataclass(frozen=True)
class Tier:
    """One line of the breakdown: ``units`` items (applications or pages) from ``first`` to
    ``last`` at ``rate`` yuan each."""

    first: int
    last: int
    rate: Decimal
    unit: str  # "件" or "页"

    @property
    def units(self) -> int:
        return self.last - self.first + 1

    @property
    def subtotal(self) -> Decimal:
        return self.rate * self.units

    def describe(self) -> str:
        """``第31至100页：70页×10元＝700元`` (free tiers say 免费)."""
        span = (
            f"第{self.first}{self.unit}"
            if self.first == self.last
            else f"第{self.first}至{self.last}{self.unit}"
        )
        if not self.rate:
            return f"{span}：{self.units}{self.unit}，免费"
        return f"{span}：{self.units}{self.unit}×{self.rate}元＝{self.subtotal}元"


@dataclass(frozen=True)
class FeeQuote:
    """The amount for one application by one method, with the lines for the fee notice."""

    method: FeeMethod
    amount: Decimal
    tiers: tuple[Tier, ...]
    basis: str

    @property
    def lines(self) -> tuple[str, ...]:
        return tuple(t.describe() for t in self.tiers)

    @property
    def free(self) -> bool:
        return self.amount == 0

    def describe(self) -> str:
        """One Chinese sentence for the 收费通知."""
        body = "；".join(self.lines)
        return f"依据{self.basis}，{self.method.label}：{body}；合计{self.amount}元。"


def _positive(n: int, what: str) -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        raise FeeError(f"{what}应为整数，收到 {n!r}。")
    if n < 0:
        raise FeeError(f"{what}不能为负数，收到 {n}。")
    return n


# --- per application (按件) ------------------------------------------------------------------


def per_application_fee(nth_in_month: int) -> Decimal:
    """The fee for an applicant's ``nth_in_month`` application of the natural month (1-based)."""
    n = _positive(nth_in_month, "当月申请序号")
    if n == 0:
        raise FeeError("当月申请序号从1开始。")
    if n <= FREE_APPLICATIONS_PER_MONTH:
        return Decimal(0)
    if n <= 30:
        return Decimal(100)
    return Decimal(100) * (2 + (n - 31) // 10)


def _application_band(n: int) -> tuple[int, int]:
    """The band (first, last) the n-th application falls in."""
    if n <= FREE_APPLICATIONS_PER_MONTH:
        return 1, FREE_APPLICATIONS_PER_MONTH
    if n <= 30:
        return 11, 30
    first = 31 + (n - 31) // 10 * 10
    return first, first + 9


def per_application_total(count: int) -> Decimal:
    """What ``count`` applications of one applicant in one month cost together (35 → 3000)."""
    return sum((t.subtotal for t in _application_tiers(1, _positive(count, "申请件数"))), Decimal(0))


def _application_tiers(first: int, last: int) -> list[Tier]:
    tiers: list[Tier] = []
    n = first
    while n <= last:
        lo, hi = _application_band(n)
        end = min(hi, last)
        tiers.append(Tier(n, end, per_application_fee(n), "件"))
        n = end + 1
    return tiers


def per_application_quote(nth_in_month: int) -> FeeQuote:
    """The quote for one application, the ``nth_in_month`` of its applicant's month."""
    fee = per_application_fee(nth_in_month)
    return FeeQuote(
        method=FeeMethod.PER_APPLICATION,
        amount=fee,
        tiers=(Tier(nth_in_month, nth_in_month, fee, "件"),),
        basis=FEE_DOC + "第四条",
    )


# --- per page (按量) --------------------------------------------------------------------------


def per_page_fee(pages: int) -> FeeQuote:
    """The quote for ``pages`` pages, with the tier breakdown (250 → 4700元)."""
    pages = _positive(pages, "页数")
    tiers = []
    for first, last, rate in PAGE_TIERS:
        if pages < first:
            break
        end = pages if last is None else min(last, pages)
        tiers.append(Tier(first, end, rate, "页"))
    amount = sum((t.subtotal for t in tiers), Decimal(0))
    return FeeQuote(method=FeeMethod.PER_PAGE, amount=amount, tiers=tuple(tiers), basis=FEE_DOC + "第五条")


# --- one method per application -------------------------------------------------------------


def quote(
    method: FeeMethod | str,
    *,
    nth_in_month: int | None = None,
    pages: int | None = None,
    received_on: dt.date | None = None,
) -> FeeQuote:
    """The fee for one application by exactly one method (109号 Art. 3).

    Give ``nth_in_month`` for PER_APPLICATION or ``pages`` for PER_PAGE, not both. With
    ``received_on`` before 2021-01-01 (before 109号 applied), :class:`FeeError`.
    """
    try:
        m = FeeMethod(method)
    except ValueError:
        raise FeeError(f"未知的收费方式：{method!r}（按件 per_application 或按量 per_page）。") from None
    if nth_in_month is not None and pages is not None:
        raise FeeError("同一申请只能选择按件或按量一种方式计收，不能同时计收（第三条）。")
    if received_on is not None and received_on < FEES_EFFECTIVE:
        raise FeeError(
            f"{received_on.isoformat()}收到的申请早于{FEE_DOC}施行日期2021年1月1日，不收取信息处理费。"
        )
    if m is FeeMethod.PER_APPLICATION:
        if nth_in_month is None:
            raise FeeError("按件计收需要该申请人本月的申请序号。")
        return per_application_quote(nth_in_month)
    if pages is None:
        raise FeeError("按量计收需要页数。")
    return per_page_fee(pages)


def monthly_positions(applications: Iterable[tuple[Hashable, Hashable, dt.date]]) -> dict[Hashable, int]:
    """Each application's position in its applicant's natural month.

    ``applications``: ``(application_id, applicant_key, received_on)`` triples (one agency's,
    since the count is taken per receiving agency — see docs). Ties on the same day are
    ordered by ``application_id``. Returns ``{application_id: n}`` with n starting at 1 on
    the first application of each applicant in each calendar month.
    """
    groups: dict[tuple[Hashable, int, int], list[tuple[dt.date, Hashable]]] = defaultdict(list)
    for app_id, applicant, received in applications:
        groups[(applicant, received.year, received.month)].append((received, app_id))
    out: dict[Hashable, int] = {}
    for items in groups.values():
        items.sort(key=lambda x: (x[0], (0, x[1], "") if isinstance(x[1], int) else (1, 0, str(x[1]))))
        for i, (_, app_id) in enumerate(items, start=1):
            if app_id in out:
                raise FeeError(f"申请编号重复：{app_id!r}。")
            out[app_id] = i
    return out


payment_due = fee_payment_due  # one computation of the payment period, shared with the clock


# the outcome id of "not paid in time": （六）2 in the 2021 format, （六） in 2019's
UNPAID_OUTCOME = "other.unpaid_fee"


class PaymentState(Vocabulary):
    PAID = "paid", "已缴费"
    WAITING = "waiting", "等待缴费"
    LAPSED = "lapsed", "逾期未缴费"  # 视为放弃申请，三（六）2


def payment_state(
    notice_received: dt.date, calendar: Calendar, today: dt.date, paid_on: dt.date | None = None
) -> PaymentState:
    """Where a fee notice stands on ``today``. A payment after the period is refused
    (:class:`FeeError`): the application is then treated as withdrawn and concluded under
    :data:`UNPAID_OUTCOME`, not silently revived."""
    due = payment_due(notice_received, calendar)
    if paid_on is not None:
        if paid_on < notice_received:
            raise FeeError(
                f"缴费日期{format_date(paid_on)}早于收到收费通知的日期{format_date(notice_received)}。"
            )
        if paid_on > due:
            raise FeeError(
                f"缴费期限已于{format_date(due)}届满，{format_date(paid_on)}的缴费不能受理；"
                f"申请视为放弃，应按“申请人逾期未按收费通知要求缴纳费用”办结（{FEE_DOC}）。"
            )
        return PaymentState.PAID
    return PaymentState.LAPSED if today > due else PaymentState.WAITING
