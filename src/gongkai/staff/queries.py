"""Reads for the staff pages (selectors): what a user may see, and the lists they work from.

Every list starts from ``visible_cases(user)``, so an agency's staff see only that
agency's cases and a supervisor sees the agencies below them.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from gongkai.agencies.models import Role, Staff
from gongkai.agencies.permissions import agencies_workable_by
from gongkai.casework.choices import OPEN_STATUSES
from gongkai.casework.models import Application
from gongkai.casework.selectors import due_soon_limit
from gongkai.casework.selectors import visible_applications as visible_cases  # noqa: F401 (views use it)


def list_rows(qs: QuerySet[Application]) -> QuerySet[Application]:
    """The columns the list pages show, in one query (no N+1)."""
    return qs.select_related("agency", "assignee", "owner").only(
        "id", "number", "agency__name", "agency__code", "applicant_kind", "applicant_name", "channel",
        "information_requested", "received_on", "due_on", "status", "outcome", "concluded_on", "version",
        "assignee__username", "assignee__first_name", "assignee__last_name", "sort_on",
        "owner__username", "owner__first_name", "owner__last_name", "clock_error",
    )


due_soon_threshold = due_soon_limit


def open_cases(qs: QuerySet[Application]) -> QuerySet[Application]:
    return qs.filter(status__in=OPEN_STATUSES)


def overdue(qs: QuerySet[Application], today: dt.date) -> QuerySet[Application]:
    return open_cases(qs).filter(due_on__lt=today)


def due_soon(qs: QuerySet[Application], today: dt.date) -> QuerySet[Application]:
    return open_cases(qs).filter(due_on__gte=today, due_on__lte=due_soon_limit(today))


def mine(qs: QuerySet[Application], user) -> QuerySet[Application]:
    """Assigned to me, or mine by first contact and not yet assigned; a head's: the whole agency's
    (the head approves every extension and decision)."""
    headed = Staff.objects.filter(user=user, role=Role.HEAD).values("agency_id")
    return qs.filter(Q(assignee=user) | Q(owner=user, assignee__isnull=True) | Q(agency_id__in=headed))


def handlers_of(user):
    """Users who can take a case in the agencies `user` works in (for filters and assignment)."""
    from django.contrib.auth import get_user_model

    agencies = agencies_workable_by(user)
    ids = Staff.objects.filter(agency__in=agencies, role__in=(Role.HANDLER, Role.HEAD)).values("user_id")
    return get_user_model().objects.filter(pk__in=ids).order_by("username")


def handlers_at(agency_id: int):
    from django.contrib.auth import get_user_model

    ids = Staff.objects.filter(agency_id=agency_id, role__in=(Role.HANDLER, Role.HEAD)).values("user_id")
    return get_user_model().objects.filter(pk__in=ids).order_by("username")


def role_names(user) -> str:
    labels = dict(Role.choices)
    roles = sorted({r for r in Staff.objects.filter(user=user).values_list("role", flat=True)})
    return "、".join(labels[r] for r in roles)


def primary_agency(user):
    """The agency shown in the header: the user's first membership."""
    m = Staff.objects.filter(user=user).select_related("agency").order_by("agency__code").first()
    return m.agency if m else None
