"""The Regulation's clock: receipt by channel, 补正, consultation, extension, fees, Art. 35."""

import datetime as dt

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gongkai.deadlines import (
    Channel,
    ClockError,
    CorrectionTooLate,
    Event,
    EventKind,
    EventOrderError,
    ExtensionError,
    FeeEventError,
    FeeWait,
    FutureDateError,
    IncompleteEvent,
    LaterDateError,
    Party,
    Policy,
    Status,
    compute,
    validate,
)
from gongkai.workdays import CalendarMissing, from_chinese_calendar

D = dt.date
CAL = from_chinese_calendar([2024, 2025, 2026])
TODAY = D(2026, 11, 20)
MON = D(2026, 3, 2)  # an ordinary Monday, no holidays for weeks


def clock(events, today=TODAY, **policy):
    return compute(events, CAL, today=today, policy=Policy(**policy))


def received(on=MON, channel=Channel.IN_PERSON, confirmed_on=None):
    return Event.received(on, channel, confirmed_on)


# --- receipt by channel (Art. 31) ------------------------------------------------------------


def test_in_person_twenty_working_days_day_one_is_next_day():
    c = clock([received()], today=MON)
    assert c.receipt_date == MON
    assert c.due_date == D(2026, 3, 30)  # 20 working days after Monday 2 March
    assert c.status is Status.OPEN and c.days_used == 0 and c.days_left == 20
    assert "第三十一条第一项" in c.explanation[0] and "第二百零一条" in c.explanation[0]


def test_spring_festival_2026_extends_the_calendar_span():
    c = clock([received(D(2026, 2, 2))], today=D(2026, 2, 2))
    assert c.due_date == D(2026, 3, 6)


def test_signed_post_counts_from_signature_day():
    c = clock([received(D(2026, 3, 2), Channel.SIGNED_POST, D(2026, 3, 3))])
    assert c.receipt_date == D(2026, 3, 3)
    assert clock([received(D(2026, 3, 2), Channel.SIGNED_POST)]).receipt_date == D(2026, 3, 2)


@pytest.mark.parametrize("channel", [Channel.PLAIN_POST, Channel.ONLINE, Channel.FAX])
def test_confirmation_channels_wait_for_confirmation(channel):
    pending = clock([received(MON, channel)])
    assert pending.status is Status.PENDING_RECEIPT and pending.due_date is None
    assert pending.next_steps == (EventKind.RECEIVED,)
    c = clock([received(MON, channel, D(2026, 3, 4))], today=D(2026, 3, 4))
    assert c.receipt_date == D(2026, 3, 4) and c.due_date == D(2026, 4, 1)


def test_online_application_on_saturday_confirmed_saturday():
    c = clock([received(D(2026, 3, 7), Channel.ONLINE, D(2026, 3, 7))])
    assert c.receipt_date == D(2026, 3, 7)
    assert c.due_date == CAL.add_workdays(D(2026, 3, 7), 20) == D(2026, 4, 3)


# --- 补正 (Art. 30) ----------------------------------------------------------------------------


def test_correction_restarts_the_clock_from_receipt_of_correction():
    evs = [received(), Event.correction_requested(D(2026, 3, 5), until=D(2026, 3, 20))]
    waiting = clock(evs, today=D(2026, 3, 10))
    assert waiting.status is Status.AWAITING_CORRECTION and waiting.due_date is None
    assert waiting.waiting_until == D(2026, 3, 20)
    c = clock([*evs, Event.correction_received(D(2026, 3, 16))], today=D(2026, 3, 16))
    assert c.start_date == D(2026, 3, 16)
    assert c.due_date == CAL.add_workdays(D(2026, 3, 16), 20) == D(2026, 4, 14)  # 清明 4–6 Apr
    assert any("重新计算" in s and "第三十条" in s for s in c.explanation)


def test_correction_lapsed_points_to_outcome_six_one():
    evs = [received(), Event.correction_requested(D(2026, 3, 5), until=D(2026, 3, 20))]
    c = clock(evs, today=D(2026, 3, 25))
    assert c.status is Status.AWAITING_CORRECTION
    assert "逾期不补正" in c.explanation[-1]
    done = clock([*evs, Event.decided(D(2026, 3, 25))], today=D(2026, 3, 25))
    assert done.status is Status.CONCLUDED_ON_TIME


def test_correction_notice_after_seven_working_days_needs_a_reason():
    late = D(2026, 3, 12)  # 8th working day after Monday 2 March
    with pytest.raises(CorrectionTooLate) as exc:
        validate([received(), Event.correction_requested(late)], CAL, today=TODAY)
    assert "7个工作日" in str(exc.value) and "第三十条" in str(exc.value)
    ok = validate(
        [received(), Event.correction_requested(late, override_reason="申请人电话无法接通")], CAL, today=TODAY
    )
    assert len(ok) == 2
    validate([received(), Event.correction_requested(D(2026, 3, 11))], CAL, today=TODAY)  # day 7 is fine


