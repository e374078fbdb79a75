"""The Art. 26 clock on the platform's working-day calendar; late items listed; a missing year shown."""

from __future__ import annotations

import datetime as dt

from gongkai import workdays
from gongkai.publishing import actions, clock, selectors
from gongkai.publishing.permissions import reach

from .conftest import TODAY, draft, publish


def test_twenty_working_days_over_the_national_day_break():
    cal = workdays.from_chinese_calendar([2025])
    # made on Fri 2025-09-26: Sun 9-28 and Sat 10-11 are make-up working days, Oct 1–8 a holiday:
    # 9-28, 9-29, 9-30, 10-9, 10-10, 10-11, then 14 weekdays from 10-13 → the 20th is Thu 10-30
    d = clock.due(dt.date(2025, 9, 26), cal)
    assert d.on == cal.add_workdays(dt.date(2025, 9, 26), 20)
    assert d.on == dt.date(2025, 10, 30)
    assert "20 个工作日" in d.explain(dt.date(2025, 9, 26)) and "2025年10月30日" in d.explain(dt.date(2025, 9, 26))
    assert d.late(dt.date(2025, 10, 30), TODAY) is False
    assert d.late(dt.date(2025, 10, 31), TODAY) is True


def test_missing_calendar_year_is_an_error_not_a_guess():
    cal = workdays.Calendar([workdays.YearTable.from_chinese_calendar(2025)])
    d = clock.due(dt.date(2025, 12, 20), cal)  # runs into 2026, which this calendar lacks
    assert d.on is None and "缺少2026年的工作日历" in d.error
    assert d.late(None, TODAY) is None
    assert "公开期限无法计算" in d.explain(dt.date(2025, 12, 20))


def test_changed_information_restarts_the_clock(w):
    item = draft(w, written_on=dt.date(2026, 3, 2), changed_on=dt.date(2026, 6, 1))
    assert item.clock_start == dt.date(2026, 6, 1)
    assert item.due_on == clock.due(dt.date(2026, 6, 1)).on


def test_late_items_listed(w):
    on_time = publish(w, draft(w, title="按时", document_number="1号", written_on=dt.date(2026, 6, 1)),
                      on=dt.date(2026, 6, 10))
    late_published = publish(w, draft(w, title="逾期公开", document_number="2号", written_on=dt.date(2026, 3, 2)),
                             on=dt.date(2026, 6, 10))
    overdue = draft(w, title="超期未公开", document_number="3号", written_on=dt.date(2026, 4, 1))
    fresh = draft(w, title="刚形成", document_number="4号", written_on=dt.date(2026, 6, 25))
    assert not on_time.published_late and late_published.published_late
    assert late_published.due_on == clock.due(dt.date(2026, 3, 2)).on
    late = selectors.late_items(reach(w.clerk).ids, TODAY)
    assert [x.item.pk for x in late["overdue"]] == [overdue.pk]
    assert [x.pk for x in late["published_late"]] == [late_published.pk]
    assert fresh.pk not in [x.item.pk for x in late["overdue"]]
    # another agency's staff see none of it
    assert selectors.late_items(reach(w.outsider).ids, TODAY) == {"overdue": [], "unknown": [], "published_late": []}


def test_the_publish_step_records_lateness_in_history(w):
    item = publish(w, draft(w, written_on=dt.date(2026, 3, 2)), on=dt.date(2026, 6, 10))
    note = item.steps.get(step="publish").note
    assert "超过第二十六条期限" in note


def test_unknown_due_listed_separately(w, monkeypatch):
    item = draft(w, written_on=dt.date(2026, 6, 1))
    short = workdays.Calendar([workdays.YearTable.from_chinese_calendar(2025)])
    monkeypatch.setattr("gongkai.casework.calendar.platform_calendar", lambda: short)
    late = selectors.late_items(reach(w.clerk).ids, TODAY)
    assert [x.item.pk for x in late["unknown"]] == [item.pk]
    assert "缺少2026年的工作日历" in late["unknown"][0].due.error
    actions.do_update_item(w.clerk, item, title="改标题", today=TODAY)
    from gongkai.publishing.models import Item

    stored = Item.objects.get(pk=item.pk)
    assert stored.due_on is None and "缺少2026年" in stored.clock_error
