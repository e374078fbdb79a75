"""The table parser shared by the readers: tokens in reading order → cells of 表二/表三/表四.

A *token* is a piece of text with where it was found: one per table cell (HTML, DOCX),
one per line (plain text, PDF text), or a whole paragraph whose cells run together.

    >>> from gongkai.readers.tokens import Token, parse_table
    >>> toks = [Token("行政许可", "第 3 行"), Token("5", "第 4 行"), Token("-3", "第 5 行"), Token("2", "第 6 行")]
    >>> parsed = parse_table(toks, fmt, "表二")                     # doctest: +SKIP
    >>> parsed.apply(report)                                        # doctest: +SKIP

``parse_table(tokens, fmt, table) -> Parsed`` reads one table from the tokens of its
region (the text under its section heading, or one table's cells);
``parse_tables(tokens, fmt)`` reads all three from one stream, switching table at the
first label of each.  ``Parsed`` holds ``cells``, ``provenance``, ``unknown``,
``extra_cells``, ``document_issues`` and ``apply(report)`` merges them into a Report.

What it copes with:
- header cells (also broken across tokens: ``本年新`` + ``制作数量``) and the 表三 corner
  text are recognised and skipped; columns are taken in the format's order;
- blank cells: whitespace-only tokens, ``—``, ``/``, ``－`` → None; a row label with no
  values at all (a PDF drops blank cells) → all None; surplus trailing blanks (merged
  label cells copied down by a web page) are dropped;
- values ``+21``, ``-3``, ``251000元``, ``73802895.90元``, ``1,234``;
- labels and values in one token (``1.属于国家秘密 0 0 0 0 0 0 0``), and whole tables run
  together (``规章007规范性文件7777166…``): the token is cut at the known labels;
- digit runs (``200 000121`` for seven cells): every split into the row's cells is
  enumerated (no leading zeros; a sign only in 本年增/减; a decimal only in an amount),
  then the report's own arithmetic (``fmt.identities``) picks: first the row rules
  (T3-2, T4-1) per row, then the column rules (T3-1, T3-3) jointly; the candidates that
  satisfy the most rule instances win, a cell on which all winners agree is set and
  marked inferred, any other cell is put in ``unknown`` (never guessed);
- a row the format does not have (a local row, a 2019-style undivided （六）其他处理
  in a 2021 report): its values go to ``extra_cells`` under ``TABLE|label|column`` and
  a line to ``document_issues``;
- a row whose values cannot be placed (too many numbers, or fewer numbers than cells
  with nothing to split) → its cells are ``unknown``.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache

from ..formats import Format, Kind
from ..formats.model import address
from ..report import Provenance, Report, Value
from . import labels as L


@dataclass(frozen=True)
class Token:
    text: str
    where: str  # provenance: "第 57 行", "表格 3 第 4 行第 2 列", "第 2 页"


@dataclass
class Parsed:
    cells: dict[str, Value] = field(default_factory=dict)
    provenance: dict[str, Provenance] = field(default_factory=dict)
    unknown: set[str] = field(default_factory=set)
    extra_cells: dict[str, Value] = field(default_factory=dict)
    document_issues: list[str] = field(default_factory=list)
    tables: set[str] = field(default_factory=set)  # tables found

    def merge(self, other: Parsed) -> None:
        self.cells.update(other.cells)
        self.provenance.update(other.provenance)
        self.unknown |= other.unknown
        self.extra_cells.update(other.extra_cells)
        self.document_issues.extend(other.document_issues)
        self.tables |= other.tables

    def apply(self, report: Report) -> Report:
        for a, v in self.cells.items():
            if a in report.cells:
                report.cells[a] = v
        report.provenance.update(self.provenance)
        report.unknown |= self.unknown
        for a in self.unknown:
            report.cells[a] = None
        report.extra_cells.update(self.extra_cells)
        report.document_issues.extend(self.document_issues)
        return report


# ---------------------------------------------------------------- values

_BLANK_MARKS = frozenset({"", "-", "—", "——", "–", "/", "\\", "−", "－", "／", "…"})
_UNIT = re.compile(r"(万元|元|件|个|项|条|次)$")
_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_VALUE_PART = re.compile(r"^(?:[+-]?[\d,]*\d(?:\.\d+)?(?:万元|元|件|个|项|条|次)?|[-—–/\\−－／…]+|万元|元|件|个|项|条|次)$")
_BLANK = object()  # a printed blank, distinct from a value
_CJK = re.compile(r"[\u4e00-\u9fff]")


_WIDE = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”"


_LABEL_SPACE = re.compile(rf"(?<=[{_WIDE}])\s+(?=[{_WIDE}])")
_THOUSANDS = re.compile(r"(?<=\d)，(?=\d{3})")
_NUMBERING = re.compile(r"(\d)、")


def _light(text: str) -> str:
    """NFKC, full-width brackets, minus signs unified, whitespace kept only next to digits."""
    # one cell per token is the common layout: its labels and values recur in every report
    return _short_light(text) if len(text) <= L._SHORT else _lighten(text)


def _lighten(text: str) -> str:
    s = L.quotes(unicodedata.normalize("NFKC", text).translate(L._HALF_TO_FULL).replace("−", "-"))
    s = _LABEL_SPACE.sub("", s)  # spaces inside a label, not between cells
    s = _THOUSANDS.sub(",", s)  # thousands separator, not a label comma
    return _NUMBERING.sub(r"\1.", s)


_short_light = lru_cache(maxsize=8192)(_lighten)


def parse_number(text: str, kind: Kind) -> Value | object:
    """A printed cell → int / Decimal / _BLANK; ValueError when it is not a number."""
    s = unicodedata.normalize("NFKC", text).strip().replace("−", "-").replace(",", "")
    if s in _BLANK_MARKS or set(s) <= set("-—–/\\－／"):
        return _BLANK
    s = _UNIT.sub("", s).strip().removeprefix("+")
    if not _NUMBER.match(s):
        raise ValueError(text)
    try:
        d = Decimal(s)
    except InvalidOperation:
        raise ValueError(text) from None
    if d != d.to_integral_value():
        if kind != Kind.AMOUNT:
            raise ValueError(text)
        return d
    if d < 0 and kind != Kind.SIGNED:
        raise ValueError(text)
    return int(d)


# ---------------------------------------------------------------- pieces

# piece kinds
ROW, GROUP, CAPTION, HEADER, VALUE, OTHER = "row", "group", "caption", "header", "value", "other"


@dataclass
class _Piece:
    kind: str
    text: str
    where: str
    row: L.RowLabel | None = None


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
    by_key: dict = {}
    for k in L.column_keys(fmt, table):
        by_key[k] = (HEADER, None)
    for k, path in L.group_labels(fmt, table).items():
        by_key[k] = (CAPTION if path.startswith("第二十条") else GROUP, path)
    for r in rows:
        by_key[r.key] = (ROW, r)
    # spellings searched inside run-together text (longest first, so 规范性文件 does
    # not cut 行政规范性文件 and 总计 does not cut （七）总计)
    spellings = set()
    for k in by_key:
        spellings.add(k)
        if "规范性文件" in k:
            spellings.add(k.replace("规范性文件", "行政规范性文件"))
    alts = sorted(spellings, key=len, reverse=True)
    scan = re.compile("|".join(re.escape(a) for a in alts))
    return _Lexicon(rows, by_key, scan)


def _is_value(s: str) -> bool:
    parts = s.split()
    return bool(parts) and all(_VALUE_PART.match(p) for p in parts)


def _classify(text: str, where: str, lex: _Lexicon) -> _Piece:
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


def _label_part(s: str) -> bool:
    """A short non-value text: a label, or a piece of one split over lines."""
    return bool(s) and len(s) <= _LABEL_RUN_MAX and not _SENTENCE.search(s) and not _is_value(s)


def _join_labels(tokens) -> list[Token]:
    """Consecutive short label tokens joined into one: a label printed over several lines
    (``(`` ``二`` ``)`` ``部分公开`` …, ``1.`` ``属于国家秘密``) is matched whole; labels
    of different rows or header cells in one joined token are cut apart again by the scan."""
    out: list[Token] = []
    run: list[Token] = []

    def flush():
        if len(run) == 1:
            out.append(run[0])
        elif run:
            out.append(Token("".join(_light(t.text).strip() for t in run), run[0].where))
        run.clear()

    for tok in tokens:
        if tok.text.strip() and _label_part(_light(tok.text).strip()):
            run.append(tok)
            continue
        flush()
        out.append(tok)
    flush()
    return out


def _pieces(tokens, lex: _Lexicon) -> list[_Piece]:
    out: list[_Piece] = []
    for tok in _join_labels(tokens):
        raw = tok.text
        if not raw.strip():
            out.append(_Piece(VALUE, "", tok.where))
            continue
        s = _light(raw).strip()
        if lex.by_key.get(L.key(s)) or _is_value(s):
            out.append(_classify(s, tok.where, lex))
            continue
        hits = list(lex.scan.finditer(s))
        if hits and (any(len(h.group()) >= 4 for h in hits) or _DIGIT.search(s)):
            pos = 0
            for h in hits:
                _gap(s[pos:h.start()], tok.where, lex, out)
                out.append(_classify(h.group(), tok.where, lex))
                pos = h.end()
            _gap(s[pos:], tok.where, lex, out)
        else:
            m = _TRAILING_NUMBERS.match(s)
            if m:  # "2.其他法律行政止公开 0 0 0 …": a label the scan missed, then its values
                out.append(_classify(m.group(1), tok.where, lex))
                out.append(_Piece(VALUE, m.group(2).strip(), tok.where))
            else:
                out.append(_classify(s, tok.where, lex))
    return out


_DIGIT = re.compile(r"\d")
_TRAILING_NUMBERS = re.compile(r"^(.*?[^\d\s.,+\-—/])((?:\s+[\d+\-—/.,]+(?:万元|元)?)+)$")


_NUMERIC_RUN = re.compile(r"[\d\s+\-.,—–/\\－／]+(?:万元|元)?")
_LABEL_NUMBER = re.compile(r"(\d{1,2}\.)$")


def _gap(s: str, where: str, lex: _Lexicon, out: list[_Piece]) -> None:
    """Text between two known labels: numbers, or an unknown (local / misspelt) label."""
    if not s.strip():
        return
    if _is_value(s.strip()):
        out.append(_Piece(VALUE, s.strip(), where))
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
            out.append(_Piece(VALUE, num.strip(), where))
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
    values: list[_Piece] = field(default_factory=list)
    label_where: str = ""


_UNIT_ONLY = re.compile(r"万元|元|件|个|项|条|次")
_SIGN_CUT = re.compile(r"(?<=\d)(?=[+-]\d)")


def _split_values(pieces: list[_Piece]) -> list[tuple[str, str]]:
    """Value pieces → printed cells (text, where): blanks kept, numbers split at spaces and signs."""
    cells: list[tuple[str, str]] = []
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
    the first cell's length, then the second's, and so on."""
    n, size = len(kinds), len(text)
    if n == 1:
        try:
            v = parse_number(text, kinds[0])
        except ValueError:
            return []
        return [] if v is _BLANK else [(v,)]
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


