"""Digit runs printed together (``200 000121``, ``1262629``): every way to cut them into
a row's cells, and the report's own arithmetic to choose among the cuts.

Web pages flattened to text lose the boundaries between cells.  A run is cut every way
the row's cells allow (no leading zeros; a sign only in 本年增/减; a decimal only in an
amount), then the identities the format declares (``fmt.identities``) choose: first the
row rules (T3-2, T4-1) per row, then the column rules (T3-1, T3-3) jointly; the cuts that
satisfy the most rule instances win.  A cell on which every winner agrees is set and
marked inferred — *certain* when the winners satisfy every rule they were judged by (the
arithmetic left no other possibility), uncertain otherwise (the checker then never rests
an error on it); any other cell is unknown, never guessed.  A row cut several ways of
which none satisfies its own sum is unknown altogether: its printed run is not its cells.
"""

from __future__ import annotations

import itertools
import re
from functools import cache, lru_cache

from ..formats import Format, Kind
from ..formats.model import address
from ..report import Issue, Value
from . import limits
from .reading import Reading
from .values import BLANK, is_blank, parse_number

_AMOUNT_PART = re.compile(r"^(?:0|[1-9]\d*)(?:\.\d+)?(?:万元|元)?$")
_BAD = object()


def _part(part: str, kind: Kind):
    """One cell cut from a digit run, or _BAD (no leading zeros; sign/decimal only where allowed)."""
    body = part[1:] if kind == Kind.SIGNED and part[:1] in "+-" else part
    if body.isdigit():
        if body[0] == "0" and len(body) > 1:
            return _BAD
        v = int(body)
        return -v if part[0] == "-" else v
    if kind == Kind.AMOUNT and _AMOUNT_PART.match(part):
        return parse_number(part, kind)
    return _BAD


def _cells_from(text: str, pos: int, stop: int, kind: Kind) -> list[tuple[int, Value]]:
    """The valid cells text[pos:end] for end in pos+1..stop, as (end, value), shortest first."""
    signed = kind == Kind.SIGNED and text[pos] in "+-"
    if signed:  # +21, -3: a sign, then digits without a leading zero
        out, negative = [], text[pos] == "-"
        for end in range(pos + 2, stop + 1):
            if not text[end - 1].isdigit() or end > pos + 2 and text[pos + 1] == "0":
                break
            v = int(text[pos + 1:end])
            out.append((end, -v if negative else v))
        return out
    if kind in (Kind.COUNT, Kind.SIGNED):  # the common case, without a call per slice
        if not text[pos].isdigit():
            return []
        if text[pos] == "0":
            return [(pos + 1, 0)] if pos + 1 <= stop else []
        out = []
        for end in range(pos + 1, stop + 1):
            if not text[end - 1].isdigit():
                break  # a non-digit stays inside every longer cell
            out.append((end, int(text[pos:end])))
        return out
    out = []
    for end in range(pos + 1, stop + 1):
        v = _part(text[pos:end], kind)
        if v is _BAD:
            if text[pos] == "0":
                break  # a leading zero stays wrong however long the cell
            continue
        out.append((end, v))
    return out


