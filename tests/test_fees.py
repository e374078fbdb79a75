"""信息处理费 (国办函〔2020〕109号): tiers, worked examples, one method, monthly count, payment."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.fees import (
    FeeError,
    FeeMethod,
    monthly_positions,
    payment_due,
    per_application_fee,
    per_application_total,
    per_page_fee,
    quote,
)
from gongkai.workdays import from_chinese_calendar

D = dt.date


def test_worked_examples_from_the_spec():
    assert per_application_total(35) == Decimal(3000)  # 20×100 + 5×200
    q = per_page_fee(250)
    assert q.amount == Decimal(4700)  # 70×10 + 100×20 + 50×40
    assert q.lines == (
        "第1至30页：30页，免费",
        "第31至100页：70页×10元＝700元",
        "第101至200页：100页×20元＝2000元",
        "第201至250页：50页×40元＝2000元",
    )
    assert "合计4700元" in q.describe() and "109号" in q.describe()


@pytest.mark.parametrize(
    "n, fee", [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (50, 300), (51, 400)]
)
def test_per_application_bands(n, fee):
    assert per_application_fee(n) == Decimal(fee)


@pytest.mark.parametrize(
    "pages, amount", [(0, 0), (30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740)]
)
def test_per_page_boundaries(pages, amount):
    assert per_page_fee(pages).amount == Decimal(amount)


def test_one_method_per_application():
    with pytest.raises(FeeError, match="只能选择"):
        quote(FeeMethod.PER_PAGE, nth_in_month=12, pages=40)
    assert quote("per_application", nth_in_month=12).amount == Decimal(100)
    assert quote(FeeMethod.PER_PAGE, pages=31).amount == Decimal(10)
    with pytest.raises(FeeError, match="页数"):
        quote(FeeMethod.PER_PAGE)
    with pytest.raises(FeeError, match="未知"):
        quote("both")
    with pytest.raises(FeeError, match="2021年1月1日"):
        quote(FeeMethod.PER_PAGE, pages=40, received_on=D(2020, 12, 31))


@pytest.mark.parametrize("bad", [-1, 1.5, "3", True])
def test_bad_numbers_are_refused(bad):
    with pytest.raises(FeeError):
        per_page_fee(bad)
    with pytest.raises(FeeError):
        per_application_fee(bad)


def test_monthly_positions_per_applicant_per_natural_month():
    apps = [
        (3, "张三", D(2026, 3, 31)),
        (1, "张三", D(2026, 3, 2)),
        (2, "张三", D(2026, 3, 2)),
        (4, "张三", D(2026, 4, 1)),  # new month restarts the count
        (5, "李四", D(2026, 3, 15)),
    ]
    assert monthly_positions(apps) == {1: 1, 2: 2, 3: 3, 4: 1, 5: 1}
    many = [(i, "王五", D(2026, 5, 1 + i % 28)) for i in range(35)]
    pos = monthly_positions(many)
    assert sorted(pos.values()) == list(range(1, 36))
    assert sum(per_application_fee(n) for n in pos.values()) == Decimal(3000)
    with pytest.raises(FeeError, match="重复"):
        monthly_positions([(1, "a", D(2026, 3, 1)), (1, "a", D(2026, 3, 2))])


def test_payment_due_twenty_working_days_from_the_day_after_receipt():
    cal = from_chinese_calendar([2026])
    # notice received Friday 13 Feb 2026: day 1 is Saturday 14 Feb (调休), Spring Festival skipped
    assert payment_due(D(2026, 2, 13), cal) == D(2026, 3, 19)


@given(st.integers(min_value=0, max_value=500))
@settings(max_examples=200)
def test_application_total_is_the_sum_of_marginal_fees_and_monotone(count):
    total = per_application_total(count)
    assert total == sum((per_application_fee(i) for i in range(1, count + 1)), Decimal(0))
    assert per_application_total(count + 1) - total == per_application_fee(count + 1) >= 0


@given(st.integers(min_value=0, max_value=5000))
@settings(max_examples=200)
def test_page_fee_matches_tier_sums_and_is_monotone(pages):
    q = per_page_fee(pages)
    assert q.amount == sum(t.subtotal for t in q.tiers)
    assert sum(t.units for t in q.tiers) == pages
    step = per_page_fee(pages + 1).amount - q.amount
    assert step == (0 if pages < 30 else 10 if pages < 100 else 20 if pages < 200 else 40)


def test_payment_state_paid_waiting_lapsed():
    from gongkai.fees import UNPAID_OUTCOME, PaymentState, payment_state
    from gongkai.formats import for_year

    cal = from_chinese_calendar([2026])
    got = D(2026, 3, 2)
    due = payment_due(got, cal)
    assert due == D(2026, 3, 30)
    assert payment_state(got, cal, today=D(2026, 3, 10)) is PaymentState.WAITING
    assert payment_state(got, cal, today=due) is PaymentState.WAITING
    assert payment_state(got, cal, today=D(2026, 3, 31)) is PaymentState.LAPSED
    assert payment_state(got, cal, today=D(2026, 4, 20), paid_on=due) is PaymentState.PAID
    with pytest.raises(FeeError, match="届满"):
        payment_state(got, cal, today=D(2026, 4, 20), paid_on=D(2026, 3, 31))
    assert for_year(2026).outcome_row(UNPAID_OUTCOME).endswith(
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    )
