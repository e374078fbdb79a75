"""Exports leave the platform with personal data in them: each one is on the record."""

from __future__ import annotations

from django.db import transaction

from .. import audit
from ..errors import NotAllowed


def do_record_export(actor, *, rows: int, fmt: str, description: str) -> None:
    """Audit a ledger export: who, when, how many cases, which filter (no personal data)."""
    if not getattr(actor, "is_authenticated", False):
        raise NotAllowed("请先登录")
    from gongkai.agencies.models import Staff

    membership = Staff.objects.filter(user=actor).select_related("agency").order_by("agency__code").first()
    target = membership.agency if membership else actor
    with transaction.atomic():
        audit.record(actor, audit.AuditAction.EXPORT_LEDGER, target, None, {"rows": rows, "format": fmt},
                     f"导出台账（{fmt.upper()}，{rows} 件）：{description}"[:300])
