"""A letter numbered with its step but never drawn (the process drawing it was killed) is drawn by
the worker's sweep; one being drawn right now, and one whose drawing failed, are left alone."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gongkai.casework import schedule
from gongkai.casework.actions.letters import undrawn
from gongkai.casework.models import Document

from .conftest import receive


def _undrawn_letter(world, n, minutes_ago):
    app = receive(world, n=n, acknowledge=True)
    doc = Document.objects.get(application=app, kind="acknowledgement")
    assert doc.rendered  # drawn inline after the commit
    Document.objects.filter(pk=doc.pk).update(pdf="", docx="",
                                              created_at=timezone.now() - dt.timedelta(minutes=minutes_ago))
    return doc


def test_the_sweep_draws_letters_left_undrawn(world, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    killed = _undrawn_letter(world, 1, minutes_ago=10)
    drawing_now = _undrawn_letter(world, 2, minutes_ago=0)
    failed = _undrawn_letter(world, 3, minutes_ago=10)
    Document.objects.filter(pk=failed.pk).update(render_error="文件生成失败：RuntimeError")
    assert undrawn() == [killed.pk]

    assert schedule.sweep_undrawn_letters() is True
    killed.refresh_from_db()
    drawing_now.refresh_from_db()
    failed.refresh_from_db()
    assert killed.rendered and killed.pdf.storage.exists(killed.pdf.name)
    assert not drawing_now.rendered and not failed.rendered
    assert schedule.sweep_undrawn_letters() is False  # nothing left to draw
