"""Append audit events.  Called only from inside actions, inside their transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import models

from .models import Application, AuditEvent, mask_identifier

# fields whose values are personal data: kept out of the audit trail in clear
_PERSONAL = {"identifier": mask_identifier, "contact_phone": mask_identifier,
             "contact_email": lambda v: (v[:2] + "***") if v else "", "contact_address": lambda v: "（已记录）" if v else ""}


def _jsonable(value):
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict:
    """The object's concrete field values as JSON, personal data masked."""
    out = {}
    for f in obj._meta.concrete_fields:
        name = f.attname
        if fields is not None and f.name not in fields and name not in fields:
            continue
        value = _jsonable(getattr(obj, name))
        if f.name in _PERSONAL:
            value = _PERSONAL[f.name](value or "")
        out[name] = value
    return out


def record(actor, action: str, obj: models.Model, before: dict | None, after: dict | None,
           summary: str = "") -> AuditEvent:
    application = obj if isinstance(obj, Application) else getattr(obj, "application", None)
    agency_id = getattr(obj, "agency_id", None) or (application.agency_id if application else None)
    changed_before, changed_after = before, after
    if before is not None and after is not None:  # keep only what changed
        keys = [k for k in after if before.get(k) != after.get(k)]
        changed_before = {k: before.get(k) for k in keys}
        changed_after = {k: after[k] for k in keys}
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action, summary=summary[:300],
        object_type=obj._meta.model_name, object_id=str(obj.pk),
        application=application, agency_id=agency_id,
        before=changed_before, after=changed_after,
    )
