"""The portal's one write of its own: an online application becomes a case (casework's
`do_receive_application`, channel 网上申请, no staff actor) and gets its query code, in one
transaction — a case without its code, or a code without its case, cannot be left behind."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gongkai.casework.actions import do_receive_application
from gongkai.casework.actions.letters import drawing_after_block
from gongkai.casework.choices import AttachmentKind, Channel, Source

from . import codes
from .models import Tracking


def do_apply_online(agency, *, applicant_kind: str, applicant_name: str, identifier: str, id_document: str,
                    information_requested: str, form: str, delivery_route: str, contact_phone: str = "",
                    contact_email: str = "", contact_address: str = "", id_copy=None, intake_key: str,
                    today: dt.date | None = None):
    """Register the application; returns (application, query code).  The code exists only in
    this return value and the receipt page; the database keeps its HMAC."""
    code = codes.new_code()
    today = today or timezone.localdate()
    with drawing_after_block(), transaction.atomic():
        app = do_receive_application(
            None, agency, applicant_kind=applicant_kind, applicant_name=applicant_name, identifier=identifier,
            id_document=id_document, information_requested=information_requested, channel=Channel.ONLINE,
            submitted_on=today, form=form, delivery_route=delivery_route, contact_phone=contact_phone,
            contact_address=contact_address, contact_email=contact_email, intake_key=intake_key,
            source=Source.PORTAL, today=today,
            files=((AttachmentKind.ID_COPY, id_copy),) if id_copy else ())
        Tracking.objects.create(application=app, code_hash=codes.digest(app.number, code))
    return app, code