def _row_candidates(cells: list[tuple[str, str]], kinds: tuple[Kind, ...]) -> list[tuple[Value, ...]]:
    """Assign each printed piece 1..k cells (blank pieces exactly 1) and split the runs."""
    n, m = len(kinds), len(cells)
    texts = [c[0] for c in cells]
    blank = [not t.strip() or parse_is_blank(t) for t in texts]
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


def parse_is_blank(text: str) -> bool:
    try:
        return parse_number(text, Kind.COUNT) is _BLANK
    except ValueError:
        return False


# ---------------------------------------------------------------- the parser


def parse_tables(tokens, fmt: Format, tables=("表二", "表三", "表四")) -> Parsed:
    """All tables from one token stream; a token that is a row label of another table
    (or 表四's header) switches table."""
    spans: list[tuple[str, list]] = []
    current: str | None = None
    for tok in tokens:
        t = _which_table(tok.text, fmt, tables, current)
        if t and t != current:
            current = t
            spans.append((t, []))
        if current:
            spans[-1][1].append(tok)
    out = Parsed()
    for t, toks in spans:
        out.merge(parse_table(toks, fmt, t))
    return out


@cache
def _distinctive(fmt_id: str) -> dict[str, set[str]]:
    """Header keys that open 表三/表四 when met in one stream of all tables."""
    from .. import formats

    corner = formats.get(fmt_id).table("表三").corner or ""
    return {"表三": {L.key(corner), "申请人情况"}, "表四": {"行政复议"}}


