"""Who works a case: the head or a registrar assigns a handler; first-contact responsibility
(首问责任制) passes from one staff member to another on the record."""

from __future__ import annotations

from gongkai.agencies.models import Role, Staff

from ..errors import InvalidInput, NotAllowed
from ..models import NOTE_MAX
from . import base


def _staff_at(user, agency_id: int, *roles: str) -> bool:
    return Staff.objects.filter(user=user, agency_id=agency_id, role__in=roles).exists()


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def do_assign(actor, application, *, assignee, expected_version: int | None = None, key: str | None = None):
    """The head, a registrar or the first-contact owner assigns the case to a handler of the agency."""
    with base.begin(actor, application, "assign", expected_version=expected_version, key=key) as s:
        app = s.app
        if not (_staff_at(actor, app.agency_id, Role.HEAD, Role.REGISTRAR, Role.ADMIN) or actor.is_superuser
                or actor.pk == app.owner_id):
            raise NotAllowed("只有公开工作机构负责人、登记员或首问责任人可以分配承办人")
        if not _staff_at(assignee, app.agency_id, Role.HANDLER, Role.HEAD):
            raise InvalidInput(f"{_name(assignee)} 不是{app.agency.name}的承办人员，不能分配", field="assignee")
        app.assignee = assignee
        s.finish(f"分配承办人：{_name(assignee)}", recompute=False)
    return s.app


def do_hand_over(actor, application, *, to_user, note: str = "", expected_version: int | None = None,
                 key: str | None = None):
    """First-contact responsibility passes to another staff member of the agency."""
    note = base.clean_text(note, "移交说明", NOTE_MAX, field="note")
    with base.begin(actor, application, "hand_over", expected_version=expected_version, key=key) as s:
        app = s.app
        if actor.pk != app.owner_id and not _staff_at(actor, app.agency_id, Role.HEAD, Role.ADMIN):
            raise NotAllowed("只有当前首问责任人或负责人可以移交此申请")
        if not _staff_at(to_user, app.agency_id, Role.REGISTRAR, Role.HANDLER, Role.HEAD):
            raise InvalidInput(f"{_name(to_user)} 不是{app.agency.name}的工作人员，不能接收移交", field="to_user")
        if to_user.pk == app.owner_id:
            raise InvalidInput("接收人就是当前首问责任人", field="to_user")
        app.owner = to_user
        s.finish(f"首问责任移交给 {_name(to_user)}" + (f"：{note[:80]}" if note else ""), recompute=False)
    return s.app
