"""Matching printed labels to the format's rows, columns and block captions.

Published reports print the national labels with small differences: spaces and
line breaks inside a label, half-width brackets and dots, ``1、`` for ``1.``, the
Kangxi radical ``⼀`` for ``一`` (some PDFs), ``规范性文件`` for ``行政规范性文件`` (and
back), headings lengthened by the agency, long labels wrapped over two lines.  This
module turns text into a *key* that is equal for all those spellings, and matches
keys against labels derived from `gongkai.formats` (no hand-written label tables).

API (all pure functions; `fmt` is a `gongkai.formats.Format`):

- ``normalize(text) -> str``: NFKC, every whitespace removed (incl. U+3000, U+00A0),
  brackets/colons/commas mapped to the format's full-width forms, quotes to “”,
  numbering written the format's way (``(1)``/``1、``/``1．`` → ``1.``, ``一.`` → ``一、``).
- ``key(text) -> str``: ``normalize`` plus folding of known local synonyms
  (``行政规范性文件`` ≈ ``规范性文件``).  Compare keys, never raw text.
- ``split_number(text) -> (prefix, rest)``: ``"（三）不予公开"`` → ``("（三）", "不予公开")``.
- ``row_labels(fmt, table) -> list[RowLabel]``: the data rows of a table in printed order;
  ``RowLabel(table, row, block, label, key, prefix, rest)`` (``row`` is the full row path
  used in addresses, ``label`` its last part as printed).
- ``group_labels(fmt, table) -> dict[key, path]``: label-only rows (``三、本年度办理结果``,
  ``（三）不予公开``; for 表二 the block captions ``第二十条第（一）项``), by key.
- ``match_row(text, rows) -> RowLabel | None``: the best-matching row among ``rows``
  (pass the rows you expect next, in order, to disambiguate ``1.`` rows); tolerant of
  wrapped (truncated) labels, lengthened labels and one-character typos.
- ``match_caption(text, fmt) -> int | None``: the 表二 block index for a caption.
- ``column_keys(fmt, table) -> set[str]``: keys of every column header part (to skip).
- ``heading_keys(fmt)``: keys of the table header words (信息内容, 申请人情况 …) to skip.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache, lru_cache

from ..formats import PATH_SEP, Format

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


@dataclass(frozen=True)
class RowLabel:
    table: str
    row: str  # full row path, as in addresses
    block: int
    label: str  # last part, as printed by the format
    key: str
    prefix: str
    rest: str


@cache
def _rows(fmt_id: str, table: str) -> tuple[RowLabel, ...]:
    from .. import formats

    fmt = formats.get(fmt_id)
    out = []
    for b, block in enumerate(fmt.table(table).blocks):
        for row in block.rows:
            label = row.split(PATH_SEP)[-1]
            k = key(label)
            prefix, rest = split_number(k)
            out.append(RowLabel(table, row, b, label, k, prefix, rest))
    return tuple(out)


def row_labels(fmt: Format, table: str) -> list[RowLabel]:
    return list(_rows(fmt.id, table))


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
    """Index of the 表二 block whose caption (第二十条第（X）项) `text` is."""
    k = key(text)
    for b, block in enumerate(fmt.table("表二").blocks):
        if block.caption and key(block.caption) == k:
            return b
    return None


@cache
def _column_keys(fmt_id: str, table: str) -> frozenset[str]:
    from .. import formats

    fmt = formats.get(fmt_id)
    out = set()
    t = fmt.table(table)
    for block in t.blocks:
        for col in block.columns:
            out.update(key(p) for p in col.split(PATH_SEP))
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


def _score(k: str, r: RowLabel) -> float:
    if k == r.key:
        return 1.0
    prefix, rest = split_number(k)
    if prefix:
        if prefix != r.prefix or not rest:
            return 0.0
        if len(rest) >= 2 and (r.rest.startswith(rest) or rest.startswith(r.rest)):
            return 0.9  # wrapped over two lines, or lengthened by the agency
        ratio = SequenceMatcher(None, rest, r.rest).ratio()
        return 0.85 * ratio if ratio >= 0.75 else 0.0  # a typo, e.g. 其他法律行政止公开
    if k == r.rest and len(r.rest) >= 4:
        return 0.8  # printed without its number
    if not r.prefix and len(r.rest) >= 4 and r.rest in k and len(k) - len(r.rest) <= 4:
        return 0.7  # 表二 row lengthened, e.g. 政府集中采购项目
    return 0.0


def match_row(text: str, rows: list[RowLabel] | tuple[RowLabel, ...]) -> RowLabel | None:
    """The best match for `text` among `rows` (ties: the earliest); None if nothing fits."""
    k = key(text)
    if not k:
        return None
    best, best_score = None, 0.0
    for r in rows:
        s = _score(k, r)
        if s > best_score:
            best, best_score = r, s
            if s == 1.0:
                break
    return best


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
