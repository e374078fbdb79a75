"""Who may see and do what.  Views and actions ask these; nothing else decides.

- Staff see only their own agency's cases.
- A supervisor at an agency sees that agency and all agencies below it (read only).
- An administrator (role admin, or a Django superuser) sees every agency.
- Only a head approves an extension or a decision.
"""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Agency, Role, Staff


def is_administrator(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or Staff.objects.filter(user=user, role=Role.ADMIN).exists()


def roles_at(user, agency: Agency | int) -> set[str]:
    """The roles `user` holds at exactly this agency."""
    if not getattr(user, "is_authenticated", False):
        return set()
    agency_id = agency if isinstance(agency, int) else agency.pk
    return set(Staff.objects.filter(user=user, agency_id=agency_id).values_list("role", flat=True))


def has_role(user, agency: Agency | int, *roles: str) -> bool:
    return bool(roles_at(user, agency) & set(roles))


def agencies_visible_to(user) -> QuerySet[Agency]:
    """Agencies whose cases `user` may read."""
    if not getattr(user, "is_authenticated", False):
        return Agency.objects.none()
    if is_administrator(user):
        return Agency.objects.all()
    memberships = list(Staff.objects.filter(user=user).values_list("agency_id", "role"))
    ids: set[int] = set()
    for agency_id, role in memberships:
        if role == Role.SUPERVISOR:
            ids.update(Agency(pk=agency_id).descendants_ids())
        else:
            ids.add(agency_id)
    return Agency.objects.filter(pk__in=ids)


def agencies_workable_by(user) -> QuerySet[Agency]:
    """Agencies where `user` may change cases (own agency, a role other than supervisor)."""
    if not getattr(user, "is_authenticated", False):
        return Agency.objects.none()
    if user.is_superuser:
        return Agency.objects.all()
    ids = Staff.objects.filter(user=user).exclude(role=Role.SUPERVISOR).values_list("agency_id", flat=True)
    return Agency.objects.filter(pk__in=ids)


def can_view_case(user, case) -> bool:
    return agencies_visible_to(user).filter(pk=case.agency_id).exists()


def can_work_case(user, case) -> bool:
    """May change a case: a registrar, handler, head or admin of the case's own agency."""
    if getattr(user, "is_superuser", False):
        return True
    return has_role(user, case.agency_id, Role.REGISTRAR, Role.HANDLER, Role.HEAD, Role.ADMIN)


def can_approve(user, case) -> bool:
    """Approve an extension or a decision: the head of the case's agency's disclosure office."""
    return has_role(user, case.agency_id, Role.HEAD)