def test_second_correction_only_after_the_first_is_answered():
    evs = [received(), Event.correction_requested(D(2026, 3, 3))]
    with pytest.raises(EventOrderError, match="一次性告知"):
        validate([*evs, Event.correction_requested(D(2026, 3, 4))], CAL, today=TODAY)
    with pytest.raises(EventOrderError, match="补正告知书"):
        validate([received(), Event.correction_received(D(2026, 3, 4))], CAL, today=TODAY)


# --- consultations (Art. 32, 34) ---------------------------------------------------------------


def test_consultation_days_are_not_counted():
    evs = [
        received(),
        Event.consultation_started(D(2026, 3, 4), Party.THIRD_PARTY),
        Event.consultation_ended(D(2026, 3, 11), Party.THIRD_PARTY),
    ]
    c = clock(evs)
    # 5 working days (5,6,9,10,11 March) not counted
    assert c.due_date == CAL.add_workdays(MON, 25) == D(2026, 4, 7)  # 清明 4–6 April off
    assert c.days_paused == 5


def test_consultation_running_pauses_and_is_capped_at_fifteen_working_days():
    start = D(2026, 3, 4)
    evs = [received(), Event.consultation_started(start, Party.CO_PRODUCER, party_received_on=D(2026, 3, 5))]
    paused = clock(evs, today=D(2026, 3, 10))
    assert paused.status is Status.PAUSED and paused.due_date is None
    assert paused.days_left == 18 and paused.waiting_until == CAL.add_workdays(D(2026, 3, 5), 15)
    # the answer never came: after the 15 working days the clock runs again by itself
    later = clock(evs, today=D(2026, 4, 20))
    limit = CAL.add_workdays(D(2026, 3, 5), 15)
    assert later.status in (Status.OPEN, Status.DUE_SOON)
    assert later.due_date == CAL.add_workdays(limit, 18)
    # without the cap the pause lasts until the answer
    assert clock(evs, today=D(2026, 4, 20), cap_consultation=False).status is Status.PAUSED


def test_overlapping_consultations_count_once():
    evs = [
        received(),
        Event.consultation_started(D(2026, 3, 4), Party.THIRD_PARTY, ref="A"),
        Event.consultation_started(D(2026, 3, 6), Party.THIRD_PARTY, ref="B"),
        Event.consultation_ended(D(2026, 3, 10), Party.THIRD_PARTY, ref="A"),
        Event.consultation_ended(D(2026, 3, 12), Party.THIRD_PARTY, ref="B"),
    ]
    # excluded: 5,6,9,10,11,12 March = 6 working days
    assert clock(evs).due_date == CAL.add_workdays(MON, 26)


def test_consultation_end_without_start_is_refused():
    with pytest.raises(EventOrderError, match="征求意见"):
        validate([received(), Event.consultation_ended(D(2026, 3, 4), Party.THIRD_PARTY)], CAL, today=TODAY)


# --- extension (Art. 33) -----------------------------------------------------------------------


def test_one_extension_up_to_twenty_days_with_approver():
    evs = [received(), Event.extension_approved(D(2026, 3, 25), 20, "王主任")]
    c = clock(evs, today=D(2026, 3, 25))
    assert c.statutory_due_date == D(2026, 3, 30) and c.due_date == CAL.add_workdays(MON, 40)
    assert c.extension_days == 20 and "王主任" in c.explanation[-2]
    with pytest.raises(ExtensionError, match="只能延长一次"):
        validate([*evs, Event.extension_approved(D(2026, 3, 26), 1, "王主任")], CAL, today=TODAY)
    with pytest.raises(ExtensionError, match="1至20"):
        validate([received(), Event.extension_approved(D(2026, 3, 25), 21, "王主任")], CAL, today=TODAY)
    with pytest.raises(ExtensionError, match="负责人"):
        validate([received(), Event.extension_approved(D(2026, 3, 25), 10, " ")], CAL, today=TODAY)
    with pytest.raises(ExtensionError, match="届满"):
        validate([received(), Event.extension_approved(D(2026, 3, 31), 10, "王主任")], CAL, today=TODAY)


# --- fees (109号) -------------------------------------------------------------------------------


def test_fee_wait_pauses_by_default_and_counts_by_choice():
    evs = [received(), Event.fee_notice_sent(D(2026, 3, 4)), Event.fee_paid(D(2026, 3, 11))]
    paused = clock(evs)
    assert paused.due_date == CAL.add_workdays(MON, 25)
    assert paused.fee_payment_due == CAL.add_workdays(D(2026, 3, 4), 20)
    counted = clock(evs, fee_wait=FeeWait.COUNT)
    assert counted.due_date == D(2026, 3, 30)


