"""Letters: made by their step, numbered in the step's date's year, drawn after the commit.

How a letter is issued (the choice for issue 11's "a step and its letter commit together"):

1. Before the step's transaction, nothing slow happens; inside it, :func:`prepare` builds the
   letter's context from the data the step has just written (the clock as it stood right
   after the step's event, the agency's particulars and remedies, the step's own fields),
   lays the letter out (`letters.compose`: text only, milliseconds) — a context the letter
   cannot be made from refuses the whole step — allocates the number in the year of the
   step's date, and stores the Document with its context.  Step, document and number commit
   together or not at all.
2. After the commit, outside any lock, :func:`draw_after_commit` draws DOCX and PDF from the
   stored context (inline by default; ``GONGKAI_LETTERS=queue`` hands it to the worker).
   Until the files exist the case page says 正在出具; a failed drawing is kept with its reason
   and can be drawn again at any time (:func:`render_document`), from the same context.
3. A letter that cannot be made yet (the clock needs a year with no calendar data) is stored
   *pending* with the reason, unnumbered; :func:`do_issue_letter` issues it once the cause is
   gone, dated on its step's date and numbered in that date's year.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from contextlib import contextmanager
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from gongkai import fees
from gongkai.deadlines import CONSULTATION_WORKDAYS

from .. import clock, letters
from ..choices import Channel, DeliveryRoute, DocumentState, EventKind, FeeMethod, LetterKind, letter_series
from ..errors import CalendarMissing, CaseworkError, InvalidInput, OutOfOrder
from ..models import Application, ClockEvent, Document
from . import base

log = logging.getLogger(__name__)

# which letter each event kind's step issues (the workflow declares it per step; this is the
# reverse view, to find a step's letter that is missing: an event recorded before letters were
# made with their step)
LETTER_OF_EVENT = {
    EventKind.RECEIVED: LetterKind.ACKNOWLEDGEMENT,
    EventKind.CORRECTION_REQUESTED: LetterKind.CORRECTION_REQUEST,
    EventKind.EXTENSION_APPROVED: LetterKind.EXTENSION_NOTICE,
    EventKind.FEE_NOTICE_SENT: LetterKind.FEE_NOTICE,
}

# the form fields a step passes on to its letter (and the form field a letter problem belongs to)
EXTRA_FIELDS = ("correction_items", "recipient_name", "payment_method", "reason", "delivery", "published_at",
                "responsible_agency")


# how the information is provided when the step does not say otherwise: the route the applicant
# asked for (Art. 29(3), 40)
DELIVERY = {
    DeliveryRoute.POST: "随本答复书邮寄提供", DeliveryRoute.EMAIL: "通过电子邮件发送",
    DeliveryRoute.PICKUP: "请持本答复书到本机关政府信息公开工作机构领取", DeliveryRoute.ONLINE: "通过网上申请平台提供",
    DeliveryRoute.FAX: "通过传真发送",
}


def office_contact(agency) -> str:
    """The line under the date: where the office is and how to reach it (agency settings)."""
    parts = []
    if agency.office_name:
        parts.append(f"联系机构：{agency.office_name}")
    if agency.office_address:
        parts.append(f"地址：{agency.office_address}" + (f"（邮编{agency.postcode}）" if agency.postcode else ""))
    if agency.phone:
        parts.append(f"电话：{agency.phone}")
    return "；".join(parts)


def reply_kind_of(app: Application) -> str:
    if not app.outcome:
        raise OutOfOrder("尚未作出答复决定，不能出具答复书")
    return letters.reply_kind(app.outcome)


def consultation_kind(party: str) -> str:
    return LetterKind.CONSULTATION_THIRD_PARTY if party == "third_party" else LetterKind.CONSULTATION_AGENCY


def letter_context(app: Application, kind: str, event: ClockEvent | None, extra: dict, on: dt.date) -> dict:
    """What the letter says, from what the case holds as of its step.  Raises CalendarMissing
    when it needs a date the calendar cannot give yet (the letter then waits, pending)."""
    agency = app.agency
    ctx: dict = {
        "agency_name": agency.name, "received_date": app.received_on, "request_summary": app.information_requested,
        "applicant_name": app.applicant_name, "applicant_is_person": app.is_person, "issue_date": on,
        "office_contact": office_contact(agency), "application_number": app.number,
    }
    ctx.update({k: v for k, v in extra.items() if v not in (None, "")})
    if kind == LetterKind.ACKNOWLEDGEMENT:
        ctx["channel"] = Channel(app.channel).label
        try:  # the rule is stated either way; the date only when the calendar knows it
            ctx["due_date"] = clock.compute(app, upto=event).due_date if event else app.due_on
        except CalendarMissing:
            ctx.pop("due_date", None)
    elif kind == LetterKind.CORRECTION_REQUEST:
        if event.later_date:
            ctx["correction_deadline"] = event.later_date
        ctx["correction_days"] = event.days
    elif kind == LetterKind.EXTENSION_NOTICE:
        c = clock.compute(app, upto=event)  # the dates as they stood when the head approved
        ctx.update(extension_days=event.days, extension_reason=event.reason)
        if c.due_date is not None:
            ctx.update(due_date=c.statutory_due_date, extended_due_date=c.due_date)
    elif kind in (LetterKind.CONSULTATION_THIRD_PARTY, LetterKind.CONSULTATION_AGENCY):
        if event.party_received_on:
            ctx["reply_by"] = clock.add_workdays(event.party_received_on, CONSULTATION_WORKDAYS)
    elif kind == LetterKind.FEE_NOTICE:
        f = app.fee
        ctx["fee"] = fees.quote(f.method, nth_in_month=f.month_count if f.method == FeeMethod.PER_APPLICATION
                                else None, pages=f.pages if f.method == FeeMethod.PER_PAGE else None)
    elif LetterKind(kind).is_reply:
        ctx.update(outcome=app.outcome, outcome_year=app.concluded_on.year,
                   reconsideration_body=agency.reconsideration_body, court=agency.court)
        ctx.setdefault("delivery", DELIVERY.get(app.delivery_route, ""))
    return ctx


# --- the context as stored JSON -------------------------------------------------------------
def to_json(ctx: dict) -> dict:
    out, dates = {}, []
    for k, v in ctx.items():
        if isinstance(v, dt.date):
            out[k], _ = v.isoformat(), dates.append(k)
        elif isinstance(v, fees.FeeQuote):
            out[k] = {"method": v.method.value, "amount": str(v.amount),
                      "tiers": [{"first": t.first, "last": t.last, "rate": str(t.rate), "unit": t.unit}
                                for t in v.tiers]}
        elif isinstance(v, Decimal):
            out[k] = str(v)
        else:
            out[k] = v
    out["_dates"] = dates
    return out


def from_json(data: dict) -> dict:
    ctx = {k: v for k, v in data.items() if k != "_dates"}
    for k in data.get("_dates", []):
        ctx[k] = dt.date.fromisoformat(ctx[k])
    return ctx


def _field_of(error: letters.LetterError) -> str | None:
    text = str(error)
    return next((f for f in EXTRA_FIELDS if f in text), None)


def compose_checked(kind: str, ctx: dict) -> letters.Letter:
    """Lay the letter out; a context it cannot be made from is the user's input to fix."""
    try:
        return letters.compose(kind, {**ctx, "document_number": ctx.get("document_number") or "（文号）"})
    except letters.LetterError as e:
        raise InvalidInput(f"{LetterKind(kind).label}无法生成：{e}", field=_field_of(e)) from None


