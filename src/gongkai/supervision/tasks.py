"""Background work: reading uploaded reports (django-tasks; the worker is `python -m django worker`).

One task per document, so two workers read two documents at once and one bad file costs only
itself.  Arguments are JSON (the document's id).
"""

from __future__ import annotations

import logging

from django_tasks import task

log = logging.getLogger(__name__)


@task()
def read_document(document_id: int) -> str:
    from .actions import do_read_document, do_record_failure

    try:
        return do_read_document(document_id).state
    except Exception as e:  # a bug or a database failure: the file must not stay "读取中" forever
        log.exception("reading uploaded document %s failed", document_id)
        do_record_failure(document_id, e)
        raise
