"""A year the package lacks (2027): the clock says so; importing the notice recomputes open cases."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.casework import actions
from gongkai.casework.errors import InvalidInput, NotAllowed
from gongkai.casework.models import AuditEvent, CalendarYear

from .conftest import NOTICE_2027, receive


def test_missing_year_is_shown_then_import_recomputes(world):
    today = dt.date(2026, 12, 31)
    app = receive(world, on=dt.date(2026, 12, 21), today=today)
    assert app.due_on is None and "2027" in app.clock_error  # never guessed
    with pytest.raises(NotAllowed):
        actions.do_import_calendar_year(world.head, year=2027, notice_text=NOTICE_2027)
    row, changed = actions.do_import_calendar_year(world.admin, year=2027, notice_text=NOTICE_2027,
                                                   source="国办发明电〔2026〕X号（测试）", today=today)
    assert (row.year, row.version, changed) == (2027, 1, 1)
    app.refresh_from_db()
    # 21 Dec 2026 + 20 working days: 1 Jan 2027 off, so 19 Jan 2027
    assert app.clock_error == "" and app.due_on == dt.date(2027, 1, 19)
    audit = AuditEvent.objects.filter(application=app, action="recompute_due_date").get()
    assert audit.before["due_on"] is None and audit.after["due_on"] == "2027-01-19"
    assert AuditEvent.objects.filter(action="import_calendar_year").count() == 1


def test_new_version_and_bad_notice(world):
    actions.do_import_calendar_year(world.admin, year=2027, notice_text=NOTICE_2027)
    actions.do_import_calendar_year(world.admin, year=2027, notice_text=NOTICE_2027)
    assert list(CalendarYear.objects.filter(year=2027).values_list("version", flat=True)) == [2, 1]
    with pytest.raises(InvalidInput, match="无法读取"):
        actions.do_import_calendar_year(world.admin, year=2027, notice_text="随便写的文字")
    with pytest.raises(InvalidInput, match="没有.*端午.*的安排"):
        actions.do_import_calendar_year(world.admin, year=2027, notice_text=NOTICE_2027.split("五、")[0])
    assert CalendarYear.objects.count() == 2