def _number(app: Application, kind: str, on: dt.date) -> tuple[int, str]:
    series, mark = letter_series(kind)
    seq = base.next_number(app.agency_id, on.year, series)
    return seq, f"{app.agency.document_prefix}{mark}〔{on.year}〕{seq}号"


def prepare(step: base.Step, kind: str, event: ClockEvent | None, extra: dict) -> Document:
    """Make the step's letter inside its transaction: issued (numbered) or pending."""
    app = step.app
    on = event.on if event is not None else step.today
    doc = Document(application=app, agency_id=app.agency_id, event=event, kind=kind, issued_on=on,
                   issued_by=step.actor if getattr(step.actor, "pk", None) else None)
    try:
        ctx = letter_context(app, kind, event, extra, on)
    except CalendarMissing as e:
        doc.state, doc.problem, doc.context = DocumentState.PENDING, str(e)[:300], {"extra": to_json(extra)}
        doc.save()
        return doc
    compose_checked(kind, ctx)
    _issue(doc, app, kind, ctx, on)
    return doc


def _issue(doc: Document, app: Application, kind: str, ctx: dict, on: dt.date) -> None:
    doc.sequence, doc.number = _number(app, kind, on)
    ctx["document_number"] = doc.number
    doc.year, doc.state, doc.problem = on.year, DocumentState.ISSUED, ""
    doc.template_version = letters.letter_version(kind, ctx)
    doc.context = to_json(ctx)
    doc.save()
    base.index(app)  # the letter's number finds the case