def test_fee_unpaid_after_twenty_days_points_to_outcome_six_two():
    evs = [received(), Event.fee_notice_sent(D(2026, 3, 4), notice_received_on=D(2026, 3, 6))]
    c = clock(evs, today=D(2026, 4, 20))
    assert c.status is Status.PAUSED and c.waiting_until == CAL.add_workdays(D(2026, 3, 6), 20)
    assert any("逾期未按收费通知" in s for s in c.explanation)
    with pytest.raises(FeeEventError, match="缴费期限"):
        validate([*evs, Event.fee_paid(D(2026, 4, 20))], CAL, today=TODAY)
    with pytest.raises(FeeEventError, match="收费通知"):
        validate([received(), Event.fee_paid(D(2026, 3, 4))], CAL, today=TODAY)


def test_fee_notice_after_the_period_is_refused():
    with pytest.raises(FeeEventError, match="答复期限内"):
        validate([received(), Event.fee_notice_sent(D(2026, 4, 2))], CAL, today=TODAY)


# --- Art. 35 ---------------------------------------------------------------------------------


def test_later_date_replaces_the_due_date():
    c = clock([received(), Event.later_date_set(D(2026, 3, 20), D(2026, 5, 29))], today=D(2026, 3, 20))
    assert c.due_date == D(2026, 5, 29) and c.later_date == D(2026, 5, 29)
    with pytest.raises(LaterDateError, match="不晚于"):
        validate([received(), Event.later_date_set(D(2026, 3, 20), D(2026, 3, 27))], CAL, today=TODAY)
    with pytest.raises(LaterDateError, match="不是工作日"):
        validate([received(), Event.later_date_set(D(2026, 3, 20), D(2026, 5, 30))], CAL, today=TODAY)
    with pytest.raises(IncompleteEvent):
        validate([received(), Event(EventKind.LATER_DATE_SET, D(2026, 3, 20))], CAL, today=TODAY)


# --- status ------------------------------------------------------------------------------------


def test_statuses_over_time():
    evs = [received()]
    assert clock(evs, today=D(2026, 3, 25)).status is Status.DUE_SOON  # 3 working days left
    assert clock(evs, today=D(2026, 3, 24)).status is Status.OPEN  # 4 left
    over = clock(evs, today=D(2026, 4, 1))
    assert over.status is Status.OVERDUE and over.days_left == -2
    on_time = clock([*evs, Event.decided(D(2026, 3, 30)), Event.delivered(D(2026, 4, 1))])
    assert on_time.status is Status.CONCLUDED_ON_TIME and on_time.delivered_on == D(2026, 4, 1)
    assert on_time.next_steps == ()
    late = clock([*evs, Event.decided(D(2026, 3, 31))])
    assert late.status is Status.CONCLUDED_LATE
    assert late.next_steps == (EventKind.DELIVERED,)
    assert "超过答复期限1个工作日" in late.explanation[-1]


# --- bad input -------------------------------------------------------------------------------


def test_bad_input_messages():
    with pytest.raises(FutureDateError, match="晚于今天"):
        validate([received(D(2026, 11, 23))], CAL, today=TODAY)
    with pytest.raises(EventOrderError, match="早于收到申请"):
        validate([received(), Event.decided(D(2026, 2, 27))], CAL, today=TODAY)
    with pytest.raises(EventOrderError, match="已于"):
        validate([received(), Event.decided(D(2026, 3, 5)), Event.decided(D(2026, 3, 6))], CAL, today=TODAY)
    with pytest.raises(EventOrderError, match="尚未作出答复"):
        validate([received(), Event.delivered(D(2026, 3, 5))], CAL, today=TODAY)
    with pytest.raises(EventOrderError, match="尚未确认"):
        validate([received(MON, Channel.ONLINE), Event.decided(D(2026, 3, 5))], CAL, today=TODAY)
    with pytest.raises(EventOrderError, match="早于收到申请之日"):
        # arrived Monday, confirmed Wednesday: a decision on Tuesday precedes receipt
        validate(
            [received(MON, Channel.ONLINE, D(2026, 3, 4)), Event.decided(D(2026, 3, 3))], CAL, today=TODAY
        )
    with pytest.raises(IncompleteEvent, match="渠道"):
        validate([Event(EventKind.RECEIVED, MON)], CAL, today=TODAY)
    with pytest.raises(EventOrderError):
        validate([], CAL, today=TODAY)
    with pytest.raises(ValueError):
        Event("no_such_kind", MON)


