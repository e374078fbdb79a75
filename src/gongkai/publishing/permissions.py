"""Who may see and do what in the catalogue.  Actions and pages ask these; nothing else decides.

- Staff read their own agency's catalogue; a supervisor reads the agencies below; an
  administrator reads all (`agencies.permissions.agencies_visible_to`).
- A step of the review workflow needs one of the roles `workflow.STEPS` declares, held at the
  item's own agency.  A Django superuser may take a clerk's step, never a reviewer's: only a
  保密审查员 approves or rejects.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.agencies.models import Agency, Role, Staff
from gongkai.agencies.permissions import agencies_visible_to, has_role, is_administrator

from .workflow import CLERKS, Step


def visible_agencies(user):
    return agencies_visible_to(user)


def may_take(user, agency_id: int, step: Step) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if step.superuser_may and user.is_superuser:
        return True
    return has_role(user, agency_id, *step.roles)


def may_keep(user, agency: Agency | int) -> bool:
    """Draft items, import, attach files: the agency's clerks."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or has_role(user, agency, *CLERKS)


def may_import(user, agency: Agency | int) -> bool:
    """Import a catalogue: a clerk (drafts), or a reviewer (whose import records the review)."""
    from gongkai.agencies.models import Role

    return may_keep(user, agency) or has_role(user, agency, Role.REVIEWER)


def may_configure(user, agency: Agency | int) -> bool:
    """Index-number scheme, 表二 start year, the guide's particulars: the head or an administrator."""
    from gongkai.agencies.models import Role

    return is_administrator(user) or has_role(user, agency, Role.HEAD, Role.ADMIN)




@dataclass(frozen=True)
class Reach:
    """What one user may see and do in the catalogue, read once per request (a few queries),
    so a page does not ask the database again for every agency and every button."""

    visible: tuple[Agency, ...]  # ordered by code
    roles: dict[int, frozenset[str]]  # agency id → roles held there
    superuser: bool
    admin: bool

    @property
    def ids(self) -> list[int]:
        return [a.pk for a in self.visible]

    def _has(self, agency_id: int, *roles: str) -> bool:
        return bool(self.roles.get(agency_id, frozenset()) & set(roles))

    def keeps(self, agency_id: int) -> bool:
        return self.superuser or self._has(agency_id, *CLERKS)

    def imports(self, agency_id: int) -> bool:
        return self.keeps(agency_id) or self._has(agency_id, Role.REVIEWER)

    def configures(self, agency_id: int) -> bool:
        return self.admin or self._has(agency_id, Role.HEAD, Role.ADMIN)

    def keepable(self) -> list[Agency]:
        return [a for a in self.visible if self.keeps(a.pk)]

    def importable(self) -> list[Agency]:
        return [a for a in self.visible if self.imports(a.pk)]

    def configurable(self) -> list[Agency]:
        return [a for a in self.visible if self.configures(a.pk)]


def reach(user) -> Reach:
    if not getattr(user, "is_authenticated", False):
        return Reach((), {}, False, False)
    roles: dict[int, set[str]] = {}
    for agency_id, role in Staff.objects.filter(user=user).values_list("agency_id", "role"):
        roles.setdefault(agency_id, set()).add(role)
    return Reach(tuple(visible_agencies(user).order_by("code")), {k: frozenset(v) for k, v in roles.items()},
                 bool(user.is_superuser), is_administrator(user))