# --- drawing the files, outside the transaction -----------------------------------------------
_batch = threading.local()


@contextmanager
def drawing_later():
    """Within this block letters are not drawn one by one but handed to the worker at the end
    (loading the demo: a hundred letters would otherwise hold the start-up for a minute)."""
    _batch.ids = []
    try:
        yield
    finally:
        ids, _batch.ids = _batch.ids, None
        if ids:
            from ..tasks import render_documents

            render_documents.enqueue(ids)


@contextmanager
def drawing_after_block():
    """Letters of steps taken inside the block are drawn when it ends without error — for a
    caller whose own transaction spans the step (the portal: the case and its query code)."""
    outer = getattr(_batch, "ids", None)
    _batch.ids = []
    try:
        yield
    except BaseException:
        _batch.ids = outer
        raise
    ids, _batch.ids = _batch.ids, outer
    if outer is not None:
        outer.extend(ids)
    elif ids:
        _draw(ids)


def draw_after_commit(documents: list[Document]) -> None:
    issued = [d.pk for d in documents if d.state == DocumentState.ISSUED]
    if not issued:
        return
    if getattr(_batch, "ids", None) is not None:
        _batch.ids.extend(issued)
        return
    _draw(issued)


def _draw(issued: list[int]) -> None:
    if getattr(settings, "GONGKAI_LETTERS", "inline") == "queue":
        from ..tasks import render_documents

        render_documents.enqueue(issued)
        return
    for pk in issued:
        render_document(pk)


def render_document(pk: int) -> bool:
    """Draw (or draw again) an issued letter's DOCX and PDF from its stored context.

    Slow (WeasyPrint): never called inside a transaction.  True when the files are stored."""
    doc = Document.objects.select_related("application").get(pk=pk)
    if doc.state != DocumentState.ISSUED:
        return False
    try:
        docx_bytes, pdf_bytes = letters.render_letter(doc.kind, from_json(doc.context))
    except Exception as e:  # a library failure: kept on the document, shown, drawn again later
        log.warning("letter %s could not be drawn: %s", doc.pk, type(e).__name__)
        Document.objects.filter(pk=pk).update(render_error=f"文件生成失败：{type(e).__name__}：{e}"[:300])
        return False
    stem = f"{doc.kind}-{doc.year}-{doc.sequence}"
    storage = doc.pdf.storage
    docx_name = storage.save(doc.docx.field.generate_filename(doc, f"{stem}.docx"), ContentFile(docx_bytes))
    pdf_name = storage.save(doc.pdf.field.generate_filename(doc, f"{stem}.pdf"), ContentFile(pdf_bytes))
    with transaction.atomic():  # one short write
        Document.objects.filter(pk=pk).update(docx=docx_name, pdf=pdf_name, render_error="")
    return True