def _splits(text: str, kinds: tuple[Kind, ...], limit: int = 20000) -> list[tuple[Value, ...]]:
    """Every way to cut one printed digit run into len(kinds) cells (none when more than `limit`).

    Counted first (from the last cell back), so dead ends are never walked and an
    oversized run is refused before any split is built; the splits come in order of
    the first cell's length, then the second's, and so on.  A run longer than
    `Limits.digit_run` (no report prints one) is not enumerated at all: cutting it costs
    cubic time in its length."""
    n, size = len(kinds), len(text)
    if size > limits.current().digit_run:
        return []
    if n == 1:
        try:
            v = parse_number(text, kinds[0])
        except ValueError:
            return []
        return [] if v is BLANK else [(v,)]
    if size < n:
        return []
    if size == n and text.isascii() and text.isdigit():
        return [tuple(int(ch) for ch in text)]  # one digit a cell: the only cut (0000000)
    last = n - 1
    # starts[col][pos] = valid cells at pos leading to a complete split; ways[col][pos] = their count
    ways: list[dict[int, int]] = [{} for _ in range(n)]
    starts: list[dict[int, list[tuple[int, Value]]]] = [{} for _ in range(n)]
    tail = size  # text[tail:] is the run's trailing digits
    while tail and text[tail - 1].isdigit():
        tail -= 1
    for pos in range(last, size):
        if kinds[last] == Kind.COUNT or kinds[last] == Kind.SIGNED and text[pos] not in "+-":
            ok = pos >= tail and (text[pos] != "0" or pos == size - 1)  # digits, no leading zero
        else:
            ok = _part(text[pos:], kinds[last]) is not _BAD
        if ok:
            ways[last][pos] = 1
    for col in range(last - 1, -1, -1):
        after, kind, stop = ways[col + 1], kinds[col], size - (last - col)
        for pos in range(col, stop) if col else (0,):  # the first cell starts the run
            cells = [(e, v) for e, v in _cells_from(text, pos, stop, kind) if e in after]
            if cells:
                starts[col][pos] = cells
                ways[col][pos] = sum(after[e] for e, _ in cells)
    if not 0 < ways[0].get(0, 0) <= limit:
        return []
    memo: dict[tuple[int, int], list[tuple[Value, ...]]] = {}

    def build(col: int, pos: int) -> list[tuple[Value, ...]]:
        if col == last:
            return [(_part(text[pos:], kinds[last]),)]
        k = (col, pos)
        if k not in memo:
            memo[k] = [(v, *rest) for e, v in starts[col][pos] for rest in build(col + 1, e)]
        return memo[k]

    return build(0, 0)


def row_candidates(cells: list[tuple[str, object]], kinds: tuple[Kind, ...]) -> list[tuple[Value, ...]]:
    """Assign each printed piece 1..k cells (blank pieces exactly 1) and split the runs."""
    n, m = len(kinds), len(cells)
    texts = [c[0] for c in cells]
    blank = [is_blank(t) for t in texts]
    digits = [sum(ch.isdigit() for ch in t) for t in texts]
    # room[i]: the most cells pieces i.. can fill (a blank one, a run at most one per digit)
    room = [0] * (m + 1)
    for i in range(m - 1, -1, -1):
        room[i] = room[i + 1] + (1 if blank[i] else digits[i])
    out: list[tuple[Value, ...]] = []
    split_memo: dict[tuple[int, int, int], list[tuple[Value, ...]]] = {}

    def rec(i: int, col: int, acc: tuple):
        if len(out) > 20000:
            return
        if i == m:
            if col == n:
                out.append(acc)
            return
        if blank[i]:
            if col < n:
                rec(i + 1, col + 1, acc + (None,))
            return
        # only k that leave the rest of the pieces a number of cells they can fill
        for k in range(max(1, n - col - room[i + 1]), min(digits[i], n - col - (m - i - 1)) + 1):
            key = (i, col, k)
            if key not in split_memo:
                split_memo[key] = _splits(texts[i], kinds[col: col + k])
            for split in split_memo[key]:
                rec(i + 1, col + k, acc + split)

    rec(0, 0, ())
    return out


# ---------------------------------------------------------------- arithmetic


@cache
def _instances(fmt_id: str, table: str) -> tuple[tuple[tuple[str, ...], tuple[str, ...], frozenset[str]], ...]:
    """Every instance of the table's identities: (left cells, right cells, all its cells)."""
    from .. import formats

    fmt = formats.get(fmt_id)
    return tuple((tuple(left), tuple(right), frozenset(left) | frozenset(right))
                 for ident in fmt.identities if ident.table == table
                 for _, left, right in ident.instances())


@lru_cache(maxsize=1024)
def _own_instances(fmt_id: str, table: str, addrs: tuple[str, ...]) -> tuple:
    """The identity instances that lie within one row's cells (T3-2, T4-1 …)."""
    cells = frozenset(addrs)
    return tuple(inst for inst in _instances(fmt_id, table) if inst[2] <= cells)


