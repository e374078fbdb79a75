"""The table parser for a stream of cell texts: tokens in reading order → a `Reading`.

A *token* is a piece of text with where it was found: one per line (plain text, PDF text),
one per table cell, or a whole paragraph whose cells run together.

    >>> from gongkai.readers.tokens import Token, parse_table
    >>> toks = [Token("行政许可", Provenance(line=3)), Token("5", Provenance(line=4)), …]
    >>> reading = parse_table(toks, fmt, "表二")                    # doctest: +SKIP

``parse_table(tokens, fmt, table) -> Reading`` reads one table from the tokens of its
region (the text under its section heading); ``parse_tables(tokens, fmt)`` reads all three
from one stream, switching table at the first label of each.  The caller ends with
``Reading.finish(fmt)`` (tables and rows not found → unknown; placements confirmed).

What it copes with:
- header cells (also broken across tokens: ``本年新`` + ``制作数量``) and the 表三 corner
  text are recognised and skipped; columns are taken in the format's order;
- labels printed over several lines (``(`` ``二`` ``)`` ``部分公开…``; ``1.`` ``属于国家秘密``):
  consecutive short label tokens are joined, then cut at the known labels;
- blank cells: whitespace-only tokens, ``—``, ``/`` → blank (`values`); a row whose values
  are missing (none printed, or fewer blanks than cells) is unknown, not blank;
- values ``+21``, ``-3``, ``251000元``, ``73802895.90元``, ``1,234``;
- labels and values in one token (``1.属于国家秘密 0 0 0 0 0 0 0``), and whole tables run
  together (``规章007规范性文件7777166…``): the token is cut at the known labels; digit runs
  are split by the report's arithmetic (`splits`);
- a row whose label matches nothing (garbled, split beyond joining): placed by the
  format's own row order when exactly as many rows are missing there, and kept only where
  the identities confirm it (`confirm`);
- a row the format does not have (a local row, a 2019-style undivided （六）其他处理 in a
  2021 report): its values go to ``extra_cells`` under ``TABLE|label|column``, with an issue.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache

from ..formats import Format, Kind
from ..formats.model import address
from ..report import Issue, Provenance
from . import labels as L
from .confirm import Placement
from .reading import Reading
from .splits import resolve, row_candidates
from .values import BLANK, UNITS, is_blank, parse_number


@dataclass(frozen=True)
class Token:
    text: str
    where: Provenance


# ---------------------------------------------------------------- light normalisation

_UNIT_ALT = "|".join(UNITS)
_VALUE_PART = re.compile(rf"^(?:[+-]?[\d,]*\d(?:\.\d+)?(?:{_UNIT_ALT})?|[-—–―‐/\\−－／…]+|{_UNIT_ALT})$")
_SPACES = re.compile(r"(\s+)")
_THOUSANDS = re.compile(r"(?<=\d)，(?=\d{3})")
_NUMBERING = re.compile(r"(\d)、")


def _light(text: str) -> str:
    """NFKC, full-width brackets, minus signs unified, whitespace kept only next to digits."""
    # one cell per token is the common layout: its labels and values recur in every report
    return _short_light(text) if len(text) <= L._SHORT else _lighten(text)


def _wide(ch: str) -> bool:
    """CJK, its punctuation and full-width forms: the characters of a label, not of a number."""
    return "\u3000" <= ch <= "\u303f" or "\u4e00" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" or ch in "“”"


def _label_spaces(s: str) -> str:
    """Whitespace between two wide characters removed (inside a label, not between cells).
    A loop rather than a look-around regex: `re` compiles those wide ranges slowly."""
    parts = _SPACES.split(s)
    if len(parts) == 1:
        return s
    out = [parts[0]]
    for i in range(1, len(parts) - 1, 2):
        before, after = out[-1][-1:], parts[i + 1][:1]
        out.append("" if before and after and _wide(before) and _wide(after) else parts[i])
        out.append(parts[i + 1])
    return "".join(out)


def _lighten(text: str) -> str:
    s = L.quotes(unicodedata.normalize("NFKC", text).translate(L._HALF_TO_FULL).replace("−", "-"))
    s = _label_spaces(s)
    s = _THOUSANDS.sub(",", s)  # thousands separator, not a label comma
    return _NUMBERING.sub(r"\1.", s)


_short_light = lru_cache(maxsize=8192)(_lighten)


# ---------------------------------------------------------------- pieces

# piece kinds
ROW, GROUP, CAPTION, HEADER, VALUE, OTHER = "row", "group", "caption", "header", "value", "other"


@dataclass
class _Piece:
    kind: str
    text: str
    where: Provenance
    row: L.RowLabel | None = None
    run: bool = False  # numbers cut out of a longer text (cells printed together): they may be split


@dataclass(frozen=True)
class _Lexicon:
    rows: tuple[L.RowLabel, ...]
    by_key: dict  # key -> (kind, RowLabel | path | block)
    scan: re.Pattern


@cache
def _lexicon(fmt_id: str, table: str) -> _Lexicon:
    from .. import formats

    fmt = formats.get(fmt_id)
    rows = tuple(L.row_labels(fmt, table))
    captions = {b.caption for b in fmt.table(table).blocks if b.caption}
    by_key: dict = {}
    for k in L.column_keys(fmt, table):
        by_key[k] = (HEADER, None)
    for k, path in L.group_labels(fmt, table).items():
        by_key[k] = (CAPTION if path in captions else GROUP, path)
    for r in rows:
        by_key[r.key] = (ROW, r)
    # spellings searched inside run-together text (longest first, so 规范性文件 does
    # not cut 行政规范性文件 and 总计 does not cut （七）总计)
    spellings = set()
    for k in by_key:
        spellings.add(k)
        for long, short in L._SYNONYMS:
            if short in k:
                spellings.add(k.replace(short, long))
    alts = sorted(spellings, key=len, reverse=True)
    scan = re.compile("|".join(re.escape(a) for a in alts))
    return _Lexicon(rows, by_key, scan)


def _is_value(s: str) -> bool:
    # cells recur ("0", "1", " 0"): memoised like the labels
    return _short_is_value(s) if len(s) <= L._SHORT else _value_like(s)


def _value_like(s: str) -> bool:
    parts = s.split()
    return bool(parts) and all(_VALUE_PART.match(p) for p in parts)


_short_is_value = lru_cache(maxsize=8192)(_value_like)


def _classify(text: str, where: Provenance, lex: _Lexicon) -> _Piece:
    k = L.key(text)
    hit = lex.by_key.get(k)
    if hit:
        kind, obj = hit
        return _Piece(kind, text, where, obj if kind == ROW else None)
    if _is_value(text):
        return _Piece(VALUE, text, where)
    r = L.match_row(text, lex.rows)
    if r is not None:
        return _Piece(ROW, text, where, r)
    return _Piece(OTHER, text, where)


_SENTENCE = re.compile(r"[。；;！!？?]")
_LABEL_RUN_MAX = 40  # longer than any label part; prose lines are longer


@lru_cache(maxsize=8192)
def _label_part(s: str) -> bool:
    """A short non-value text: a label, or a piece of one split over lines."""
    return bool(s) and len(s) <= _LABEL_RUN_MAX and not _SENTENCE.search(s) and not _is_value(s)


def _join_labels(tokens) -> list[tuple[str, Provenance]]:
    """The tokens lightened (`_light`), with consecutive short label tokens joined into one:
    a label printed over several lines (``(`` ``二`` ``)`` ``部分公开…``, ``1.`` ``属于国家秘密``)
    is matched whole; labels of different rows or header cells in one joined token are cut
    apart again by the scan.  A whitespace-only token stays "" (a blank cell)."""
    out: list[tuple[str, Provenance]] = []
    run: list[tuple[str, Provenance]] = []
    for tok in tokens:
        s = _light(tok.text).strip()
        if s and _label_part(s):
            run.append((s, tok.where))
            continue
        if run:
            out.append(run[0] if len(run) == 1 else ("".join(x for x, _ in run), run[0][1]))
            run = []
        out.append((s, tok.where))
    if run:
        out.append(run[0] if len(run) == 1 else ("".join(x for x, _ in run), run[0][1]))
    return out


def _pieces(tokens, lex: _Lexicon) -> list[_Piece]:
    out: list[_Piece] = []
    for s, where in _join_labels(tokens):
        if not s:
            out.append(_Piece(VALUE, "", where))
            continue
        if lex.by_key.get(L.key(s)) or _is_value(s):
            out.append(_classify(s, where, lex))
            continue
        hits = list(lex.scan.finditer(s))
        if hits and (any(len(h.group()) >= 4 for h in hits) or _DIGIT.search(s)):
            pos = 0
            for h in hits:
                _gap(s[pos:h.start()], where, lex, out)
                out.append(_classify(h.group(), where, lex))
                pos = h.end()
            _gap(s[pos:], where, lex, out)
        else:
            m = _TRAILING_NUMBERS.match(s)
            if m:  # "2.其他法律行政止公开 0 0 0 …": a label the scan missed, then its values
                out.append(_classify(m.group(1), where, lex))
                out.append(_Piece(VALUE, m.group(2).strip(), where, run=True))
            else:
                out.append(_classify(s, where, lex))
    return out


_DIGIT = re.compile(r"\d")
_TRAILING_NUMBERS = re.compile(rf"^(.*?[^\d\s.,+\-—/])((?:\s+[\d+\-—/.,]+(?:{_UNIT_ALT})?)+)$")
_NUMERIC_RUN = re.compile(r"[\d\s+\-.,—–/\\－／]+(?:万元|元)?")
_LABEL_NUMBER = re.compile(r"(\d{1,2}\.)$")


def _gap(s: str, where: Provenance, lex: _Lexicon, out: list[_Piece]) -> None:
    """Text between two known labels: numbers, or an unknown (local / misspelt) label."""
    if not s.strip():
        return
    if _is_value(s.strip()):
        out.append(_Piece(VALUE, s.strip(), where, run=True))
        return
    pos = 0
    for m in _NUMERIC_RUN.finditer(s):
        if m.start() > pos:
            out.append(_classify(s[pos:m.start()].strip(), where, lex))
        num = m.group()
        # "0000000" + "2.其他…": the row number sticks to the previous row's digits
        nxt = m.end() < len(s)
        label_num = _LABEL_NUMBER.search(num) if nxt else None
        if label_num:
            num = num[: label_num.start()]
        if num.strip():
            out.append(_Piece(VALUE, num.strip(), where, run=True))
        pos = label_num.start() + m.start() if label_num else m.end()
    if pos < len(s) and s[pos:].strip():
        out.append(_classify(s[pos:].strip(), where, lex))


# ---------------------------------------------------------------- rows


@dataclass
class _Row:
    table: str
    path: str  # row path (format row, or the printed label of an extra row)
    columns: tuple[str, ...]
    kinds: tuple[Kind, ...]
    extra: bool
    where: Provenance
    values: list[_Piece] = field(default_factory=list)
    unmatched: bool = False  # a label that matched nothing (may be placed by the row order)
    implicit: bool = False  # 表四's single row, printed without a label
    by_order: bool = False  # placed by the format's row order


_UNIT_ONLY = re.compile(rf"{_UNIT_ALT}")
_SIGN_CUT = re.compile(r"(?<=\d)(?=[+-]\d)")


def _split_values(pieces: list[_Piece]) -> list[tuple[str, Provenance]]:
    """Value pieces → printed cells (text, where): blanks kept, numbers split at spaces and signs."""
    cells: list[tuple[str, Provenance]] = []
    for p in pieces:
        if not p.text.strip():
            cells.append(("", p.where))
            continue
        for part in p.text.split():
            if _UNIT_ONLY.fullmatch(part) and cells:
                cells[-1] = (cells[-1][0] + part, cells[-1][1])
                continue
            # 2648-18538: a sign after a digit starts the next (signed) cell
            for sub in _SIGN_CUT.split(part):
                cells.append((sub, p.where))
    return cells


# ---------------------------------------------------------------- the parser


def parse_tables(tokens, fmt: Format, tables=("表二", "表三", "表四")) -> Reading:
    """All tables from one token stream; a token that is a row label of another table
    (or a header word only that table prints) switches table."""
    spans: list[tuple[str, list]] = []
    current: str | None = None
    for tok in tokens:
        t = _which_table(tok.text, fmt, tables, current)
        if t and t != current:
            current = t
            spans.append((t, []))
        if current:
            spans[-1][1].append(tok)
    out = Reading()
    for t, toks in spans:
        out.merge(parse_table(toks, fmt, t))
    return out


def _which_table(text: str, fmt: Format, tables, current) -> str | None:
    """The table whose row, group label or distinctive header `text` is (None if none)."""
    k = L.key(_light(text))
    for t in tables:
        if t == current:
            continue
        hit = _lexicon(fmt.id, t).by_key.get(k)
        if hit and (hit[0] != HEADER or k in L.distinctive(fmt, t)):
            return t
    return None


@cache
def _block_columns(fmt_id: str, table: str, block_idx: int) -> tuple[tuple[str, ...], tuple[Kind, ...]]:
    from .. import formats

    block = formats.get(fmt_id).table(table).blocks[block_idx]
    return tuple(block.columns), tuple(block.kind_of(c) for c in block.columns)


def parse_table(tokens, fmt: Format, table: str) -> Reading:
    lex = _lexicon(fmt.id, table)
    tdef = fmt.table(table)
    pieces = _pieces(tokens, lex)
    rows: list[_Row] = []
    current: _Row | None = None
    implicit = len(tdef.blocks) == 1 and len(tdef.blocks[0].rows) == 1  # 表四: one unlabelled row
    last_index = -1
    group = ""  # the group label printed last (（三）不予公开), for numbered rows
    found_any = False

    def new_row(path, block_idx, extra, where, **kw) -> _Row:
        cols, kinds = _block_columns(fmt.id, table, block_idx)
        return _Row(table, path, cols, kinds, extra, where, **kw)

    block_idx = 0
    for p in pieces:
        if p.kind == ROW:
            r = p.row
            # a numbered label repeated in several groups (1.…): prefer the next in order
            if r is not None and r.index <= last_index:
                later = L.match_row(p.text, lex.rows[last_index + 1:], (group,))
                if later is not None:
                    r = later
            current = new_row(r.row, r.block, False, p.where)
            rows.append(current)
            last_index = r.index
            block_idx = r.block
            found_any = True
        elif p.kind == CAPTION:
            current = None
            b = L.match_caption(p.text, fmt)
            block_idx = b if b is not None else block_idx
            found_any = True
        elif p.kind == GROUP:
            path = lex.by_key[L.key(p.text)][1]
            group = L.key(p.text)
            current = new_row(path, block_idx, True, p.where)  # only kept if values follow
            rows.append(current)
            found_any = True
        elif p.kind == HEADER:
            if current is not None and current.implicit and not any(not is_blank(v.text) for v in current.values):
                rows.remove(current)  # blank header cells of 表四, not its data row
            current = None
            found_any = True
        elif p.kind == OTHER:
            text = L.normalize(p.text)
            if current is not None and current.values:
                current = None
            # a label: Chinese, or numbered like a row (6.□□□□ when the rest is illegible)
            if len(text) <= 40 and (any("\u4e00" <= ch <= "\u9fff" for ch in text) or L.split_number(text)[0]):
                current = new_row(text, block_idx, True, p.where, unmatched=True)
                rows.append(current)
            else:
                current = None
        else:  # VALUE
            if current is None and implicit:
                # 表四 cut into several small tables: one row, its values in the format's order
                current = next((r for r in rows if r.implicit), None)
                if current is None:
                    r = lex.rows[0]
                    current = new_row(r.row, 0, False, p.where, implicit=True)
                    rows.append(current)
            if current is not None:
                current.values.append(p)

    _place_by_order(rows, lex, fmt, table)
    out = Reading()
    if found_any or any(not r.extra and r.values for r in rows):
        out.tables.add(table)
    pending = []
    for row in rows:
        if row.extra:
            _extra_row(row, fmt, out)
            continue
        if (table, row.path) in out.rows:
            continue  # a header row repeated after a page break, or a second copy
        out.rows.add((table, row.path))
        _row_values(row, fmt, out, pending)
    if pending:
        resolve(pending, fmt, table, out)
    return out


def _row_values(row: _Row, fmt: Format, out: Reading, pending: list) -> None:
    """One located row's printed cells → cells read, unknown, or digit runs to split."""
    table = row.table
    cells = _split_values(row.values)
    n = len(row.columns)
    addrs = [address(table, row.path, c) for c in row.columns]
    where = row.values[0].where if row.values else row.where
    while len(cells) > n and not cells[-1][0].strip():
        cells.pop()  # blank fillers after the row (merged label cells copied down)
    if row.by_order:
        out.placements.append(Placement(frozenset(addrs), "order", fmt.short_label(table, row.path), where))
    if not cells or (len(cells) < n and all(is_blank(c[0]) for c in cells)):
        out.unread(addrs, Issue("row-unread", f"{table}「{fmt.short_label(table, row.path)}」一行印有 {len(cells)} 个数值，"
                                              f"格式有 {n} 列，无法确定各列（记为未知，不作空白）", where, tuple(addrs)))
        return
    inferred = row.by_order
    if len(cells) == n:
        try:
            vals = [parse_number(t, k) for (t, _), k in zip(cells, row.kinds, strict=True)]
        except ValueError:
            vals = None
        if vals is not None:
            cells_out, prov, unknown = out.cells, out.provenance, out.unknown
            for a, v, (_, w) in zip(addrs, vals, cells, strict=True):  # Reading.set, inlined: the hot loop
                cells_out[a] = None if v is BLANK else v
                prov[a] = w.but(inferred=True) if inferred else w
                unknown.discard(a)
            return
    # Digits are cut only where the document printed cells together (in one text with the
    # label, or several numbers in one line): a number on a line of its own is one cell.
    together = any(p.run or len(p.text.split()) > 1 for p in row.values)
    cands = row_candidates(cells, row.kinds) if len(cells) < n and together else []
    if not cands:
        out.unread(addrs, Issue("row-unread", f"{table}「{fmt.short_label(table, row.path)}」一行的数值无法与 {n} 个"
                                              f"单元格对应：{' '.join(c[0] or '空' for c in cells)}", where, tuple(addrs)))
        return
    pending.append((row.path, row.columns, cands, where))