def _undrawn(older_than: dt.timedelta = dt.timedelta(minutes=2)):
    from django.db.models import Q
    from django.utils import timezone

    return (Document.objects.filter(state=DocumentState.ISSUED, render_error="",
                                    created_at__lt=timezone.now() - older_than)
            .filter(Q(pdf="") | Q(docx="")))


def undrawn(older_than: dt.timedelta = dt.timedelta(minutes=2), limit: int = 500) -> list[int]:
    """Issued letters whose files were never stored — the process drawing them was killed (a
    crash, a restart) or a queued drawing was lost — and are not being drawn now (older than
    `older_than`). A drawing that failed keeps its reason and waits for a person (生成文件)."""
    return list(_undrawn(older_than).order_by("pk").values_list("pk", flat=True)[:limit])


def draw_undrawn() -> int:
    """Draw what `undrawn` finds, each one checked again (another worker may have drawn it)."""
    return sum(render_document(pk) for pk in undrawn() if _undrawn().filter(pk=pk).exists())


# --- issuing a letter that waited ---------------------------------------------------------------
def missing_letters(app: Application) -> list[tuple[ClockEvent, str]]:
    """(event, kind) of steps recorded without their letter (before letters came with steps)."""
    have = set(Document.objects.filter(application=app).values_list("event_id", "kind"))
    out = []
    for ev in ClockEvent.objects.filter(application=app).order_by("on", "id"):
        kind = LETTER_OF_EVENT.get(ev.kind)
        if ev.kind == EventKind.CONSULTATION_STARTED:
            kind = consultation_kind(ev.party)
        elif EventKind(ev.kind).concludes and app.outcome and ev.on == app.concluded_on:
            kind = letters.reply_kind(app.outcome)
        if kind and (ev.pk, kind) not in have:
            out.append((ev, LetterKind(kind)))
    return out


def do_issue_letter(actor, application, *, document: Document | int | None = None, event: ClockEvent | int | None
                    = None, kind: str | None = None, extra: dict | None = None, expected_version: int | None = None,
                    key: str | None = None, today: dt.date | None = None) -> Document:
    """Issue a letter that could not be issued with its step (pending), or that its step never
    made: dated on the step's date, numbered in that date's year.  Refused, and left pending,
    while the cause remains."""
    with base.begin(actor, application, "issue_letter", expected_version=expected_version, key=key,
                    today=today) as s:
        app = s.app
        if document is not None:
            pk = document.pk if isinstance(document, Document) else document
            doc = Document.objects.select_for_update().filter(pk=pk, application=app).first()
            if doc is None:
                raise InvalidInput("文书不存在")
            if doc.state == DocumentState.ISSUED:
                raise OutOfOrder(f"该文书已出具，文号 {doc.number}，不能重复出具")
            ev, kind = doc.event, doc.kind
            stored = from_json(doc.context.get("extra", {}))
        else:
            pk = event.pk if isinstance(event, ClockEvent) else event
            ev = ClockEvent.objects.filter(pk=pk, application=app).first()
            wanted = {e.pk: k for e, k in missing_letters(app)}
            if ev is None or ev.pk not in wanted or (kind and kind != wanted[ev.pk]):
                raise OutOfOrder("该办理事项没有待出具的文书")
            kind = wanted[ev.pk]
            doc = Document(application=app, agency_id=app.agency_id, event=ev, kind=kind, issued_on=ev.on)
            stored = {}
        doc.issued_by = actor if getattr(actor, "pk", None) else None
        on = ev.on if ev is not None else doc.issued_on
        ctx = letter_context(app, kind, ev, {**stored, **(extra or {})}, on)  # CalendarMissing: still waiting
        compose_checked(kind, ctx)
        _issue(doc, app, kind, ctx, on)
        s.documents.append(doc)
        s.finish(f"出具{LetterKind(kind).label} {doc.number}（{on:%Y年%m月%d日}）", recompute=False)
    return doc


__all__ = ["CaseworkError", "do_issue_letter", "draw_after_commit", "letter_context", "missing_letters", "prepare",
           "render_document"]
