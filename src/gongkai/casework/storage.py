"""Where letters and attachments are kept: the platform's private storage (outside the web root).

A model field's storage is fixed when the model class loads; this lazy proxy looks up
`gongkai.web.uploads.private_storage()` on first use instead, so the place follows the
settings (and a test can point it at a temporary directory with :func:`reset`).
"""

from __future__ import annotations

from django.utils.functional import LazyObject, empty


class _CaseFiles(LazyObject):
    def _setup(self):
        from gongkai.web.uploads import private_storage

        self._wrapped = private_storage()


CASE_FILES = _CaseFiles()


def case_files():
    """The storage of letters and attachments (a callable, so migrations name it, not a path)."""
    return CASE_FILES


def reset() -> None:
    """Forget the storage; the next use looks it up again (tests that move GONGKAI_HOME)."""
    from gongkai.web.uploads import private_storage

    private_storage.cache_clear()
    CASE_FILES._wrapped = empty
