"""Background work: reading uploaded reports (django-tasks; the worker is `python -m django worker`).

One task per document, so two workers read two documents at once and one bad file costs only
itself.  Arguments are JSON (the document's id).
"""

from __future__ import annotations

from django_tasks import task


@task()
def read_document(document_id: int) -> str:
    from .actions import do_read_document

    return do_read_document(document_id).state
