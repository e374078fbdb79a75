"""Working-day calendar: real 2023–2026 holidays, notice parsing, counting properties."""

import datetime as dt
from pathlib import Path

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.workdays import (
    Calendar,
    CalendarDataError,
    CalendarMissing,
    NoticeParseError,
    YearTable,
    chinese_calendar_years,
    from_chinese_calendar,
    parse_state_council_notice,
)

D = dt.date
NOTICES = Path(__file__).parent / "fixtures" / "notices"
CAL = from_chinese_calendar([2023, 2024, 2025, 2026])


def notice(year: int) -> str:
    return (NOTICES / f"{year}.txt").read_text(encoding="utf-8")


def days_of(year: int):
    d = D(year, 1, 1)
    while d.year == year:
        yield d
        d += dt.timedelta(days=1)


# --- real dates --------------------------------------------------------------------------


def test_2024_spring_festival_makeup_days_are_workdays():
    assert CAL.is_workday(D(2024, 2, 4))  # Sunday, 调休上班
    assert CAL.is_workday(D(2024, 2, 18))  # Sunday, 调休上班
    assert not CAL.is_workday(D(2024, 2, 12))  # Monday, 春节
    assert CAL.day_kind(D(2024, 2, 4)).startswith("调休上班")


def test_2025_national_day_break_is_eight_days_off():
    assert [CAL.is_workday(D(2025, 10, d)) for d in range(1, 9)] == [False] * 8
    assert CAL.is_workday(D(2025, 9, 28)) and CAL.is_workday(D(2025, 10, 11))  # Sun, Sat make-up
    assert CAL.is_workday(D(2025, 10, 9))


def test_2026_spring_festival():
    assert not any(CAL.is_workday(D(2026, 2, d)) for d in range(15, 24))
    assert CAL.is_workday(D(2026, 2, 14)) and CAL.is_workday(D(2026, 2, 28))
    # Friday 13 Feb → day 1 is Saturday 14 Feb (make-up), day 2 is Tuesday 24 Feb
    assert CAL.add_workdays(D(2026, 2, 13), 1) == D(2026, 2, 14)
    assert CAL.add_workdays(D(2026, 2, 13), 2) == D(2026, 2, 24)
    assert CAL.explain_day(D(2026, 2, 14)) == "2026年2月14日（周六）：调休上班（春节）"


def test_day_one_is_the_first_working_day_after_start():
    assert CAL.add_workdays(D(2026, 3, 2), 1) == D(2026, 3, 3)  # Monday → Tuesday
    assert CAL.add_workdays(D(2026, 3, 6), 1) == D(2026, 3, 9)  # Friday → Monday
    assert CAL.add_workdays(D(2026, 3, 7), 1) == D(2026, 3, 9)  # Saturday → Monday
    assert CAL.add_workdays(D(2026, 3, 2), 0) == D(2026, 3, 2)
    # 20 working days from Monday 2 Feb 2026 crosses the 9-day Spring Festival break
    assert CAL.add_workdays(D(2026, 2, 2), 20) == D(2026, 3, 6)


def test_workdays_between_counts_after_start_up_to_end():
    assert CAL.workdays_between(D(2026, 3, 2), D(2026, 3, 6)) == 4
    assert CAL.workdays_between(D(2026, 3, 6), D(2026, 3, 2)) == -4
    assert CAL.workdays_between(D(2026, 3, 2), D(2026, 3, 2)) == 0


def test_negative_count_refused():
    with pytest.raises(ValueError):
        CAL.add_workdays(D(2026, 3, 2), -1)


# --- missing years: an error, never a guess -----------------------------------------------


def test_2027_is_missing_from_the_package_and_named():
    assert 2027 not in chinese_calendar_years()
    with pytest.raises(CalendarMissing) as exc:
        from_chinese_calendar([2027])
    assert exc.value.year == 2027
    assert "2027年" in str(exc.value)


def test_counting_into_a_missing_year_raises_not_weekends_only():
    with pytest.raises(CalendarMissing) as exc:
        CAL.add_workdays(D(2026, 12, 20), 20)
    assert exc.value.year == 2027
    with pytest.raises(CalendarMissing):
        CAL.is_workday(D(2022, 6, 1))


# --- the State Council's notice -------------------------------------------------------------


@pytest.mark.parametrize("year", [2023, 2024, 2025, 2026])
def test_parsed_notice_equals_chinese_calendar(year):
    table = parse_state_council_notice(notice(year), year)
    ref = YearTable.from_chinese_calendar(year)
    assert table.makeup_workdays == ref.makeup_workdays
    cal = Calendar([table])
    mismatches = [d for d in days_of(year) if cal.is_workday(d) != chinese_calendar.is_workday(d)]
    assert mismatches == []


def test_notice_2026_details():
    t = parse_state_council_notice(notice(2026), 2026, source="国办发明电", version=3)
    assert t.version == 3 and t.source == "国办发明电"
    assert {D(2026, 2, d) for d in range(15, 24)} <= t.holidays
    assert t.makeup_workdays == {
        D(2026, 1, 4),
        D(2026, 2, 14),
        D(2026, 2, 28),
        D(2026, 5, 9),
        D(2026, 9, 20),
        D(2026, 10, 10),
    }
    assert t.names[D(2026, 2, 14)] == "春节"


