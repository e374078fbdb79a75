"""The one label matcher: printed labels → the format's tables, rows, columns and captions.

Published reports print the national labels with small differences: spaces and
line breaks inside a label, half-width brackets and dots, ``1、`` for ``1.``, the
Kangxi radical ``⼀`` for ``一`` (some PDFs), ``规范性文件`` for ``行政规范性文件`` (and
back), ``，`` for ``、``, headings lengthened by the agency, long labels wrapped over two
lines, a label printed without its number.  This module turns text into a *key* that is
equal for all those spellings, and matches keys against labels derived from
`gongkai.formats` (no hand-written label tables).  Every reader (plain text, Markdown,
HTML, DOCX, PDF, and OCR grids) matches through here.

API (all pure functions; `fmt` is a `gongkai.formats.Format`):

- ``normalize(text) -> str``: NFKC, every whitespace removed (incl. U+3000, U+00A0),
  brackets/colons/commas mapped to the format's full-width forms, quotes to “”,
  numbering written the format's way (``(1)``/``1、``/``1．`` → ``1.``, ``一.`` → ``一、``).
- ``key(text) -> str``: ``normalize`` plus folding of known local synonyms
  (``行政规范性文件`` ≈ ``规范性文件``).  Compare keys, never raw text.
- ``split_number(text) -> (prefix, rest)``: ``"（三）不予公开"`` → ``("（三）", "不予公开")``.
- ``row_labels(fmt, table) -> list[RowLabel]``: the data rows of a table in printed order;
  ``RowLabel(table, row, block, label, key, prefix, rest, loose, group, index)``.
- ``group_labels(fmt, table) -> dict[key, path]``: label-only rows (``三、本年度办理结果``,
  ``（三）不予公开``; for 表二 the block captions ``第二十条第（一）项``), by key.
- ``match_row(text, rows, groups=()) -> RowLabel | None``: the best-matching row among
  ``rows`` (pass the rows you expect next, in order, to disambiguate ``1.`` rows; ``groups``:
  the keys of group labels printed with the row); tolerant of wrapped (truncated),
  lengthened and unnumbered labels, punctuation and one-character typos.
- ``match_caption(text, fmt) -> int | None``: the 表二 block index for a caption.
- ``table_of(texts, fmt) -> str | None``: the table a header, caption or heading names.
- ``column_for(path, columns) -> str | None``: the column a header path (the labels printed
  above a value, outermost first) names, or None when it names none or several.
- ``column_keys(fmt, table)``, ``heading_keys(fmt)``: header words to skip.
- ``superseded_by(fmt, table, path)``, ``replaced_rows(fmt, sup)``: rows of another revision.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache, lru_cache

from ..formats import PATH_SEP, Format, label_levels

_WS = re.compile(r"\s+")
_HALF_TO_FULL = str.maketrans({"(": "（", ")": "）", ",": "，", ":": "：", ";": "；", "?": "？", "!": "！"})
_QUOTES = re.compile(r"[\"“”＂「」『』″]")
_CN_NUM = "一二三四五六七八九十"
# numbering at the start of a label, in the spellings seen in reports
_NUM_PAREN_CN = re.compile(rf"^（([{_CN_NUM}]+)）[、.]?")
_NUM_CN = re.compile(rf"^([{_CN_NUM}]+)[、.](?!\d)")
_NUM_PAREN_AR = re.compile(r"^（(\d{1,2})）[、.]?")
_NUM_AR = re.compile(r"^(\d{1,2})[.、](?!\d)")
_SYNONYMS = (("行政规范性文件", "规范性文件"),)
# punctuation that agencies and converters print differently inside a label (、 for ，)
_LOOSE = re.compile(r"[，、。：；,.:;“”\"'·]")


def normalize(text: str) -> str:
    """The label as the format would print it, for matching (see module doc)."""
    s = unicodedata.normalize("NFKC", text)
    s = _WS.sub("", s).translate(_HALF_TO_FULL)
    return _canonical_number(quotes(s))


def quotes(s: str) -> str:
    """Every kind of double quote → “ and ” by turns (PDFs and pasted text mix them)."""
    if not _QUOTES.search(s):
        return s
    opening = True

    def turn(_m: re.Match) -> str:
        nonlocal opening
        opening = not opening
        return "”" if opening else "“"

    return _QUOTES.sub(turn, s)


def _canonical_number(s: str) -> str:
    m = _NUM_PAREN_CN.match(s)
    if m:
        return f"（{m.group(1)}）" + s[m.end():]
    m = _NUM_PAREN_AR.match(s)
    if m:  # （1） is how some agencies number 表三 sub-rows
        return f"{m.group(1)}." + s[m.end():]
    m = _NUM_CN.match(s)
    if m:
        return f"{m.group(1)}、" + s[m.end():]
    m = _NUM_AR.match(s)
    if m:
        return f"{m.group(1)}." + s[m.end():]
    return s


def key(text: str) -> str:
    """`normalize` plus local synonyms folded: equal keys mean the same label."""
    # every report prints the same labels and short values, so short texts are memoised
    return _short_key(text) if len(text) <= _SHORT else _key(text)


def _key(text: str) -> str:
    s = normalize(text)
    for long, short in _SYNONYMS:
        s = s.replace(long, short)
    return s


_SHORT = 80  # longer than any label the formats print
_short_key = lru_cache(maxsize=8192)(_key)


def split_number(text: str) -> tuple[str, str]:
    """(numbering prefix, rest) of a normalized label; prefix is '' when there is none."""
    for pat in (_NUM_PAREN_CN, _NUM_CN, _NUM_AR):
        m = pat.match(text)
        if m:
            return text[: m.end()], text[m.end():]
    return "", text


def loose(text: str) -> str:
    """A key's text without the punctuation printed differently from report to report."""
    return _LOOSE.sub("", text)


