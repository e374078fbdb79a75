"""征求意见: a third party (Art. 32) or a co-producing agency (Art. 34); the time is not counted."""

from __future__ import annotations

import datetime as dt

from ..choices import EventKind, Party
from ..errors import InvalidInput
from ..models import NAME_MAX, NOTE_MAX
from . import base
from .letters import consultation_kind


def do_start_consultation(actor, application, *, on: dt.date, party: str, recipient: str,
                          party_received_on: dt.date | None = None, expected_version: int | None = None,
                          key: str | None = None, today: dt.date | None = None):
    """Send the consultation letter; the time until the answer (at most 15 working days after the
    party received it) is not counted.  The recipient may be a person: it is kept on the event
    and in the letter, never in the audit summary."""
    today = base.today_or(today)
    on = base.check_date(on, "征求意见日期", today)
    if party not in Party.values:
        raise InvalidInput("征求意见对象类型应为第三方或共同制作机关", field="party")
    recipient = base.clean_text(recipient, "第三方或机关名称", NAME_MAX, field="recipient", required=True)
    if party_received_on is not None:
        party_received_on = base.check_date(party_received_on, "对方收到征求意见函的日期", today,
                                            field="party_received_on")
    with base.begin(actor, application, "start_consultation", expected_version=expected_version, key=key,
                    today=today) as s:
        base.not_before_history(s.app, on, "征求意见")
        label = Party(party).label
        event = s.event(EventKind.CONSULTATION_STARTED, on, party=party, party_received_on=party_received_on,
                        reason=f"{label}：{recipient}"[:300])
        s.letter(consultation_kind(party), event, {"recipient_name": recipient})
        s.finish(f"向{label}征求意见（{Party(party).article}），所需时间不计入答复期限")
    return s.app


def do_end_consultation(actor, application, *, on: dt.date, note: str = "",
                        party_received_on: dt.date | None = None, expected_version: int | None = None,
                        key: str | None = None, today: dt.date | None = None):
    """The answer arrived (or the agency decides without it): the clock runs again.

    ``party_received_on`` records with it, if not yet recorded, when the party received the
    letter (the 15 working days not counted run from that day)."""
    today = base.today_or(today)
    on = base.check_date(on, "征求意见结束日期", today)
    note = base.clean_text(note, "意见情况", NOTE_MAX, field="note")
    if party_received_on is not None:
        party_received_on = base.check_date(party_received_on, "对方收到征求意见函的日期", today,
                                            field="party_received_on")
    with base.begin(actor, application, "end_consultation", expected_version=expected_version, key=key,
                    today=today) as s:
        base.not_before_history(s.app, on, "征求意见结束")
        start = s.app.events.filter(kind=EventKind.CONSULTATION_STARTED).order_by("-on", "-id").first()
        summary = "征求意见结束，恢复计算答复期限"
        if party_received_on is not None and start.party_received_on is None:
            if not start.on <= party_received_on <= on:
                raise InvalidInput("对方收到征求意见函的日期应在发函之日与结束之日之间", field="party_received_on")
            start.party_received_on = party_received_on
            start.save(update_fields=["party_received_on"])
            summary += f"（对方于{party_received_on:%Y年%m月%d日}收到征求意见函）"
        s.event(EventKind.CONSULTATION_ENDED, on, party=start.party, reason=note)
        s.finish(summary)
    return s.app
