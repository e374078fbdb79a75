"""补正 (Art. 30): one notice, within 7 working days; the clock waits; it restarts on receipt."""

from __future__ import annotations

import datetime as dt

from gongkai.deadlines import CORRECTION_PERIOD_WORKDAYS

from ..choices import EventKind, LetterKind
from ..errors import InvalidInput
from ..models import LONG_NOTE_MAX, NOTE_MAX
from . import base


def do_request_correction(actor, application, *, on: dt.date, items: str, until: dt.date | None = None,
                          days: int | None = None, override_reason: str = "", expected_version: int | None = None,
                          key: str | None = None, today: dt.date | None = None):
    """Send the one 补正 notice; the clock stops until the correction arrives.

    The applicant's deadline is a date (``until``) or ``days`` working days from the day they
    receive the notice (default 15; the date follows once that receipt is recorded).  The
    notice is due within 7 working days of receipt; later needs ``override_reason``."""
    today = base.today_or(today)
    on = base.check_date(on, "补正告知日期", today)
    items = base.clean_text(items, "需要补正的事项", LONG_NOTE_MAX, field="items", required=True, multiline=True)
    override_reason = base.clean_text(override_reason, "逾期发出的理由", NOTE_MAX, field="override_reason")
    if until is not None:
        if not isinstance(until, dt.date) or until <= on:
            raise InvalidInput("补正期限应是告知日期之后的日期", field="until")
        days = None
    elif days is None:
        days = CORRECTION_PERIOD_WORKDAYS
    if days is not None and (isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 60):
        raise InvalidInput(f"补正期限应为1至60个工作日（收到 {days!r}）", field="days")
    with base.begin(actor, application, "request_correction", expected_version=expected_version, key=key,
                    today=today) as s:
        base.not_before_history(s.app, on, "补正告知")
        try:
            event = s.event(EventKind.CORRECTION_REQUESTED, on, reason=items[:300], override_reason=override_reason,
                            later_date=until, days=days)
        except InvalidInput:
            raise
        except base.OutOfOrder as e:
            e.field = "override_reason" if "超期原因" in e.message else e.field
            raise
        s.letter(LetterKind.CORRECTION_REQUEST, event, {"correction_items": items})
        period = f"至{until:%Y年%m月%d日}" if until else f"收到告知书之日起{days}个工作日"
        s.finish(f"发出补正告知（补正期限{period}）：{items[:80]}")
    return s.app


def do_receive_correction(actor, application, *, on: dt.date, expected_version: int | None = None,
                          key: str | None = None, today: dt.date | None = None):
    """The corrected application arrived: the 20 working days restart from this day."""
    today = base.today_or(today)
    on = base.check_date(on, "收到补正材料日期", today)
    with base.begin(actor, application, "receive_correction", expected_version=expected_version, key=key,
                    today=today) as s:
        base.not_before_history(s.app, on, "收到补正材料")
        s.event(EventKind.CORRECTION_RECEIVED, on)
        s.finish("收到补正材料，答复期限重新计算")
    return s.app
