"""Who may do what in the supervising office's pages (asked by views and actions alike).

- A supervisor (`Role.SUPERVISOR`) at a government works on its region: the government and every
  agency below it — sees every report, uploads, corrects cells, sets any finding's status.
- An agency's own staff (registrar, handler, head, admin of that agency) see their own agency's
  entry, upload their own report, and explain a finding; nothing of other agencies (a 404).
- A platform administrator may do everything.
"""

from __future__ import annotations

from gongkai.agencies.models import Agency, AgencyKind, Role, Staff
from gongkai.agencies.permissions import agencies_visible_to, has_role, is_administrator

OWN_STAFF = (Role.REGISTRAR, Role.HANDLER, Role.HEAD, Role.ADMIN)


def region_of(agency: Agency) -> Agency:
    """The government whose office receives `agency`'s report: the nearest government above it
    (a government's own report goes to its own office)."""
    if agency.kind == AgencyKind.GOVERNMENT:
        return agency
    node = agency.parent
    while node is not None:
        if node.kind == AgencyKind.GOVERNMENT:
            return node
        node = node.parent
    return agency


def regions_of(user) -> list[Agency]:
    """The governments `user` supervises (an administrator: every government at the top)."""
    if not getattr(user, "is_authenticated", False):
        return []
    if is_administrator(user):
        return list(Agency.objects.filter(kind=AgencyKind.GOVERNMENT, parent__isnull=True).order_by("code"))
    ids = Staff.objects.filter(user=user, role=Role.SUPERVISOR).values_list("agency_id", flat=True)
    return list(Agency.objects.filter(pk__in=ids).order_by("code"))


def supervises(user, agency: Agency) -> bool:
    """A supervisor at `agency` or above it, or an administrator."""
    if is_administrator(user):
        return True
    ids = set(Staff.objects.filter(user=user, role=Role.SUPERVISOR).values_list("agency_id", flat=True))
    node = agency
    while node is not None:
        if node.pk in ids:
            return True
        node = node.parent
    return False


def is_own_staff(user, agency: Agency) -> bool:
    return has_role(user, agency, *OWN_STAFF)


def can_view(user, agency: Agency) -> bool:
    return supervises(user, agency) or (is_own_staff(user, agency)
                                        and agencies_visible_to(user).filter(pk=agency.pk).exists())


def can_upload(user, agency: Agency) -> bool:
    return supervises(user, agency) or is_own_staff(user, agency)


def own_agencies(user) -> list[Agency]:
    """The agencies whose own report `user` may upload and follow."""
    if not getattr(user, "is_authenticated", False):
        return []
    ids = Staff.objects.filter(user=user, role__in=OWN_STAFF).values_list("agency_id", flat=True)
    return list(Agency.objects.filter(pk__in=ids).order_by("code"))