@dataclass(frozen=True)
class RowLabel:
    table: str
    row: str  # full row path, as in addresses
    block: int
    label: str  # last part, as printed by the format
    key: str
    prefix: str
    rest: str
    loose: str  # `rest` without punctuation
    group: str  # key of the group label printed around it (（三）不予公开), "" when none
    index: int  # place in the table's printed order


@cache
def _rows(fmt_id: str, table: str) -> tuple[RowLabel, ...]:
    from .. import formats

    fmt = formats.get(fmt_id)
    out = []
    for b, block in enumerate(fmt.table(table).blocks):
        for row in block.rows:
            parts = row.split(PATH_SEP)
            label = parts[-1]
            k = key(label)
            prefix, rest = split_number(k)
            group = key(parts[-2]) if len(parts) >= 2 else ""
            out.append(RowLabel(table, row, b, label, k, prefix, rest, loose(rest), group, len(out)))
    return tuple(out)


def row_labels(fmt: Format, table: str) -> tuple[RowLabel, ...]:
    return _rows(fmt.id, table)


@cache
def row_by_key(fmt_id: str, table: str) -> dict[str, RowLabel]:
    """A table's rows by their exact key."""
    return {r.key: r for r in _rows(fmt_id, table)}


@cache
def _groups(fmt_id: str, table: str) -> dict[str, str]:
    from .. import formats

    fmt = formats.get(fmt_id)
    rows = {r.row for r in _rows(fmt_id, table)}
    out: dict[str, str] = {}
    for row in rows:
        parts = row.split(PATH_SEP)
        for i in range(1, len(parts)):
            path = PATH_SEP.join(parts[:i])
            if path not in rows:
                out[key(parts[i - 1])] = path
    for block in fmt.table(table).blocks:
        if block.caption:
            out[key(block.caption)] = block.caption
    return out


def group_labels(fmt: Format, table: str) -> dict[str, str]:
    return dict(_groups(fmt.id, table))


def match_caption(text: str, fmt: Format) -> int | None:
    """Index of the 表二 block whose caption (第二十条第（X）项) `text` is, or contains."""
    k = key(text)
    for b, block in enumerate(fmt.table("表二").blocks):
        if block.caption and (key(block.caption) == k or key(block.caption) in k):
            return b
    return None


@cache
def _column_keys(fmt_id: str, table: str) -> frozenset[str]:
    from .. import formats

    fmt = formats.get(fmt_id)
    out = set()
    t = fmt.table(table)
    for block in t.blocks:
        for labels in label_levels(block.columns).values():
            out.update(key(p) for p in labels)
        if block.row_header:
            out.add(key(block.row_header))
    if t.corner:
        out.add(key(t.corner))
    if t.column_group:
        out.add(key(t.column_group))
    return frozenset(out)


def column_keys(fmt: Format, table: str) -> set[str]:
    return set(_column_keys(fmt.id, table))


