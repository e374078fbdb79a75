"""Shared by the R2 reader tests: fixtures' place and a cell-by-cell comparison."""

from __future__ import annotations

from pathlib import Path

from gongkai.report import Report

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "r2"


def wrong_cells(got: Report, want: Report) -> list[tuple[str, object, object]]:
    """Cells that differ, blank-ness included (None ≠ 0); unknown cells count as wrong."""
    assert got.format.id == want.format.id
    return [
        (a, got.cells[a], want.cells[a])
        for a in want.format.cells
        if a in got.unknown or (got.cells[a] is None) != (want.cells[a] is None) or got.cells[a] != want.cells[a]
    ]
