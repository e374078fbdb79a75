"""Background work run by the worker (`manage.py worker`): the daily reminders, and letters
drawn off the request when ``GONGKAI_LETTERS=queue``.

django-tasks has no scheduler of its own; the worker command schedules the daily run
(`casework.schedule`).  ``manage.py remind --now`` runs the reminders in-process.
"""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from gongkai.casework.reminders import record_reminders


@task()
def send_reminders(today_iso: str | None = None) -> dict[str, int]:
    """The reminders for a day (arguments must be JSON: the date as ISO text)."""
    today = dt.date.fromisoformat(today_iso) if today_iso else None
    return record_reminders(today)


@task()
def render_documents(document_ids: list[int]) -> int:
    """Draw issued letters' files (``GONGKAI_LETTERS=queue``); returns how many were drawn."""
    from gongkai.casework.actions.letters import render_document

    return sum(render_document(pk) for pk in document_ids)


@task()
def draw_undrawn_letters() -> int:
    """Letters issued but never drawn (a process killed while drawing): drawn now."""
    from gongkai.casework.actions.letters import draw_undrawn

    return draw_undrawn()