def test_notice_ignores_encouragement_to_rest_on_chuxi():
    t = parse_state_council_notice(notice(2024), 2024)
    assert D(2024, 2, 9) not in t.holidays  # 除夕 only "encouraged", not declared
    assert D(2024, 6, 10) in t.holidays  # "与周末连休"


def test_notice_cross_year_new_year_break():
    t = parse_state_council_notice(notice(2023), 2023)
    assert D(2022, 12, 31) in t.holidays and D(2023, 1, 2) in t.holidays
    text = "一、元旦：12月30日至1月1日放假调休，共3天。12月29日（星期六）上班。"
    t2019 = parse_state_council_notice(text, 2019, complete=False)
    assert t2019.holidays == {D(2018, 12, 30), D(2018, 12, 31), D(2019, 1, 1)}
    assert t2019.makeup_workdays == {D(2018, 12, 29)}


def test_brief_example_sentence():
    text = "二、春节：2月15日至23日放假调休，共9天。2月14日（星期六）、2月28日（星期六）上班。"
    t = parse_state_council_notice(text, 2026, complete=False)
    assert len(t.holidays) == 9 and t.makeup_workdays == {D(2026, 2, 14), D(2026, 2, 28)}


def test_notice_under_the_wrong_year_is_caught_by_weekdays():
    with pytest.raises(NoticeParseError) as exc:
        parse_state_council_notice(notice(2026), 2027)
    assert "星期" in str(exc.value) and "年份" in str(exc.value)


@pytest.mark.parametrize(
    "text, needle",
    [
        ("", "为空"),
        ("随便写点什么", "编号条目"),
        ("一、春节：2月30日放假。", "日期无效"),
        ("一、春节：2月23日至15日放假。", "起止日期"),
        ("一、春节：2月14日（星期六）上班。", "放假日期"),
    ],
)
def test_notice_errors_are_clear(text, needle):
    with pytest.raises(NoticeParseError) as exc:
        parse_state_council_notice(text, 2026)
    assert needle in str(exc.value)


# --- year tables, versions, diffs ------------------------------------------------------------


def test_year_table_round_trip_and_validation():
    t = YearTable.from_chinese_calendar(2025)
    assert YearTable.from_dict(t.to_dict()) == t
    with pytest.raises(CalendarDataError):
        YearTable(2026, frozenset({D(2026, 2, 14)}), frozenset({D(2026, 2, 14)}))
    with pytest.raises(CalendarDataError, match="不是周末"):
        YearTable(2026, frozenset(), frozenset({D(2026, 2, 13)}))
    with pytest.raises(CalendarDataError, match="无法识别"):
        YearTable.from_dict({"year": 2026, "holidays": ["2026-02-30"]})
    with pytest.raises(CalendarDataError, match="重复"):
        Calendar([t, t])


def test_calendar_version_and_diff():
    old = from_chinese_calendar([2025, 2026])
    t = old.table(2026)
    # a hypothetical correction: 2026-03-02 declared a holiday, version 2
    new = old.with_table(YearTable(2026, t.holidays | {D(2026, 3, 2)}, t.makeup_workdays, "更正", 2))
    assert old.version == "2025v1+2026v1" and new.version == "2025v1+2026v2"
    diff = old.diff(new)
    assert [(c.day, c.before, c.after) for c in diff.changed_days] == [(D(2026, 3, 2), True, False)]
    assert diff.affects(D(2026, 2, 20), D(2026, 3, 20)) and not diff.affects(D(2026, 4, 1))
    assert "2026年3月2日（周一）：工作日 → 休息日" in diff.summary()
    assert not old.diff(old)
    added = old.diff(old.with_table(YearTable.from_chinese_calendar(2024)))
    assert added.added_years == (2024,) and added.affects(D(2024, 5, 1))


# --- properties ------------------------------------------------------------------------------

dates = st.dates(min_value=D(2023, 1, 1), max_value=D(2026, 6, 30))  # + 120 working days stays in 2026
counts = st.integers(min_value=0, max_value=60)


@given(dates, counts)
@settings(max_examples=300, deadline=None)
def test_add_and_between_are_inverse(start, n):
    end = CAL.add_workdays(start, n)
    assert CAL.workdays_between(start, end) == n
    if n:
        assert CAL.is_workday(end) and end > start


@given(dates, dates)
@settings(max_examples=200, deadline=None)
def test_between_then_add_lands_on_last_workday(a, b):
    a, b = min(a, b), max(a, b)
    n = CAL.workdays_between(a, b)
    end = CAL.add_workdays(a, n)
    assert end <= b
    assert CAL.workdays_between(end, b) == 0


@given(dates, counts, counts)
@settings(max_examples=200, deadline=None)
def test_add_workdays_is_monotone_and_additive(start, m, n):
    assert CAL.add_workdays(start, m + n) == CAL.add_workdays(CAL.add_workdays(start, m), n)
    if m <= n:
        assert CAL.add_workdays(start, m) <= CAL.add_workdays(start, n)


def test_a_partial_notice_is_refused_naming_the_missing_festivals():
    text = "一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。"
    with pytest.raises(NoticeParseError, match="春节、清明、劳动节、端午、中秋、国庆"):
        parse_state_council_notice(text, 2026)
