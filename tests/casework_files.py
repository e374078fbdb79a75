"""Where casework tests keep letters and attachments, and a fresh platform calendar per test
(shared by tests/platform, tests/staff and tests/browser)."""

from __future__ import annotations


def private_files_in(settings, tmp_path, letters: str = "queue"):
    """Letters and attachments go to a temporary private storage; by default letters are handed to
    the queue, not drawn (0.4 s each) — the tests that look at the files draw them."""
    from gongkai.casework import storage
    from gongkai.casework.calendar import forget

    settings.GONGKAI_HOME = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.GONGKAI_LETTERS = letters
    storage.reset()
    forget()  # a calendar year imported by a rolled-back test must not stay cached
    yield
    storage.reset()
    forget()
