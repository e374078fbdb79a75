"""Who may see and do what in the catalogue.  Actions and pages ask these; nothing else decides.

- Staff read their own agency's catalogue; a supervisor reads the agencies below; an
  administrator reads all (`agencies.permissions.agencies_visible_to`).
- A step of the review workflow needs one of the roles `workflow.STEPS` declares, held at the
  item's own agency.  A Django superuser may take a clerk's step, never a reviewer's: only a
  保密审查员 approves or rejects.
"""

from __future__ import annotations

from gongkai.agencies.models import Agency
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


def importable_agencies(user) -> list[Agency]:
    return [a for a in visible_agencies(user).order_by("code") if may_import(user, a)]


def may_configure(user, agency: Agency | int) -> bool:
    """Index-number scheme, 表二 start year, the guide's particulars: the head or an administrator."""
    from gongkai.agencies.models import Role

    return is_administrator(user) or has_role(user, agency, Role.HEAD, Role.ADMIN)


def keepable_agencies(user) -> list[Agency]:
    return [a for a in visible_agencies(user).order_by("code") if may_keep(user, a)]
