"""Fixtures for the appeals tests (the world is shared with the annual-report tests)."""

from __future__ import annotations

import pytest

from annual.world import make_world


@pytest.fixture
def world(db):
    return make_world()
