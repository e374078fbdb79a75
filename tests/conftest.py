"""Shared fixtures. Helpers importable by tests: `corpus` (the real corpus), `strategies` (hypothesis)."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus import CORPUS, corpus_truths, load_truth  # noqa: F401  (re-exported for tests)


@pytest.fixture
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.fail(f"corpus not found at {CORPUS} (set GONGKAI_CORPUS)")
    return CORPUS
