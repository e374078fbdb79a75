"""Correcting what was registered wrongly: the applicant's particulars, the channel, the dates.

The clock and table 三 follow the corrected data (the receipt date moves the RECEIVED event,
with the reason on the record); a change that would alter a locked year's table 三 is
refused, naming the year.
"""

from __future__ import annotations

import datetime as dt

from .. import clock
from ..choices import ApplicantKind, Channel, DeliveryRoute, EventKind, Form, IdDocument
from ..errors import InvalidInput, OutOfOrder
from ..models import NAME_MAX, NOTE_MAX, REQUEST_MAX, Application, ClockEvent
from . import base
from .intake import choice, contacts, receipt_dates, validate_identifier

CORRECTABLE = ("applicant_name", "applicant_kind", "id_document", "identifier", "contact_phone", "contact_address",
               "contact_email", "channel", "received_on", "submitted_on", "information_requested", "form",
               "delivery_route")
# fields whose change moves the case in table 三 (its column, or the year it counts in)
TABLE3_FIELDS = {"applicant_kind", "received_on"}


def _years(app: Application, received_on: dt.date, today: dt.date) -> set[int]:
    """The years whose table 三 count this case (received, carried over, concluded, carried forward)."""
    end = (app.concluded_on or today).year
    return set(range(received_on.year, max(end, received_on.year) + 1))


def do_correct_registration(actor, application, *, reason: str, expected_version: int | None = None,
                            key: str | None = None, today: dt.date | None = None, **changes) -> Application:
    """Correct registration data with a reason; only the fields given change.

    Correctable: applicant name, kind (the 表三 column), ID or credit code, contacts, channel,
    receipt date (and arrival date), request text, form and route.  Refused when it would change
    a locked year's table 三, or when the corrected receipt date no longer fits the case's
    history (an event before receipt)."""
    unknown = set(changes) - set(CORRECTABLE)
    if unknown:
        raise InvalidInput(f"不能更正的字段：{'、'.join(sorted(unknown))}")
    today = base.today_or(today)
    reason = base.clean_text(reason, "更正理由", NOTE_MAX, field="reason", required=True)
    with base.begin(actor, application, "correct_registration", expected_version=expected_version, key=key,
                    today=today) as s:
        app = s.app
        new = _cleaned(app, changes, today)
        changed = {k: v for k, v in new.items() if getattr(app, k) != v}
        if not changed:
            raise InvalidInput("没有需要更正的内容（与现登记信息相同）")
        if TABLE3_FIELDS & set(changed):
            years = _years(app, app.received_on, today) | _years(app, new["received_on"], today)
            base.check_unlocked(app.agency_id, years, "更正申请人类型或收到申请之日")
        for k, v in changed.items():
            setattr(app, k, v)
        if {"received_on", "submitted_on", "channel"} & set(changed):
            _move_receipt(s, app)
        labels = "、".join(str(Application._meta.get_field(k).verbose_name) for k in changed)
        s.finish(f"更正登记信息（{labels}）：{reason}")
    return s.app


def _cleaned(app: Application, changes: dict, today: dt.date) -> dict:
    """Every correctable field as it will be: the current value unless a change is given."""
    cur = {k: getattr(app, k) for k in CORRECTABLE}
    new = {**cur, **changes}
    new["applicant_kind"] = choice(new["applicant_kind"], ApplicantKind, "申请人类型", "applicant_kind")
    new["channel"] = choice(new["channel"], Channel, "申请渠道", "channel")
    new["form"] = choice(new["form"], Form, "获取信息的形式", "form")
    new["delivery_route"] = choice(new["delivery_route"], DeliveryRoute, "获取信息的途径", "delivery_route")
    new["applicant_name"] = base.clean_text(new["applicant_name"], "申请人姓名/名称", NAME_MAX,
                                            field="applicant_name", required=True)
    new["information_requested"] = base.clean_text(new["information_requested"], "所需政府信息", REQUEST_MAX,
                                                   field="information_requested", required=True, multiline=True)
    new.update(contacts(new["contact_phone"], new["contact_address"], new["contact_email"]))
    new["id_document"] = choice(new["id_document"] or IdDocument.STANDARD, IdDocument, "身份证件类型", "id_document")
    if {"identifier", "applicant_kind", "id_document"} & set(changes):
        new["identifier"] = validate_identifier(new["applicant_kind"], new["identifier"], new["id_document"])
    if {"received_on", "submitted_on", "channel"} & set(changes):
        submitted = changes.get("submitted_on", None if "received_on" in changes else cur["submitted_on"])
        new["submitted_on"], new["received_on"] = receipt_dates(new["channel"], new["received_on"], submitted, today)
    return new


def _move_receipt(s: base.Step, app: Application) -> None:
    """The RECEIVED event takes the corrected date; the whole history must still be legal."""
    rows = list(ClockEvent.objects.filter(application=app).select_related("actor").order_by("on", "id"))
    received = next((r for r in rows if r.kind == EventKind.RECEIVED), None)
    if received is None:
        raise OutOfOrder("本案没有“收到申请”事件（重新办理的案件），不能更正收到日期", field="received_on")
    received.on, received.reason = app.received_on, Channel(app.channel).label
    rows.sort(key=lambda r: (r.on, r.kind != EventKind.RECEIVED, r.pk))
    clock.check_events(app, rows, s.today, strict=False)
    received.save(update_fields=["on", "reason"])
