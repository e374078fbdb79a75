"""Placements a reader inferred, accepted only where the report's own arithmetic confirms them.

A reader sometimes knows a row's numbers but not for certain where they go: the label was
garbled beyond matching and the row was placed by the format's row order, or a converter
printed placeholder column headers (数据1 … 数据6) and the numbers were mapped by their
position.  Such a *placement* (the set of cells decided together) is kept only when the
identities the format declares (T3-1, T3-2, T3-3, T4-1) that involve its cells all hold and
at least one of them can be evaluated; otherwise its cells become unknown.  A row placed by
order needs a column identity (T3-1, T3-3): a row sum holds wherever the row is put.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ..formats import Format
from ..report import Provenance


@dataclass(frozen=True)
class Placement:
    cells: frozenset[str]  # addresses decided together
    how: str  # "order" (row placed by the format's row order) or "position" (columns by position)
    what: str  # the row as a clerk names it, for the message
    where: Provenance | None = None


@cache
def _instances(fmt_id: str) -> tuple[tuple[str, tuple[str, ...], tuple[str, ...], frozenset[str]], ...]:
    from .. import formats

    fmt = formats.get(fmt_id)
    return tuple((ident.axis, tuple(left), tuple(right), frozenset(left) | frozenset(right))
                 for ident in fmt.identities for _, left, right in ident.instances())


@cache
def _by_cell(fmt_id: str) -> dict[str, tuple[int, ...]]:
    """Cell → the indexes of the identity instances it takes part in."""
    out: dict[str, list[int]] = {}
    for i, (_, _, _, involved) in enumerate(_instances(fmt_id)):
        for a in involved:
            out.setdefault(a, []).append(i)
    return {a: tuple(v) for a, v in out.items()}


def _touching(fmt_id: str, cells) -> list[int]:
    index = _by_cell(fmt_id)
    return sorted({i for a in cells for i in index.get(a, ())})


def holds(cells: dict, unknown, left, right) -> bool | None:
    """Whether one identity instance holds (blank counts as 0); None when a term is unknown."""
    if any(a in unknown for a in left) or any(a in unknown for a in right):
        return None
    return sum(cells.get(a) or 0 for a in left) == sum(cells.get(a) or 0 for a in right)


def confirm(placements: list[Placement], cells: dict, unknown: set[str], fmt: Format) -> list[Placement]:
    """The placements the identities do not confirm (their cells should become unknown).

    Blame is kept small: while an identity that involves a placement fails, the placements
    involved in the most failing identities are refused (their cells stop counting), so one
    garbled number costs its own row, not the table.  A placement left is accepted when an
    identity of the kind it needs can be evaluated over it and holds."""
    instances = _instances(fmt.id)
    remaining = list(placements)
    refused: list[Placement] = []
    gone = set(unknown)
    while remaining:
        pending = frozenset().union(*(p.cells for p in remaining))
        failing = [instances[i][3] for i in _touching(fmt.id, pending)
                   if holds(cells, gone, instances[i][1], instances[i][2]) is False]
        counts = [sum(1 for inv in failing if not inv.isdisjoint(p.cells)) for p in remaining]
        worst = max(counts, default=0)
        if not worst:
            break
        refused += [p for p, n in zip(remaining, counts, strict=True) if n == worst]
        remaining = [p for p, n in zip(remaining, counts, strict=True) if n != worst]
        gone |= frozenset().union(*(p.cells for p in refused))
    for p in remaining:
        evidence = [ok for axis, left, right, _ in (instances[i] for i in _touching(fmt.id, p.cells))
                    if (p.how != "order" or axis == "column") and (ok := holds(cells, gone, left, right)) is not None]
        if not evidence:
            refused.append(p)
    return refused