def heading_keys(fmt: Format) -> set[str]:
    out: set[str] = set()
    for t in fmt.tables:
        out |= _column_keys(fmt.id, t.key)
    return out


@cache
def _distinctive(fmt_id: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Per table, the header and caption words no other table prints (3 characters or more)."""
    from .. import formats

    fmt = formats.get(fmt_id)
    words = {t.key: set(_column_keys(fmt_id, t.key)) | {key(b.caption) for b in t.blocks if b.caption}
             for t in fmt.tables}
    out = []
    for t, own in words.items():
        others = set().union(*(w for k, w in words.items() if k != t))
        out.append((t, tuple(sorted((w for w in own - others if len(w) >= 3), key=len, reverse=True))))
    return tuple(out)


def distinctive(fmt: Format, table: str) -> tuple[str, ...]:
    """Keys of the header and caption words only `table` prints (longest first)."""
    return dict(_distinctive(fmt.id))[table]


def _all_captions() -> tuple[str, ...]:
    """Every 表二 block caption any revision declares (a 2021 report may print 2019's （九））."""
    from .. import formats

    return _captions_of(tuple(formats.FORMATS))  # keyed by the ids registered: a new format joins


@cache
def _captions_of(format_ids: tuple[str, ...]) -> tuple[str, ...]:
    from .. import formats

    fmts = [formats.FORMATS[i] for i in format_ids]
    return tuple({key(b.caption) for f in fmts for t in f.tables for b in t.blocks if b.caption})


def table_of(texts, fmt: Format) -> str | None:
    """The table a header row, caption or heading names (None when it names none, or more
    than one: a section heading such as 四、…行政复议、行政诉讼情况 names 表四 alone)."""
    return _table_of(tuple(texts), fmt.id)


@lru_cache(maxsize=4096)
def _table_of(texts: tuple[str, ...], fmt_id: str) -> str | None:
    from .. import formats

    joined = key("".join(texts))
    if not joined:
        return None
    found = [t for t, words in _distinctive(fmt_id) if any(w in joined for w in words)]
    if not found:  # a caption of a block another revision declares (（九） in a 2021 report)
        found = [t.key for t in formats.get(fmt_id).tables
                 if any(c in joined for c in _all_captions()) and any(b.caption for b in t.blocks)]
    return found[0] if len(found) == 1 else None


def _similarity(a: str, b: str, floor: float) -> float:
    """SequenceMatcher's ratio, or 0 when even its cheap upper bounds stay under `floor`."""
    if 2 * min(len(a), len(b)) < floor * (len(a) + len(b)):
        return 0.0
    sm = SequenceMatcher(None, a, b)
    if sm.real_quick_ratio() < floor or sm.quick_ratio() < floor:
        return 0.0
    return sm.ratio()


def _score(k: str, prefix: str, rest: str, lrest: str, r: RowLabel) -> float:
    if k == r.key:
        return 1.0
    if prefix:
        if prefix != r.prefix or not rest:
            return 0.0
        if lrest == r.loose:
            return 0.95  # punctuation printed differently (、 for ，)
        if len(rest) >= 2 and (r.rest.startswith(rest) or rest.startswith(r.rest)):
            return 0.9  # wrapped over two lines, or lengthened by the agency
        ratio = _similarity(rest, r.rest, 0.75)
        return 0.85 * ratio if ratio >= 0.75 else 0.0  # a typo, e.g. 其他法律行政止公开
    if len(r.rest) >= 4 and (k == r.rest or lrest == r.loose):
        return 0.8  # printed without its number
    if not r.prefix and len(r.rest) >= 4 and r.rest in k and len(k) - len(r.rest) <= 4:
        return 0.7  # 表二 row lengthened, e.g. 政府集中采购项目
    if len(k) >= 4 and r.rest.startswith(k):
        return 0.6  # without its number and cut short
    if len(lrest) >= 6:
        ratio = _similarity(lrest, r.loose, 0.85)
        if ratio >= 0.85:
            return 0.5 * ratio  # without its number, one character off
    return 0.0


def match_row(text: str, rows, groups=()) -> RowLabel | None:
    """The best match for `text` among `rows` (ties: the earliest, or the one whose group
    label is among `groups`); None if nothing fits, or if a loose match fits several rows."""
    k = key(text)
    if not k:
        return None
    prefix, rest = split_number(k)
    lrest = loose(rest)
    best: list[RowLabel] = []
    best_score = 0.0
    for r in rows:
        s = _score(k, prefix, rest, lrest, r)
        if s > best_score:
            best, best_score = [r], s
            if s == 1.0:
                break
        elif s == best_score and s:
            best.append(r)
    if len(best) > 1 and groups:
        within = [r for r in best if r.group and r.group in groups]
        best = within or best
    if len(best) > 1 and best_score < 0.8:
        return None  # a loose match that fits several rows names none of them
    return best[0] if best else None


def place_by_order(sequence, rows) -> dict[int, RowLabel]:
    """Rows printed with a label that matched nothing, placed by the format's own row order.

    `sequence`: the rows of one table as printed, each the `RowLabel` it matched or None;
    `rows`: the table's `RowLabel`s.  A run of k unmatched rows between two matched ones (or
    a table's edge) takes the k format rows between them that the document does not print
    elsewhere; a run with any other number of candidates stays unplaced.  The caller keeps
    a placement only where the identities confirm it (`confirm`)."""
    found = {r.row for r in sequence if r is not None}
    out: dict[int, RowLabel] = {}
    i, n = 0, len(sequence)
    while i < n:
        if sequence[i] is not None:
            i += 1
            continue
        j = i
        while j < n and sequence[j] is None:
            j += 1
        before = next((sequence[k].index for k in range(i - 1, -1, -1) if sequence[k] is not None), -1)
        after = sequence[j].index if j < n else len(rows)
        missing = [r for r in rows if before < r.index < after and r.row not in found]
        if len(missing) == j - i:
            out.update(zip(range(i, j), missing, strict=True))
        i = j
    return out


@cache
def _levels(columns: tuple[str, ...]) -> tuple[dict, dict]:
    """The printed labels of each column (本年增/减 is one label, 申请人情况/自然人 two), and
    per depth the loose keys of the group labels printed there."""
    levels = label_levels(columns)
    siblings: dict[int, set[str]] = {}
    for parts in levels.values():
        for depth, part in enumerate(parts[:-1]):
            siblings.setdefault(depth, set()).add(loose(key(part)))
    return levels, siblings


def column_for(path, columns) -> str | None:
    """The column of `columns` that a header path names (labels printed above a value,
    outermost first), or None when it names none or several."""
    return _column_for(tuple(path), tuple(columns)) if path else None


@lru_cache(maxsize=4096)
def _column_for(path: tuple[str, ...], columns: tuple[str, ...]) -> str | None:
    levels, siblings = _levels(columns)
    # A header text naming two sibling groups (四、…行政复议、行政诉讼情况, a caption over the
    # whole table) tells no column from another: only the others place a column.
    outer = [loose(key(e)) for e in path[:-1]]
    joined = "/".join(e for e in outer if not any(sum(g in e for g in names) >= 2 for names in siblings.values()))
    leaf = loose(key(path[-1]))
    best, best_score, tie = None, 0, False
    for col in columns:
        parts = levels[col]
        want = loose(key(parts[-1]))
        if want != leaf and _similarity(want, leaf, 0.8) < 0.8:
            continue
        score = 1 + sum(loose(key(p)) in joined for p in parts[:-1])
        if score > best_score:
            best, best_score, tie = col, score, False
        elif score == best_score:
            tie = True
    return None if tie else best


def superseded_by(fmt: Format, table: str, path: str):
    """The declared `Superseded` entry whose row a stray printed row stands for, or None.

    The printed path may lack the table's group labels (三、本年度办理结果) and print the
    labels loosely, so its labels' keys are compared with the tail of each declared row."""
    printed = [key(p) for p in path.split(PATH_SEP) if p]
    if not printed:
        return None
    for sup in fmt.superseded:
        if sup.table != table:
            continue
        for row in sup.rows:
            declared = [key(p) for p in row.split(PATH_SEP)]
            if declared[-len(printed):] == printed:
                return sup
    return None


def replaced_rows(fmt: Format, sup) -> list[str]:
    """The rows of `fmt` that a printed row of another revision (`sup`, a `Superseded`) stands
    in place of: a 2019-style undivided （六） replaces the 2021 sub-rows under it, and the
    2021 sub-rows replace the 2019 row above them.  The document prints those rows in the
    other revision's shape, so they are absent, not unread."""
    out = []
    for block in fmt.table(sup.table).blocks:
        for row in block.rows:
            if any(row.startswith(s + PATH_SEP) or s.startswith(row + PATH_SEP) for s in sup.rows):
                out.append(row)
    return out
