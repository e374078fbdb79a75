"""The one door for every change to the catalogue.

Each ``do_*`` checks the role and the rule (the review workflow is `publishing.workflow`),
writes inside ``transaction.atomic()`` and appends an ``AuditEvent``; refusals are
``publishing.errors.PublishingError`` subclasses with a Chinese message, and nothing is
written then.  Common keyword arguments: ``expected_version`` (the ``Item.version`` the form
was built from; ``None`` skips the check) and ``today`` (tests and data loading).
"""

from .attachments import do_add_attachment, do_remove_attachment
from .guide import do_record_guide_edition, do_update_guide_profile
from .importing import do_import_catalogue
from .items import do_create_item, do_update_item
from .review import (
    STEP_ACTIONS,
    do_abolish_item,
    do_approve_item,
    do_discard_item,
    do_publish_item,
    do_reject_item,
    do_reopen_item,
    do_submit_item,
    do_withdraw_item,
)
from .settings import do_configure_catalogue

__all__ = [
    "STEP_ACTIONS", "do_abolish_item", "do_add_attachment", "do_approve_item", "do_configure_catalogue",
    "do_create_item", "do_discard_item", "do_import_catalogue", "do_publish_item", "do_record_guide_edition",
    "do_reject_item", "do_remove_attachment", "do_reopen_item", "do_submit_item", "do_update_guide_profile",
    "do_update_item", "do_withdraw_item",
]
