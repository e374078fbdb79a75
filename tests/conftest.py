"""Shared fixtures: where the real corpus lives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("GONGKAI_CORPUS", REPO.parent / "shared" / "corpus"))


def corpus_truths() -> list[Path]:
    return sorted(CORPUS.glob("*.truth.json"))


@pytest.fixture
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.fail(f"corpus not found at {CORPUS} (set GONGKAI_CORPUS)")
    return CORPUS