def resolve(pending, fmt: Format, table: str, out: Reading) -> None:
    """Choose among digit-run splits by the table's identities; set what all winners agree on.

    `pending`: (row path, columns, candidates, where) per row whose printed cells had to be
    split."""
    instances = _instances(fmt.id, table)

    def holds(values: dict, inst) -> bool | None:
        left, right, _ = inst
        try:
            lv = sum((values[a] or 0) for a in left)
            rv = sum((values[a] or 0) for a in right)
        except KeyError:
            return None  # a cell not known (yet)
        return lv == rv

    known = dict(out.cells)
    rows = []  # (path, columns, addrs, candidates, where, sure)
    for path, columns, cands, where in pending:
        addrs = [address(table, path, c) for c in columns]
        own = _own_instances(fmt.id, table, tuple(addrs))
        if own and len(cands) > 1:
            scored = []
            for c in cands:
                vals = dict(zip(addrs, c, strict=True))
                scored.append((sum(1 for inst in own if holds(vals, inst)), c))
            best = max(s for s, _ in scored)
            if best < len(own):
                # no cut satisfies the row's own sums: the printed run is not this row's cells
                # as they stand (a cell lost, the document's own error): nothing in it is known
                out.unread(addrs, Issue("digits-ambiguous", f"{table}「{fmt.short_label(table, path)}」一行的数字连在一起，"
                                                            f"{len(cands)} 种拆分都不符合该行的合计，无法确定（已标为未知）",
                                        where, tuple(addrs)))
                continue
            rows.append([path, columns, addrs, [c for s, c in scored if s == best], where, True])
        else:  # one split, or no rule within the row: nothing to rank
            rows.append([path, columns, addrs, list(cands), where, True])

    # joint choice among rows still ambiguous, by the column rules
    multi = [i for i, r in enumerate(rows) if len(r[3]) > 1]
    combos_total = 1
    for i in multi:
        combos_total *= len(rows[i][3])
    if multi and combos_total <= 50000:
        multi_cells = frozenset(a for i in multi for a in rows[i][2])
        cross = [inst for inst in instances if not inst[2].isdisjoint(multi_cells)]
        # only the cells the column rules read are copied for each combination
        needed = frozenset().union(*(inst[2] for inst in cross))
        multi_set = set(multi)
        base = {a: v for a, v in known.items() if a in needed}
        for i, r in enumerate(rows):
            if i not in multi_set:
                base.update((a, v) for a, v in zip(r[2], r[3][0], strict=True) if a in needed)
        best, winners = -1, []
        for combo in itertools.product(*(rows[i][3] for i in multi)):
            vals = base  # every combination writes the same cells: no copy needed
            for i, c in zip(multi, combo, strict=True):
                vals.update(zip(rows[i][2], c, strict=True))
            score = sum(1 for inst in cross if holds(vals, inst))
            if score > best:
                best, winners = score, [combo]
            elif score == best:
                winners.append(combo)
        judged = sum(1 for inst in cross if holds(vals, inst) is not None)  # the same for every combination
        for j, i in enumerate(multi):
            rows[i][3] = list(dict.fromkeys(w[j] for w in winners))
            rows[i][5] = rows[i][5] and best == judged

    for path, columns, addrs, cands, where, sure in rows:
        undecided = []
        for k, (a, col) in enumerate(zip(addrs, columns, strict=True)):
            options = {c[k] for c in cands}
            if len(options) == 1:
                out.set(a, options.pop(), where.but(inferred=True, certain=sure))
            else:
                out.unread([a])
                undecided.append((a, col))
        if undecided:
            out.issues.append(Issue(
                "digits-ambiguous",
                f"{table}「{fmt.short_label(table, path)}」一行的数字连在一起，可有 {len(cands)} 种拆分，"
                f"无法确定：{'、'.join(fmt.cells[a].column_label for a, _ in undecided)}（已标为未知）",
                where, tuple(a for a, _ in undecided)))
