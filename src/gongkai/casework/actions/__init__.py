"""The one door for every change to a case: ``do_*`` actions, split by domain.

Each action opens its step of the declared state machine (`casework.workflow`) with
`base.begin`: it checks the role and the case's status from the transition table, the form's
version (a concurrent edit is refused) and its one-time key (a re-post does nothing), writes
inside one short ``transaction.atomic()``, recomputes the clock from the event log, and
appends an ``AuditEvent``.  Letters are numbered and fixed in that transaction and drawn
after it (`actions.letters`).  Bad input raises a ``CaseworkError`` subclass whose message
(Chinese) says what is wrong; nothing is written in that case.

Common keyword arguments:
  ``expected_version``  the ``Application.version`` the user's form was built from (``None``
                        skips the check: commands, scripts, other apps' actions).
  ``key``               the submitting form's one-time key (``None``: no re-post protection).
  ``today``             the current date, for tests and data loading; default: today in
                        Asia/Shanghai.
"""

from ..errors import CaseworkError
from .applicant import do_confirm_payment_online, do_reply_correction_online
from .attachments import do_attach_file, do_record_download
from .base import next_number
from .calendar import do_import_calendar_year
from .consultation import do_end_consultation, do_start_consultation
from .correction import do_receive_correction, do_request_correction
from .decision import do_decide, do_deliver, do_reopen
from .exports import do_record_export
from .extension import do_approve_extension, do_set_later_date
from .fees import applications_in_month, do_conclude_unpaid, do_record_payment, do_send_fee_notice
from .intake import do_receive_application, validate_identifier
from .letters import do_issue_letter, render_document
from .receipts import do_record_receipt
from .registration import do_correct_registration
from .responsibility import do_assign, do_hand_over

__all__ = [
    "CaseworkError", "applications_in_month", "do_approve_extension", "do_assign", "do_attach_file",
    "do_conclude_unpaid", "do_confirm_payment_online", "do_correct_registration", "do_decide", "do_deliver", "do_end_consultation",
    "do_hand_over", "do_import_calendar_year", "do_issue_letter", "do_receive_application",
    "do_receive_correction", "do_reply_correction_online", "do_record_download", "do_record_export", "do_record_payment", "do_record_receipt",
    "do_reopen", "do_request_correction", "do_send_fee_notice", "do_set_later_date", "do_start_consultation",
    "next_number", "render_document", "validate_identifier",
]