def test_messages_are_chinese_and_name_the_event():
    try:
        validate([received(), Event.extension_approved(D(2026, 3, 25), 30, "王主任")], CAL, today=TODAY)
    except ClockError as e:
        assert str(e).startswith("2026年3月25日（周三）“批准延期答复”")
        assert e.event is not None and e.event.days == 30
    else:  # pragma: no cover
        pytest.fail("no error")


def test_missing_calendar_year_is_an_error():
    with pytest.raises(CalendarMissing) as exc:
        compute([received(D(2026, 12, 14))], CAL, today=D(2026, 12, 15))
    assert exc.value.year == 2027


# --- properties ------------------------------------------------------------------------------

receipts = st.dates(min_value=D(2024, 1, 1), max_value=D(2026, 6, 30))


@st.composite
def cases(draw):
    """A legal event history of an undecided case, with its last day."""
    r = draw(receipts)
    evs = [received(r)]
    day = r
    if draw(st.booleans()):
        s = CAL.add_workdays(r, draw(st.integers(0, 10)))
        e = CAL.add_workdays(s, draw(st.integers(0, 15)))
        evs += [
            Event.consultation_started(s, Party.THIRD_PARTY),
            Event.consultation_ended(e, Party.THIRD_PARTY),
        ]
        day = e
    if draw(st.booleans()):
        on = CAL.add_workdays(r, draw(st.integers(0, 19)))
        if on >= day:
            evs.append(Event.extension_approved(on, draw(st.integers(1, 20)), "负责人"))
            day = on
    return evs, day


@given(cases())
@settings(max_examples=150, deadline=None)
def test_due_date_is_always_a_working_day(case):
    evs, last = case
    c = compute(evs, CAL, today=last)
    assert c.due_date is not None and CAL.is_workday(c.due_date)


@given(cases())
@settings(max_examples=150, deadline=None)
def test_consultation_days_never_counted(case):
    evs, last = case
    c = compute(evs, CAL, today=last)
    # of the working days from receipt to due, exactly the allowance lies outside the pauses
    counted = [
        d
        for d in _workdays(c.receipt_date, c.due_date)
        if not any(p.start < d <= p.effective_end(last) for p in c.pauses)
    ]
    assert len(counted) == c.days_allowed


def _workdays(a, b):
    d = a
    while d < b:
        d += dt.timedelta(days=1)
        if CAL.is_workday(d):
            yield d


@given(cases(), st.sampled_from(["extension", "consultation", "correction", "later"]), st.integers(0, 12))
@settings(max_examples=200, deadline=None)
def test_clock_never_moves_backwards_when_an_event_is_added_later(case, kind, gap):
    evs, last = case
    before = compute(evs, CAL, today=last)
    on = CAL.add_workdays(last, gap)
    assume(on <= before.due_date)
    if kind == "extension":
        assume(not before.extension_days)
        new = [Event.extension_approved(on, 10, "负责人")]
    elif kind == "consultation":
        new = [
            Event.consultation_started(on, Party.CO_PRODUCER, ref="x"),
            Event.consultation_ended(CAL.add_workdays(on, 3), Party.CO_PRODUCER, ref="x"),
        ]
    elif kind == "correction":
        assume(CAL.workdays_between(evs[0].on, on) <= 7)
        new = [Event.correction_requested(on), Event.correction_received(CAL.add_workdays(on, 2))]
    else:
        new = [Event.later_date_set(on, CAL.add_workdays(before.due_date, 5))]
    after = compute([*evs, *new], CAL, today=new[-1].on)
    assert after.due_date >= before.due_date


def test_consultation_started_after_the_deadline_does_not_stop_the_clock():
    evs = [
        received(),
        Event.consultation_started(D(2026, 4, 1), Party.THIRD_PARTY),
        Event.consultation_ended(D(2026, 4, 8), Party.THIRD_PARTY),
    ]
    c = clock(evs, today=D(2026, 4, 8))
    assert c.due_date == D(2026, 3, 30) and c.status is Status.OVERDUE
    assert any("不能再扣除" in s for s in c.explanation)


def test_core_modules_import_no_django():
    import subprocess
    import sys

    code = (
        "import sys, gongkai.workdays, gongkai.deadlines, gongkai.fees, gongkai.identifiers, gongkai.tabular; "
        "print(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_event_fields_are_checked():
    assert Event.received(dt.datetime(2026, 3, 2, 15, 30), "in_person").on == MON
    with pytest.raises(IncompleteEvent, match="日期无效"):
        Event.received("2026-03-02", "in_person")
    with pytest.raises(IncompleteEvent, match="整数"):
        Event.extension_approved(MON, "10", "王主任")
    assert CAL.is_workday(dt.datetime(2026, 2, 14, 9, 0))
