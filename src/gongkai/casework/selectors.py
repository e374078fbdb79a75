"""Reads for the staff pages: the case list with filters and due-soon ordering, a case's timeline.

Every query is scoped to what the user may see (`agencies_visible_to`) and is shaped for
the indexes on Application: (agency, status, due_on), (agency, received_on),
(agency, concluded_on), (assignee, status, due_on).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from gongkai.agencies.permissions import agencies_visible_to
from gongkai.deadlines import DUE_SOON_WORKDAYS
from gongkai.workdays import CalendarMissing

from .choices import OPEN_STATUSES, Status
from .models import Application, AuditEvent, ClockEvent


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
    """

    state: str = "open"
    agency_id: int | None = None
    assignee_id: int | None = None
    owner_id: int | None = None
    year: int | None = None  # year of receipt
    q: str = ""  # application number or applicant name (prefix)


def visible_applications(user) -> QuerySet[Application]:
    return Application.objects.filter(agency__in=agencies_visible_to(user).values("pk"))


def case_list(user, f: CaseFilter | None = None, today: dt.date | None = None) -> QuerySet[Application]:
    """Cases the user may see, filtered; open cases first by due date (soonest, overdue first)."""
    f = f or CaseFilter()
    today = today or timezone.localdate()
    qs = visible_applications(user).select_related("agency", "assignee", "owner")
    if f.agency_id:
        qs = qs.filter(agency_id=f.agency_id)
    if f.assignee_id:
        qs = qs.filter(assignee_id=f.assignee_id)
    if f.owner_id:
        qs = qs.filter(owner_id=f.owner_id)
    if f.year:
        qs = qs.filter(received_on__gte=dt.date(f.year, 1, 1), received_on__lte=dt.date(f.year, 12, 31))
    if f.q.strip():
        q = f.q.strip()
        qs = qs.filter(Q(number__startswith=q) | Q(applicant_name__startswith=q))
    state = f.state or "open"
    if state == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif state == "overdue":
        qs = qs.filter(status__in=OPEN_STATUSES, due_on__lt=today)
    elif state == "due_soon":
        qs = qs.filter(status__in=OPEN_STATUSES, due_on__gte=today, due_on__lte=due_soon_limit(today))
    elif state == "closed":
        qs = qs.filter(status__in=(Status.DECIDED, Status.CLOSED))
    elif state in Status.values:
        qs = qs.filter(status=state)
    if state in ("closed", Status.DECIDED, Status.CLOSED):
        return qs.order_by(F("concluded_on").desc(nulls_last=True), "-id")
    if state == "all":
        return qs.order_by("-received_on", "-id")
    return qs.order_by("sort_on", "id")  # due soonest first; no due date (calendar missing) sorts by receipt


def reminders(user, today: dt.date | None = None) -> dict[str, QuerySet[Application]]:
    """Overdue and due-soon open cases, for the staff home page."""
    today = today or timezone.localdate()
    return {
        "overdue": case_list(user, CaseFilter(state="overdue"), today),
        "due_soon": case_list(user, CaseFilter(state="due_soon"), today),
    }


def timeline(application: Application) -> list[dict]:
    """Clock events and audit events of a case, in time order, for the case page."""
    items: list[dict] = []
    for e in ClockEvent.objects.filter(application=application).select_related("actor"):
        items.append({"type": "event", "date": e.on, "at": e.recorded_at, "label": e.get_kind_display(),
                      "detail": e.reason, "actor": e.actor, "object": e})
    for a in AuditEvent.objects.filter(application=application).select_related("actor"):
        items.append({"type": "audit", "date": timezone.localdate(a.at), "at": a.at, "label": a.summary or a.action,
                      "detail": "", "actor": a.actor, "object": a})
    return sorted(items, key=lambda i: (i["date"], i["at"]))


def page_of(qs: QuerySet[Application], page: int = 1, size: int = 50) -> tuple[list[Application], bool]:
    """One page of a case list, fast at any size: (rows, has_next).

    The ordering is done over ids only (index-only, a few ms over tens of thousands of open
    cases), then the page's rows are fetched by primary key with the queryset's own
    select_related/only — sorting wide rows is what makes a plain slice slow on SQLite.
    """
    page = max(1, page)
    ids = list(qs.values_list("id", flat=True)[(page - 1) * size: page * size + 1])
    has_next = len(ids) > size
    ids = ids[:size]
    rows = {a.pk: a for a in qs.filter(pk__in=ids).order_by()}
    return [rows[i] for i in ids if i in rows], has_next
