"""What every staff page shares: the page context, the user's case, errors put next to fields."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from django.utils import timezone

from gongkai.casework.errors import CaseworkError
from gongkai.casework.models import Application
from gongkai.casework.selectors import visible_applications

from .. import queries


def today() -> dt.date:
    return timezone.localdate()


def base(request, nav: str, **extra) -> dict:
    user = request.user
    return {"nav": nav, "role_names": queries.role_names(user), "can_register": queries.can_register(user),
            "current_agency": queries.primary_agency(user), **extra}


def case_for(request, pk: int) -> Application:
    """The case if the user may see it; another agency's case is a 404, never a 403."""
    qs = visible_applications(request.user).select_related("agency", "owner", "assignee", "decided_by")
    return get_object_or_404(qs, pk=pk)


def attach(form, error: CaseworkError) -> None:
    """An action's refusal shown next to the field it names (else at the top of the form)."""
    field = error.field
    if field == "upload":
        field = "file"
    if field and field in form.fields:
        form.add_error(field, error.message)
    else:
        form.add_error(None, error.message)


def name(user) -> str:
    if user is None:
        return "系统"
    return user.get_full_name() or user.get_username()