def _which_table(text: str, fmt: Format, tables, current) -> str | None:
    """The table whose row, group label or distinctive header `text` is (None if none)."""
    k = L.key(_light(text))
    distinctive = _distinctive(fmt.id)
    for t in tables:
        if t == current:
            continue
        hit = _lexicon(fmt.id, t).by_key.get(k)
        if hit and (hit[0] != HEADER or k in distinctive.get(t, ())):
            return t
    return None


@cache
def _block_columns(fmt_id: str, table: str, block_idx: int) -> tuple[tuple[str, ...], tuple[Kind, ...]]:
    from .. import formats

    block = formats.get(fmt_id).table(table).blocks[block_idx]
    return tuple(block.columns), tuple(block.kind_of(c) for c in block.columns)


def parse_table(tokens, fmt: Format, table: str) -> Parsed:
    lex = _lexicon(fmt.id, table)
    tdef = fmt.table(table)
    pieces = _pieces(tokens, lex)
    rows: list[_Row] = []
    current: _Row | None = None
    implicit = len(tdef.blocks) == 1 and len(tdef.blocks[0].rows) == 1  # 表四: one unlabelled row
    last_index = -1
    order = {r.row: i for i, r in enumerate(lex.rows)}
    found_any = False

    def new_row(path, block_idx, extra, where) -> _Row:
        cols, kinds = _block_columns(fmt.id, table, block_idx)
        return _Row(table, path, cols, kinds, extra, label_where=where)

    block_idx = 0
    for p in pieces:
        if p.kind == ROW:
            r = p.row
            # a numbered label repeated in several groups (1.…): prefer the next in order
            if r is not None and order[r.row] <= last_index:
                later = L.match_row(p.text, lex.rows[last_index + 1:])
                if later is not None:
                    r = later
            current = new_row(r.row, r.block, False, p.where)
            rows.append(current)
            last_index = order[r.row]
            block_idx = r.block
            found_any = True
        elif p.kind == CAPTION:
            current = None
            b = L.match_caption(p.text, fmt)
            block_idx = b if b is not None else block_idx
            found_any = True
        elif p.kind == GROUP:
            path = lex.by_key[L.key(p.text)][1]
            current = new_row(path, block_idx, True, p.where)  # only kept if values follow
            rows.append(current)
            found_any = True
        elif p.kind == HEADER:
            if current is not None and current.label_where == "(implicit)":
                rows.remove(current)  # blank header cells of 表四, not its data row
            current = None
            found_any = True
        elif p.kind == OTHER:
            text = L.normalize(p.text)
            if current is not None and current.values:
                current = None
            if _CJK.search(text) and len(text) <= 40:
                current = new_row(text, block_idx, True, p.where)
                rows.append(current)
            else:
                current = None
        else:  # VALUE
            if current is None and implicit:
                r = lex.rows[0]
                current = new_row(r.row, 0, False, "(implicit)")
                rows.append(current)
            if current is not None:
                current.values.append(p)

    out = Parsed()
    if found_any or any(not r.extra and r.values for r in rows):
        out.tables.add(table)
    pending: list[tuple[_Row, list[tuple[Value, ...]], str]] = []
    seen: set[str] = set()
    for row in rows:
        if row.extra:
            _extra_row(row, fmt, out)
            continue
        if row.path in seen:
            continue  # a header row repeated after a page break, or a second copy
        seen.add(row.path)
        cells = _split_values(row.values)
        n = len(row.columns)
        addrs = [address(table, row.path, c) for c in row.columns]
        where = row.values[0].where if row.values else row.label_where
        while len(cells) > n and not cells[-1][0].strip():
            cells.pop()  # blank fillers after the row (merged label cells copied down)
        if not cells or all(not c[0].strip() for c in cells) and len(cells) < n:
            for a in addrs:
                out.cells[a] = None
                out.provenance[a] = Provenance(where)
            continue
        if len(cells) == n:
            try:
                vals = [parse_number(t, k) for (t, _), k in zip(cells, row.kinds, strict=True)]
            except ValueError:
                vals = None
            if vals is not None:
                for a, v, (_, w) in zip(addrs, vals, cells, strict=True):
                    out.cells[a] = None if v is _BLANK else v
                    out.provenance[a] = Provenance(w)
                continue
        cands = _row_candidates(cells, row.kinds) if len(cells) < n else []
        if not cands:
            out.unknown.update(addrs)
            out.document_issues.append(
                f"{table}“{row.path.split('/')[-1]}”一行（{where}）的数值无法与 {n} 个单元格对应："
                f"{' '.join(c[0] or '空' for c in cells)}")
            continue
        pending.append((row, cands, where))
    if pending:
        _resolve(pending, fmt, table, out)
    return out


