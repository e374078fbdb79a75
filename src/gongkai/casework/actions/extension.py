"""延期 (Art. 33 ¶2) and a reasonable later date (Art. 35): both approved by the office's head."""

from __future__ import annotations

import datetime as dt

from gongkai.deadlines import MAX_EXTENSION_WORKDAYS

from ..choices import EventKind, LetterKind
from ..errors import InvalidInput
from ..models import NOTE_MAX
from . import base


def do_approve_extension(actor, application, *, on: dt.date, reason: str, days: int = MAX_EXTENSION_WORKDAYS,
                         expected_version: int | None = None, key: str | None = None,
                         today: dt.date | None = None):
    """The head approves one extension of at most 20 working days, before the deadline passes;
    the 延期答复告知书 says the days approved, dated on the approval."""
    today = base.today_or(today)
    on = base.check_date(on, "批准延期日期", today)
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_EXTENSION_WORKDAYS:
        raise InvalidInput(f"延长答复期限应为1至{MAX_EXTENSION_WORKDAYS}个工作日（收到 {days!r}）", field="days")
    reason = base.clean_text(reason, "延期理由", NOTE_MAX, field="reason", required=True)
    with base.begin(actor, application, "approve_extension", expected_version=expected_version, key=key,
                    today=today) as s:
        base.not_before_history(s.app, on, "批准延期")
        event = s.event(EventKind.EXTENSION_APPROVED, on, days=days, reason=reason)
        s.letter(LetterKind.EXTENSION_NOTICE, event)
        s.finish(f"批准延期答复{days}个工作日：{reason[:80]}")
    return s.app


def do_set_later_date(actor, application, *, on: dt.date, later_date: dt.date, reason: str,
                      expected_version: int | None = None, key: str | None = None, today: dt.date | None = None):
    """Art. 35: for a clearly excessive request with reasonable grounds, the head sets a later date
    (a working day later than the due date, set before it)."""
    today = base.today_or(today)
    on = base.check_date(on, "确定合理期限日期", today)
    if not isinstance(later_date, dt.date) or later_date <= on:
        raise InvalidInput("合理的答复期限必须是晚于确定之日的日期", field="later_date")
    reason = base.clean_text(reason, "理由", NOTE_MAX, field="reason", required=True)
    with base.begin(actor, application, "set_later_date", expected_version=expected_version, key=key,
                    today=today) as s:
        base.not_before_history(s.app, on, "确定合理期限")
        s.event(EventKind.LATER_DATE_SET, on, later_date=later_date, reason=reason)
        s.finish(f"依第三十五条确定答复期限为{later_date:%Y年%m月%d日}")
    return s.app
