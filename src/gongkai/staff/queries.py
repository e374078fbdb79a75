"""Reads only the staff pages need (who works where, what is mine); the case lists themselves are
`gongkai.casework.selectors`, scoped by `visible_applications(user)`."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from gongkai.agencies.models import Role, Staff
from gongkai.agencies.permissions import agencies_workable_by
from gongkai.casework.models import Application
from gongkai.casework.selectors import open_cases


def mine(qs: QuerySet[Application], user) -> QuerySet[Application]:
    """Open cases assigned to me, or mine by first contact and not yet assigned; a head's: the
    whole agency's (the head approves every extension and decision)."""
    headed = list(Staff.objects.filter(user=user, role=Role.HEAD).values_list("agency_id", flat=True))
    mine = Q(assignee=user) | Q(owner=user, assignee__isnull=True)
    return open_cases(qs).filter(mine | Q(agency_id__in=headed) if headed else mine)


def count_mine(qs: QuerySet[Application], user) -> int:
    """`mine(qs, user).count()` as three index-friendly counts (an OR of the three made SQLite
    read every open case of the region row by row)."""
    headed = list(Staff.objects.filter(user=user, role=Role.HEAD).values_list("agency_id", flat=True))
    open_ = open_cases(qs)
    outside = open_.exclude(agency_id__in=headed) if headed else open_
    n = open_.filter(agency_id__in=headed).count() if headed else 0
    n += outside.filter(assignee=user).count()
    return n + outside.filter(owner=user, assignee__isnull=True).count()


def _users(ids) -> QuerySet:
    return get_user_model().objects.filter(pk__in=ids).order_by("username")


def handlers_of(user):
    """Users who can take a case in the agencies `user` works in (for filters)."""
    agencies = agencies_workable_by(user)
    return _users(Staff.objects.filter(agency__in=agencies, role__in=(Role.HANDLER, Role.HEAD)).values("user_id"))


def handlers_at(agency_id: int):
    return _users(Staff.objects.filter(agency_id=agency_id, role__in=(Role.HANDLER, Role.HEAD)).values("user_id"))


def staff_at(agency_id: int):
    """Who may take over first-contact responsibility at an agency."""
    roles = (Role.REGISTRAR, Role.HANDLER, Role.HEAD)
    return _users(Staff.objects.filter(agency_id=agency_id, role__in=roles).values("user_id"))


def memberships(user) -> list[Staff]:
    """The user's roles with their agencies, read once per request (kept on the user object,
    which lives as long as the request): the header, the menu and the page all ask."""
    cached = getattr(user, "_gongkai_memberships", None)
    if cached is None:
        cached = list(Staff.objects.filter(user=user).select_related("agency").order_by("agency__code"))
        user._gongkai_memberships = cached
    return cached


def role_names(user) -> str:
    labels = dict(Role.choices)
    return "、".join(labels[r] for r in sorted({m.role for m in memberships(user)}))


def primary_agency(user):
    """The agency shown in the header: the user's first membership."""
    ms = memberships(user)
    return ms[0].agency if ms else None


def has_any_role(user, *roles: str) -> bool:
    return user.is_superuser or any(m.role in roles for m in memberships(user))


def can_register(user) -> bool:
    return has_any_role(user, Role.REGISTRAR, Role.HANDLER, Role.HEAD, Role.ADMIN)
