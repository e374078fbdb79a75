"""Fixtures for the annual-report tests (the world lives in annual/world.py, shared with appeals)."""

from __future__ import annotations

import pytest

from annual.world import make_world, use_tmp_private_storage


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture(autouse=True)
def private_files(monkeypatch, tmp_path):
    use_tmp_private_storage(monkeypatch, tmp_path / "private")
