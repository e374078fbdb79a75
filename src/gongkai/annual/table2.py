"""表二 for an agency-year, composed from its sources.

Two kinds of source:

- **typed or imported figures** (`Table2Entry`, each with its source noted) for the rows other
  systems keep — 行政许可/处罚/强制 decisions, 行政事业性收费, in 2019–2020 also 上一年项目数量,
  本年增/减 and 政府集中采购 — and for 规章/规范性文件 while the agency keeps no catalogue here;
- **providers**: an app may declare ``table2_provider = "dotted.path.provide"`` in its
  AppConfig, a function ``provide(agency, year: int, fmt) -> dict[address, int | Decimal]``
  returning the 表二 cells it knows (empty when the agency keeps no such data in gongkai).  The
  publishing app's catalogue provides the 第二十条第（一）项 rows.

Where a provider gives a value it replaces the typed one, and the typed value is kept beside
it (``Table2Cell.typed``) so the page can show both when they differ.  A provider that fails,
or gives a value its cell cannot hold, is named in a notice and its value is not used: the
report never silently takes a wrong number.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.utils.module_loading import import_string

from gongkai.formats import Format, ItemsTrend, StockTrend, address, for_year

from . import figures
from .models import Table2Entry

TABLE = "表二"
log = logging.getLogger(__name__)


@dataclass
class Table2Cell:
    address: str
    value: int | Decimal | None = None  # what the report carries
    typed: int | Decimal | None = None
    typed_source: str = ""
    provided: int | Decimal | None = None
    provider: str = ""  # the providing app's verbose name

    @property
    def source(self) -> str:
        if self.provided is not None:
            return f"{self.provider}（自动统计）"
        return self.typed_source

    @property
    def differs(self) -> bool:
        return self.provided is not None and self.typed is not None and self.provided != self.typed


@dataclass
class Table2:
    fmt: Format
    cells: dict[str, Table2Cell]
    notices: list[str] = field(default_factory=list)  # providers that failed or gave bad values

    def values(self) -> dict[str, int | Decimal | None]:
        return {a: c.value for a, c in self.cells.items()}


def providers() -> list[tuple[str, object]]:
    """(app name, provide function) for every installed app that declares a 表二 provider."""
    out = []
    for config in apps.get_app_configs():
        path = getattr(config, "table2_provider", None)
        if path:
            out.append((str(config.verbose_name), import_string(path)))
    return out


def _number(value: Decimal) -> int | Decimal:
    return int(value) if value == value.to_integral_value() else value.normalize()


def typed_entries(agency_id: int, year: int) -> dict[str, Table2Entry]:
    return {e.address: e for e in Table2Entry.objects.filter(agency_id=agency_id, year=year)}


def compose(agency, year: int, fmt: Format | None = None) -> Table2:
    fmt = fmt or for_year(year)
    cells = {a: Table2Cell(a) for a in fmt.addresses(TABLE)}
    out = Table2(fmt, cells)
    for addr, entry in typed_entries(agency.pk, year).items():
        if addr not in cells:  # typed under another format's address (the year's format changed)
            out.notices.append(f"录入的表二数据“{addr}”不属于{fmt.id}年格式，未采用")
            continue
        c = cells[addr]
        c.typed, c.typed_source = _number(entry.value), entry.source
    for name, provide in providers():
        try:
            got = provide(agency, year, fmt)
        except Exception as e:  # a provider is another app's code: its failure must not stop the report
            log.exception("table2 provider %s failed for %s %s", name, agency.pk, year)
            out.notices.append(f"{name}未能提供表二数据（{type(e).__name__}），相关单元格使用录入值")
            continue
        if not isinstance(got, dict):
            out.notices.append(f"{name}提供的表二数据格式不对（应为 单元格 → 数值），未采用")
            continue
        for addr, raw in got.items():
            cell = fmt.cells.get(addr)
            if cell is None or cell.table != TABLE:
                out.notices.append(f"{name}提供了不属于{fmt.id}年格式表二的单元格“{addr}”，未采用")
                continue
            try:
                value = figures.parse(raw, cell)
            except figures.FigureError as e:
                out.notices.append(f"{name}提供的数值无效，未采用：{e}")
                continue
            if value is not None:
                cells[addr].provided, cells[addr].provider = value, name
    for c in cells.values():
        c.value = c.provided if c.provided is not None else c.typed
    return out


def expected_from_previous(fmt: Format, previous, values: dict) -> dict[str, int | Decimal]:
    """Figures last year's report implies for this year, by the format's declared trends:
    2019's 上一年项目数量(N) = 上一年项目数量(N−1) + 本年增/减(N−1); 2021's
    现行有效件数(N) ≈ 现行有效件数(N−1) + 本年制发件数(N) − 本年废止件数(N).

    Only where last year's report used the same trend (the same cells)."""
    if previous is None:
        return {}
    out: dict[str, int | Decimal] = {}
    for trend in (t for t in fmt.trends if t in previous.format.trends):
        if isinstance(trend, ItemsTrend):
            for addr, cell in fmt.cells.items():
                if cell.table != trend.table or cell.column != trend.count:
                    continue
                delta = address(trend.table, cell.row, trend.delta)
                if previous.cells.get(addr) is not None or previous.cells.get(delta) is not None:
                    out[addr] = previous.number(addr) + previous.number(delta)
        elif isinstance(trend, StockTrend):
            for row in trend.rows:
                stock = address(trend.table, row, trend.stock)
                added, removed = (values.get(address(trend.table, row, c)) for c in (trend.added, trend.removed))
                if previous.cells.get(stock) is not None and added is not None and removed is not None:
                    out[stock] = previous.number(stock) + added - removed
    return out
