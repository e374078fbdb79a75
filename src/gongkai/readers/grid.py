"""Real table grids (HTML, DOCX, PDF ruling lines) → the cells of 表二/表三/表四.

The token stream of `tokens.py` loses what HTML, DOCX and ruled PDF tables keep: which
cell spans which rows and columns.  Here a table is a 2-D matrix of slots, each slot
pointing at the cell that covers it, so a label printed once with rowspan (三、本年度办理结果,
（三）不予公开) is part of every row it spans, and a value's column is known either by its
order in the row or by the header printed above it.

A row is read as: label cells on the left, then the trailing run of value-like cells
(numbers, blanks, dashes).  The label finds the format row; the values map to the
format's columns by order when the count matches, otherwise by the header geometry;
when neither is sure the cell is `unknown`, never guessed.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from ..formats import Format, Kind, address, label_levels
from ..report import Provenance, Value
from .labels import superseded_by

# ---------------------------------------------------------------- the grid


@dataclass(eq=False)  # identity matters: one object per printed cell, shared by its slots
class GridCell:
    text: str
    row: int  # origin slot (0-based) inside its grid
    col: int
    rowspan: int = 1
    colspan: int = 1
    where: str = ""  # provenance of the printed cell, e.g. "表格2 第3行第4列"


@dataclass
class Grid:
    """A table with spans resolved: `slots[r][c]` is the cell covering (r, c), or None."""

    slots: list[list[GridCell | None]]
    where: str = ""  # e.g. "表格2", "第3页 表格1"
    # A PDF table that starts at the top of a page may continue the previous page's table.
    continues: bool = False
    # Headings printed right above the table (Markdown ``### 行政复议``); the last one names
    # the group of its columns, all of them may name the table.
    context: tuple[str, ...] = ()

    @property
    def width(self) -> int:
        return max((len(r) for r in self.slots), default=0)


def grid_from_rows(rows: list[list[tuple[str, int, int]]], where: str) -> Grid:
    """HTML-style rows (cells given left to right as (text, rowspan, colspan), skipping
    slots already covered by a rowspan from above) → a resolved Grid."""
    slots: list[list[GridCell | None]] = []
    for r, row in enumerate(rows):
        while len(slots) <= r:
            slots.append([])
        c = 0
        for text, rowspan, colspan in row:
            line = slots[r]
            while c < len(line) and line[c] is not None:
                c += 1
            rowspan = max(1, min(rowspan, len(rows) - r))  # a rowspan past the table end is clipped
            colspan = max(1, min(colspan, 100))
            cell = GridCell(text, r, c, rowspan, colspan, f"{where} 第{r + 1}行第{c + 1}列")
            for dr in range(rowspan):
                while len(slots) <= r + dr:
                    slots.append([])
                target = slots[r + dr]
                while len(target) < c + colspan:
                    target.append(None)
                for dc in range(colspan):
                    if target[c + dc] is None:
                        target[c + dc] = cell
            c += colspan
    return Grid(slots, where)


# ---------------------------------------------------------------- text and values

_SPACE = re.compile(r"\s+")
_ENUM = re.compile(r"^(?:[一二三四五六七八九十]+[、.]|[（(][一二三四五六七八九十\d]+[）)][、.]?|\d+[.、)）]?)")
_CAPTION = re.compile(r"第二十条第[（(]([一二三四五六七八九十]+)[）)]项")
_BLANKS = {"", "-", "—", "——", "–", "―", "/", "\\", "／", "无", "空", "×", "x", "X", "…", "...", "——/"}
_NUMBER = re.compile(r"^([+-]?)(\d+(?:\.\d+)?)(万元|元|件|个|条|项|次|人|宗)?$")


@lru_cache(maxsize=8192)
def norm(text: str) -> str:
    """NFKC (full-width → half-width, Kangxi radicals → CJK), no whitespace, one quote style."""
    t = unicodedata.normalize("NFKC", text or "")
    t = _SPACE.sub("", t)
    return t.replace("“", '"').replace("”", '"').replace("(", "（").replace(")", "）").replace(",", "，")


@lru_cache(maxsize=8192)
def _key(label: str) -> str:
    """A label without its enumerator (三、 （三） 1.) and punctuation, for matching."""
    t = norm(label)
    t = _ENUM.sub("", t)
    return re.sub(r"[\"'，、。：:；;]", "", t)


@lru_cache(maxsize=8192)
def _enum_of(label: str) -> str | None:
    m = _ENUM.match(norm(label))
    return re.sub(r"[、.)）（(]", "", m.group(0)) if m else None


@dataclass(frozen=True)
class Parsed:
    ok: bool  # False: the text is not a readable value (the cell becomes unknown)
    value: Value = None
    note: str | None = None  # something worth telling the reader (a unit written in the cell)


@lru_cache(maxsize=8192)
def is_value_text(text: str) -> bool:
    t = norm(text).replace("，", "")
    return t in _BLANKS or bool(_NUMBER.match(t))


@lru_cache(maxsize=8192)
def parse_value(text: str, kind: Kind) -> Parsed:
    """Printed cell text → value.  Blank, dash and slash are blank (None), never 0."""
    t = norm(text).replace("，", "")
    if t in _BLANKS:
        return Parsed(True, None)
    m = _NUMBER.match(t)
    if not m:
        return Parsed(False, note=f"无法识别的数值「{text.strip()}」")
    sign, digits, unit = m.groups()
    note = f"单元格写有单位「{unit}」" if unit else None
    try:
        d = Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the regex admits only digits
        return Parsed(False)
    if sign == "-":
        if kind != Kind.SIGNED:
            return Parsed(False, note=f"此处不应为负数「{text.strip()}」")
        d = -d
    if kind == Kind.AMOUNT:
        return Parsed(True, int(d) if d == d.to_integral_value() else d.normalize(), note)
    if d != d.to_integral_value():
        return Parsed(False, note=f"应为整数，实为「{text.strip()}」")
    return Parsed(True, int(d), note)


# ---------------------------------------------------------------- the format's rows, for matching


@dataclass
class _RowTarget:
    table: str
    row: str  # the format's row path
    columns: tuple[str, ...]
    kinds: dict[str, Kind]
    group: str | None  # enumerator of the parent group, e.g. "三" for （三）不予公开
    number: str | None  # the leaf's own enumerator, e.g. "2"


def _targets(fmt: Format) -> list[_RowTarget]:
    out = []
    for table in fmt.tables:
        for block in table.blocks:
            for row in block.rows:
                parts = row.split("/")
                group = _enum_of(parts[-2]) if table.key == "表三" and len(parts) >= 2 else None
                out.append(_RowTarget(table.key, row, block.columns,
                                      {c: block.kind_of(c) for c in block.columns},
                                      group, _enum_of(parts[-1])))
    return out


@dataclass
class Extraction:
    """What the grids said, ready to go into a Report."""

    cells: dict[str, Value] = field(default_factory=dict)
    provenance: dict[str, Provenance] = field(default_factory=dict)
    unknown: set[str] = field(default_factory=set)
    extra_cells: dict[str, Value] = field(default_factory=dict)
    issues: list[str] = field(default_factory=list)
    rows_matched: int = 0
    placements: list = field(default_factory=list)  # confirm.Placement: positional mappings to confirm
    superseded: list = field(default_factory=list)  # formats.Superseded rows the document prints

    def tables_found(self) -> set[str]:
        return {a.split("|", 1)[0] for a in (*self.cells, *self.unknown)}


# ---------------------------------------------------------------- reading rows


def _row_cells(grid: Grid, r: int) -> list[GridCell]:
    out: list[GridCell] = []
    for cell in grid.slots[r]:
        if cell is not None and (not out or out[-1] is not cell) and cell not in out:
            out.append(cell)
    return out


def _table_of_header(texts: list[str]) -> str | None:
    joined = "".join(norm(t) for t in texts)
    if "信息内容" in joined or _CAPTION.search(joined):
        return "表二"
    if "申请人情况" in joined or "自然人" in joined or "商业企业" in joined:
        return "表三"
    if "行政复议" in joined or "行政诉讼" in joined or "结果维持" in joined:
        return "表四"
    return None


@lru_cache(maxsize=4)
def _matcher(format_id: str) -> _Matcher:
    from .. import formats

    return _Matcher(formats.get(format_id))


class _Matcher:
    def __init__(self, fmt: Format):
        self.fmt = fmt
        self.targets = _targets(fmt)
        self.by_key: dict[tuple[str, str], list[_RowTarget]] = {}
        for t in self.targets:
            self.by_key.setdefault((t.table, _key(t.row.split("/")[-1])), []).append(t)

    def match(self, labels: list[str], table_hint: str | None) -> _RowTarget | None:
        """The format row a printed row label names, or None."""
        labels = [x for x in labels if norm(x)]
        if not labels:
            return None
        leaf = labels[-1]
        k = _key(leaf)
        tables = [table_hint] if table_hint else []
        tables += [t for t in ("表三", "表二", "表四") if t not in tables]
        for table in tables:
            found = self.by_key.get((table, k))
            if found:
                return self._pick(found, labels)
        if not k:
            return None
        # Small differences: a lengthened label, a typo, a missing word.
        for table in tables:
            cands = [t for t in self.targets if t.table == table]
            best, score = None, 0.0
            for t in cands:
                tk = _key(t.row.split("/")[-1])
                if len(tk) >= 4 and len(k) >= 4 and (tk in k or k in tk):
                    s = 0.9 + 0.1 * min(len(tk), len(k)) / max(len(tk), len(k))
                else:
                    s = difflib.SequenceMatcher(None, k, tk).ratio()
                if s > score:
                    best, score = t, s
            if best is not None and score >= 0.8 and self._context_fits(best, labels):
                return best
        # A badly garbled label keeps its place: （三） + "2." names one row.
        number = _enum_of(leaf)
        groups = [_enum_of(x) for x in labels[:-1]]
        if number and number.isdigit() and groups:
            for t in self.targets:
                if t.table == "表三" and t.number == number and t.group in groups:
                    return t
        return None

    def _context_fits(self, t: _RowTarget, labels: list[str]) -> bool:
        # If the printed row names a group (（三）), it must be the target's group.
        groups = {_enum_of(x) for x in labels[:-1]} - {None}
        group_like = {g for g in groups if g and not g.isdigit() and len(g) <= 2}
        if t.group is None or not group_like:
            return True
        return t.group in group_like or any(_key(x) in t.row for x in labels[:-1] if _key(x))

    @staticmethod
    def _pick(found: list[_RowTarget], labels: list[str]) -> _RowTarget:
        if len(found) == 1:
            return found[0]
        joined = "".join(_key(x) for x in labels)
        return max(found, key=lambda t: sum(_key(p) in joined for p in t.row.split("/")))


class _LazyPaths:
    """Header paths, computed only when a row needs its columns placed by geometry."""

    def __init__(self, grid: Grid, rows: list[int]):
        self.grid, self.rows, self._paths = grid, rows, None
        self.prefix = [norm(x) for x in grid.context[-1:]]

    def __bool__(self) -> bool:
        return bool(self.rows)

    def get(self, c: int, default):
        if self._paths is None:
            self._paths = _column_paths(self.grid, self.rows)
        path = self._paths.get(c)
        return self.prefix + path if path else default


def _column_paths(grid: Grid, header_rows: list[int]) -> dict[int, list[str]]:
    """Grid column → the header labels printed above it, top to bottom."""
    paths: dict[int, list[str]] = {}
    for c in range(grid.width):
        seen: list[GridCell] = []
        for r in header_rows:
            row = grid.slots[r]
            cell = row[c] if c < len(row) else None
            if cell is not None and cell not in seen and norm(cell.text):
                seen.append(cell)
        paths[c] = [norm(x.text) for x in seen]
    return paths


def _column_by_geometry(columns: tuple[str, ...], path: list[str]) -> str | None:
    if not path:
        return None
    levels = label_levels(columns)  # 本年增/减 is one label, 申请人情况/自然人 two
    # A header text naming two sibling groups (四、…行政复议、行政诉讼情况, a caption over the
    # whole table) tells no column from another: only the others place a column.
    siblings: dict[int, set[str]] = {}
    for parts in levels.values():
        for depth, part in enumerate(parts[:-1]):
            siblings.setdefault(depth, set()).add(norm(part))
    joined = "/".join(e for e in path[:-1] if not any(
        sum(g in norm(e) for g in names) >= 2 for names in siblings.values())) + "/" + path[-1]
    best, best_score, tie = None, 0, False
    for col in columns:
        parts = levels[col]
        leaf_ok = _key(parts[-1]) == _key(path[-1]) or difflib.SequenceMatcher(
            None, _key(parts[-1]), _key(path[-1])).ratio() >= 0.8
        if not leaf_ok:
            continue
        score = 1 + sum(norm(p) in joined for p in parts[:-1])
        if score > best_score:
            best, best_score, tie = col, score, False
        elif score == best_score:
            tie = True
    return None if tie else best


def extract(grids: list[Grid], fmt: Format) -> Extraction:
    """Read every grid, in document order, into the cells of `fmt`."""
    ex = Extraction()
    matcher = _matcher(fmt.id)
    located: dict[str, tuple[_RowTarget, str]] = {}  # rows found: format row -> (target, where)
    header: _LazyPaths | dict = {}
    table_ctx: str | None = None
    prev_width = -1
    for grid in grids:
        if not (grid.continues and grid.width == prev_width):
            header, table_ctx = {}, _table_of_header(list(grid.context))
        prev_width = grid.width
        header_rows: list[int] = []
        in_header = False
        for r in range(len(grid.slots)):
            cells = _row_cells(grid, r)
            if not cells:
                continue
            run = 0
            while run < len(cells) and is_value_text(cells[-1 - run].text):
                run += 1
            labels = cells[: len(cells) - run]
            values = cells[len(cells) - run:]
            has_number = any(norm(c.text) not in _BLANKS for c in values)
            label_texts = [c.text for c in labels]
            caption = next((_CAPTION.search(norm(t)) for t in label_texts if _CAPTION.search(norm(t))), None)
            kind = _table_of_header(label_texts)
            header_like = run == 0 or (not has_number and kind is not None)
            target = None if header_like else matcher.match(label_texts, table_ctx)
            if target is None and not has_number:
                # A header or caption row: remember the labels above each column.
                if kind:
                    table_ctx = kind
                if not in_header:
                    header_rows, in_header = [], True
                header_rows.append(r)
                header = _LazyPaths(grid, list(header_rows))
                continue
            in_header = False
            if caption and target is None:
                continue
            if target is None and table_ctx == "表四" and has_number and (
                    not labels or _key(labels[-1].text) in ("合计", "总计", "")):
                target = next(t for t in matcher.targets if t.table == "表四")
            if target is None:
                if table_ctx and has_number:
                    _extra_row(ex, fmt, table_ctx, labels, values)
                continue
            table_ctx = target.table
            located.setdefault(target.row, (target, values[0].where if values else grid.where))
            ex.rows_matched += 1
            _read_row(ex, target, values, header, r, grid.width)
    for target, where in located.values():
        missing = [c for c in target.columns if address(target.table, target.row, c) not in ex.cells
                   and address(target.table, target.row, c) not in ex.unknown]
        if missing:
            ex.unknown.update(address(target.table, target.row, c) for c in missing)
            ex.issues.append(f"「{target.row}」一行（{where}）格式有 {len(target.columns)} 列，"
                             f"其中 {len(missing)} 列的数值无法确定，记为未知")
    return ex


def _read_row(ex: Extraction, target: _RowTarget, values: list[GridCell], header, r: int, width: int):
    from .confirm import Placement

    n = len(target.columns)
    assigned: dict[str, GridCell] = {}
    positional = False
    if len(values) == n:
        assigned = dict(zip(target.columns, values, strict=True))
        positional = True
    elif len(values) > n and all(not norm(c.text) for c in values[: len(values) - n]):
        # Blank label cells (a group without sub-items) sit before the values.
        assigned = dict(zip(target.columns, values[len(values) - n:], strict=True))
        positional = True
    elif header:
        for cell in values:
            col = _column_by_geometry(target.columns, header.get(cell.col, []))
            if col and col not in assigned:
                assigned[col] = cell
    # Values placed by their order under a header that does not name the format's columns (a
    # converter's placeholders 数据1…数据6, an invented header line): kept only if the
    # arithmetic agrees.  A header naming them all fixes the order even where its spans are off.
    unconfirmed = positional and header and not set(target.columns) <= {
        _column_by_geometry(target.columns, header.get(c, [])) for c in range(width)}
    placed = []
    for col in target.columns:
        addr = address(target.table, target.row, col)
        cell = assigned.get(col)
        if cell is None:
            continue
        if addr in ex.cells or addr in ex.unknown:
            ex.issues.append(f"「{target.row}」在表格中出现不止一次，只取第一次（{cell.where}）")
            continue
        if cell.row != r and norm(cell.text):  # one printed value spanning several rows
            ex.unknown.add(addr)
            ex.issues.append(f"{cell.where}: 数值单元格跨行合并，无法确定属于哪一行")
            continue
        p = parse_value(cell.text, target.kinds[col])
        if not p.ok:
            ex.unknown.add(addr)
            ex.issues.append(f"{cell.where}: {p.note}")
            continue
        if p.note:
            ex.issues.append(f"{cell.where}: {p.note}")
        ex.cells[addr] = p.value
        ex.provenance[addr] = Provenance(cell.where, inferred=bool(unconfirmed))
        placed.append(addr)
    if unconfirmed and placed:
        ex.placements.append(Placement(frozenset(placed), "position", target.row.split("/")[-1]))


def _extra_row(ex: Extraction, fmt: Format, table: str, labels: list[GridCell], values: list[GridCell]):
    """A numbered row the format does not have (local rows, a 2019 row in a 2021 report)."""
    path = "/".join(dict.fromkeys(_SPACE.sub("", c.text) for c in labels if norm(c.text)))
    if not path:
        return
    columns = fmt.table(table).blocks[0].columns if table != "表二" else ()
    if len(values) > len(columns) and columns and all(not norm(c.text) for c in values[: len(values) - len(columns)]):
        values = values[len(values) - len(columns):]
    names = columns if len(values) == len(columns) else tuple(f"第{i + 1}列" for i in range(len(values)))
    for name, cell in zip(names, values, strict=False):
        p = parse_value(cell.text, Kind.AMOUNT)
        if p.ok:
            ex.extra_cells[address(table, path, name)] = p.value
    where = values[0].where if values else labels[-1].where
    sup = superseded_by(fmt, table, path)
    if sup is not None:
        ex.superseded.append(sup)
        ex.issues.append(f"{where}: {sup.reader_note}")
    else:
        ex.issues.append(f"{where}: {table}多出格式中没有的一行「{path}」，数值记入 extra_cells")
