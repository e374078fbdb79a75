"""Reads for the staff pages: the case list with filters, search and due-soon ordering, one page
of it at any size, a case's letters.

Every query is scoped to what the user may see (`agencies_visible_to`) and is shaped for
the indexes on Application: (agency, status, sort_on), the partial index over open cases,
(agency, received_on …), (agency, concluded_on), (assignee, status, sort_on); search goes
through the FTS5 / full-text index (`casework.search`).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.db.models import BooleanField, F, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from gongkai.agencies.permissions import agencies_visible_to
from gongkai.deadlines import DUE_SOON_WORKDAYS
from gongkai.workdays import CalendarMissing

from . import search
from .choices import OPEN_STATUSES, DocumentState, Status
from .models import Application, Document

PAGE_SIZE = 50
MAX_PAGE = 1_000_000  # a page number beyond any list: read as "the last page", never an overflow


# The open statuses written into the SQL, not bound as parameters: SQLite uses a partial index
# only when it can see at prepare time that the query implies the index's condition, and a
# bound "status IN (?, ?, ?, ?)" hides it (a count of overdue cases went from a 100 ms scan to
# 2 ms).  The values are the vocabulary's own constants, never input.
_OPEN_SQL = RawSQL(
    f"{Application._meta.db_table}.status IN ({', '.join(repr(str(s)) for s in OPEN_STATUSES)})", [],
    output_field=BooleanField())


def open_cases(qs: QuerySet[Application]) -> QuerySet[Application]:
    """Only the open cases (received, awaiting 补正, consultation or a fee), index-friendly."""
    return qs.filter(_OPEN_SQL)


def due_soon_limit(today: dt.date) -> dt.date:
    """The last due date that counts as "due soon" on `today` (DUE_SOON_WORKDAYS working days on)."""
    from .calendar import platform_calendar

    try:
        return platform_calendar().add_workdays(today, DUE_SOON_WORKDAYS)
    except CalendarMissing:  # no calendar data ahead: warn on calendar days rather than stay silent
        return today + dt.timedelta(days=DUE_SOON_WORKDAYS)


@dataclass(frozen=True)
class CaseFilter:
    """What the case list can be narrowed by.  All optional.

    state: "open" (default), "overdue", "due_soon", "closed", "all", or a Status value.
    assignee: "me", "none" or a user id (as text).  q: search words (`casework.search`).
    order: "due" (default: open cases due soonest first) or "new" (latest received first; with a
    search, latest registered first).
    """

    state: str = "open"
    agency_id: int | None = None
    assignee: str = ""
    owner_id: int | None = None
    year: int | None = None  # year of receipt
    channel: str = ""
    applicant_kind: str = ""
    q: str = ""
    order: str = "due"


def visible_applications(user) -> QuerySet[Application]:
    return Application.objects.filter(agency__in=agencies_visible_to(user).values("pk"))


def case_list(user, f: CaseFilter | None = None, today: dt.date | None = None) -> QuerySet[Application]:
    """Cases the user may see, filtered; open cases first by due date (soonest, overdue first)."""
    f = f or CaseFilter()
    today = today or timezone.localdate()
    qs = visible_applications(user)
    if f.agency_id:
        qs = qs.filter(agency_id=f.agency_id)
    if f.assignee == "me":
        qs = qs.filter(assignee_id=user.pk)
    elif f.assignee == "none":
        qs = qs.filter(assignee__isnull=True)
    elif f.assignee.isdigit():
        qs = qs.filter(assignee_id=int(f.assignee))
    if f.owner_id:
        qs = qs.filter(owner_id=f.owner_id)
    if f.year:
        qs = qs.filter(received_on__gte=dt.date(f.year, 1, 1), received_on__lte=dt.date(f.year, 12, 31))
    if f.channel:
        qs = qs.filter(channel=f.channel)
    if f.applicant_kind:
        qs = qs.filter(applicant_kind=f.applicant_kind)
    qs = search.matching(qs, f.q)
    state = f.state or "open"
    if state == "open":
        qs = open_cases(qs)
    elif state == "overdue":
        qs = open_cases(qs).filter(due_on__lt=today)
    elif state == "due_soon":
        qs = open_cases(qs).filter(due_on__gte=today, due_on__lte=due_soon_limit(today))
    elif state == "closed":
        qs = qs.filter(status__in=(Status.DECIDED, Status.CLOSED))
    elif state in Status.values:
        qs = qs.filter(status=state)
    if f.order == "new" or state == "all":
        # Many hits of a search (a common name): newest registered first (ids follow registration,
        # so receipt, order) — the database walks the primary key backwards and stops at the page,
        # instead of fetching every hit to sort it.  Few hits: sorted as usual, which is cheap and
        # spares the walk through the whole key a rare word would cost.  (PostgreSQL at 1M cases:
        # 16,592 hits 492 → 40 ms, 38 hits 245 → 14 ms.)
        if f.q.strip() and search.has_many_hits(f.q):
            return qs.order_by("-id")
        return qs.order_by("-received_on", "-id")
    if state in ("closed", Status.DECIDED, Status.CLOSED):
        return qs.order_by(F("concluded_on").desc(nulls_last=True), "-id")
    if state in ("overdue", "due_soon"):  # these have a due date, which is their sort date: the index's order
        return qs.order_by("due_on", "id")
    return qs.order_by("sort_on", "id")  # due soonest first; no due date (calendar missing) sorts by receipt


def list_rows(qs: QuerySet[Application]) -> QuerySet[Application]:
    """The columns the list pages show, in one query (no N+1)."""
    return qs.select_related("agency", "assignee").only(
        "id", "number", "agency__name", "agency__code", "applicant_kind", "applicant_name", "channel",
        "information_requested", "received_on", "due_on", "status", "outcome", "concluded_on", "version",
        "assignee__username", "assignee__first_name", "assignee__last_name", "sort_on", "clock_error",
        "waiting_until",
    )


def clamp_page(value) -> int:
    """A page number from a query string: 1 when unreadable, at most MAX_PAGE."""
    try:
        page = int(str(value)[:12])
    except (TypeError, ValueError):
        return 1
    return min(max(page, 1), MAX_PAGE)


def page_of(qs: QuerySet[Application], page: int = 1, size: int = PAGE_SIZE) -> tuple[list[Application], bool, int]:
    """One page of a case list, fast at any size: (rows, has_next, the page shown).

    The ordering is done over ids only (index-only), then the page's rows are fetched by key
    with `list_rows`' columns — sorting wide rows is what makes a plain slice slow on SQLite.
    No COUNT(*) over a million rows, except when the page asked for lies beyond the end: then
    the last page is shown."""
    page = clamp_page(page)
    ids = list(qs.values_list("id", flat=True)[(page - 1) * size: page * size + 1])
    if not ids and page > 1:
        page = max(1, math.ceil(qs.count() / size))
        ids = list(qs.values_list("id", flat=True)[(page - 1) * size: page * size + 1])
    has_next = len(ids) > size
    ids = ids[:size]
    rows = {a.pk: a for a in list_rows(qs.model.objects.filter(pk__in=ids))}
    return [rows[i] for i in ids if i in rows], has_next, page


def documents_of(app: Application) -> list[Document]:
    return list(app.documents.select_related("issued_by", "event").order_by("issued_on", "id"))


def pending_documents(user) -> QuerySet[Document]:
    """Letters waiting to be issued (or drawn) in the agencies the user works in."""
    from gongkai.agencies.permissions import agencies_workable_by

    return Document.objects.filter(agency__in=agencies_workable_by(user), state=DocumentState.PENDING)