def _place_by_order(rows: list[_Row], lex: _Lexicon, fmt: Format, table: str) -> None:
    """Rows whose label matched nothing but which carry numbers, placed by the format's
    row order where exactly as many rows are missing there (`labels.place_by_order`)."""
    data = [r for r in rows if (not r.extra or r.unmatched and r.values)
            and not (r.unmatched and L.superseded_by(fmt, table, r.path))]
    if not any(r.unmatched for r in data):
        return
    by_path = {r.row: r for r in lex.rows}
    sequence = [None if r.unmatched else by_path.get(r.path) for r in data]
    for i, target in L.place_by_order(sequence, lex.rows).items():
        row = data[i]
        cols, kinds = _block_columns(fmt.id, table, target.block)
        row.path, row.columns, row.kinds = target.row, cols, kinds
        row.extra, row.unmatched, row.by_order = False, False, True


def _extra_row(row: _Row, fmt: Format, out: Reading) -> None:
    cells = _split_values(row.values)
    while cells and not cells[-1][0].strip():
        cells.pop()
    if not cells:
        return
    n = len(row.columns)
    try:
        vals = [parse_number(t, k) for (t, _), k in zip(cells, row.kinds, strict=False)]
    except ValueError:
        return
    if len(cells) != n:
        return  # numbers that do not fill the row: too unsure to record
    label = row.path.split("/")[-1]
    for c, v in zip(row.columns, vals, strict=False):
        out.extra_cells[f"{row.table}|{row.path}|{c}"] = None if v is BLANK else v
    where = row.values[0].where if row.values else row.where
    sup = L.superseded_by(fmt, row.table, row.path)
    if sup is not None:
        out.superseded.append(sup)
        out.issues.append(Issue("superseded-row", sup.reader_note, where))
    else:
        out.issues.append(Issue("extra-row", f"{row.table}印有格式之外的一行“{label}”，其数值记入 extra_cells", where))