def _extra_row(row: _Row, fmt: Format, out: Parsed) -> None:
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
        out.extra_cells[f"{row.table}|{row.path}|{c}"] = None if v is _BLANK else v
    where = row.values[0].where if row.values else row.label_where
    sup = L.superseded_by(fmt, row.table, row.path)
    if sup is not None:
        out.document_issues.append(f"T3-7: {sup.reader_note}（{where}）")
    else:
        out.document_issues.append(f"{row.table}印有格式之外的一行“{label}”（{where}），其数值记入 extra_cells")


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


def _resolve(pending, fmt: Format, table: str, out: Parsed) -> None:
    """Choose among digit-run splits by the table's identities; set what all winners agree on."""
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
    rows = []
    for row, cands, where in pending:
        addrs = [address(table, row.path, c) for c in row.columns]
        own = _own_instances(fmt.id, table, tuple(addrs))
        if own and len(cands) > 1:
            scored = []
            for c in cands:
                vals = dict(zip(addrs, c, strict=True))
                scored.append((sum(1 for inst in own if holds(vals, inst)), c))
            best = max(s for s, _ in scored)
            rows.append((row, addrs, [c for s, c in scored if s == best], where))
        else:  # one split, or no rule within the row: nothing to rank
            rows.append((row, addrs, list(cands), where))

    # joint choice among rows still ambiguous, by the column rules
    multi = [i for i, r in enumerate(rows) if len(r[2]) > 1]
    combos_total = 1
    for i in multi:
        combos_total *= len(rows[i][2])
    if multi and combos_total <= 50000:
        multi_cells = frozenset(a for i in multi for a in rows[i][1])
        cross = [inst for inst in instances if not inst[2].isdisjoint(multi_cells)]
        # only the cells the column rules read are copied for each combination
        needed = frozenset().union(*(inst[2] for inst in cross))
        multi_set = set(multi)
        base = {a: v for a, v in known.items() if a in needed}
        for i, (_, addrs, cands, _) in enumerate(rows):
            if i not in multi_set:
                base.update((a, v) for a, v in zip(addrs, cands[0], strict=True) if a in needed)
        best, winners = -1, []
        for combo in itertools.product(*(rows[i][2] for i in multi)):
            vals = base  # every combination writes the same cells: no copy needed
            for i, c in zip(multi, combo, strict=True):
                vals.update(zip(rows[i][1], c, strict=True))
            score = sum(1 for inst in cross if holds(vals, inst))
            if score > best:
                best, winners = score, [combo]
            elif score == best:
                winners.append(combo)
        for j, i in enumerate(multi):
            row, addrs, _, where = rows[i]
            rows[i] = (row, addrs, list(dict.fromkeys(w[j] for w in winners)), where)

    for row, addrs, cands, where in rows:
        undecided = []
        for k, (a, col) in enumerate(zip(addrs, row.columns, strict=True)):
            options = {c[k] for c in cands}
            if len(options) == 1:
                out.cells[a] = options.pop()
                out.provenance[a] = Provenance(where, inferred=True)
            else:
                out.unknown.add(a)
                out.cells.pop(a, None)
                undecided.append(col.removeprefix("申请人情况/"))
        if undecided:
            out.document_issues.append(
                f"{table}“{row.path.split('/')[-1]}”一行（{where}）的数字连在一起，可有 {len(cands)} 种拆分，"
                f"无法确定：{'、'.join(undecided)}（已标为未知）")
