"""表二's 第二十条第（一）项 rows counted from the catalogue — the provider the annual report asks.

    provide(agency, year, fmt) -> {cell address: count}

Rows and columns come from the format declaration: the block whose caption is Article 20
item （一）, its rows matched to the document kinds by the readers' label key (so 规范性文件
and 行政规范性文件 are the same row), its columns by meaning:

* a format that declares a stock trend for these rows (2021: ``StockTrend`` with ``added``,
  ``removed``, ``stock``) is counted as issued in the year / abolished in the year / in force
  at the year's end;
* otherwise (2019 试行) the block's three columns, in printed order, are made in the year /
  published in the year / published in total by the year's end.

Counting rules (docs/publishing.md has the reasoning):

========================  ===========================================================================
issued (本年制发件数)       published or abolished items of the kind whose 成文日期 falls in the year
abolished (本年废止件数)    items of the kind whose 废止日期 falls in the year
in force (现行有效件数)     published or abolished items of the kind with 成文日期 ≤ 31 Dec and not
                          abolished on or before 31 Dec (so stock(N) = stock(N−1) + issued − abolished)
made (本年新制作数量)       every item of the kind not discarded, whatever its review status, whose
                          成文日期 falls in the year (a document is made whether or not it is published)
published (本年新公开数量)  published or abolished items of the kind whose 发布日期 falls in the year
total (对外公开总数量)      published or abolished items of the kind with 发布日期 ≤ 31 Dec (abolished
                          ones included: they were disclosed)
========================  ===========================================================================

An agency that keeps no catalogue in gongkai — no settings, no ``counts_from_year``, or a year
before it — gets ``{}``: the typed figures stand, nothing is guessed.  One aggregate query.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q

from gongkai.formats import PATH_SEP, Format, StockTrend, address
from gongkai.readers import labels

from .choices import COUNTED_KINDS, PUBLIC_STATUSES, ArticleItem, DocKind, Status
from .models import CatalogueSettings, Item

TABLE = "表二"


class Table2Unsupported(LookupError):
    """The format has no Article 20 item （一） block this module can count."""


def cells(fmt: Format) -> dict[str, dict[str, str]]:
    """``{column meaning: {doc kind: address}}`` for `fmt`'s item （一） block.

    Meanings: ``issued``, ``abolished``, ``in_force`` (a format with a stock trend on these rows),
    or ``made``, ``published``, ``total`` (one without)."""
    table = fmt.table(TABLE)
    b = labels.match_caption(ArticleItem.A20_01.citation, fmt)
    if b is None:
        raise Table2Unsupported(f"{fmt.id} 格式的表二没有{ArticleItem.A20_01.citation}")
    block = table.blocks[b]
    rows: dict[str, str] = {}
    for kind in COUNTED_KINDS:
        want = labels.key(DocKind(kind).label)
        found = [r for r in block.rows if labels.key(r.split(PATH_SEP)[-1]) == want]
        if len(found) != 1:
            raise Table2Unsupported(f"{fmt.id} 格式表二找不到“{DocKind(kind).label}”行")
        rows[kind] = found[0]
    trend = next((t for t in fmt.trends if isinstance(t, StockTrend) and t.table == TABLE
                  and set(rows.values()) <= set(t.rows)), None)
    if trend is not None:
        meanings = {"issued": trend.added, "abolished": trend.removed, "in_force": trend.stock}
    elif len(block.columns) == 3:
        meanings = dict(zip(("made", "published", "total"), block.columns, strict=True))
    else:
        raise Table2Unsupported(f"{fmt.id} 格式表二{ArticleItem.A20_01.citation}的栏目无法识别")
    return {m: {kind: address(TABLE, row, column) for kind, row in rows.items()} for m, column in meanings.items()}


def keeps_catalogue(agency, year: int) -> bool:
    start = CatalogueSettings.objects.filter(agency=agency).values_list("counts_from_year", flat=True).first()
    return start is not None and year >= start


def _filters(year: int) -> dict[str, Q]:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    public = Q(status__in=PUBLIC_STATUSES)
    return {
        "issued": public & Q(written_on__range=(first, last)),
        "abolished": Q(status=Status.ABOLISHED, abolished_on__range=(first, last)),
        "in_force": public & Q(written_on__lte=last) & (Q(abolished_on__isnull=True) | Q(abolished_on__gt=last)),
        "made": ~Q(status=Status.DISCARDED) & Q(written_on__range=(first, last)),
        "published": public & Q(published_on__range=(first, last)),
        "total": public & Q(published_on__lte=last),
    }


def provide(agency, year: int, fmt: Format) -> dict[str, int]:
    """The item （一） cells of 表二 for `agency`'s `year`, counted from its catalogue; {} if it keeps none."""
    if not keeps_catalogue(agency, year):
        return {}
    try:
        addresses = cells(fmt)
    except Table2Unsupported:
        return {}
    conditions = _filters(year)
    aggregates = {
        f"{meaning}:{kind}": Count("pk", filter=conditions[meaning] & Q(doc_kind=kind))
        for meaning in addresses for kind in COUNTED_KINDS
    }
    counts = Item.objects.filter(agency=agency, doc_kind__in=COUNTED_KINDS).aggregate(**aggregates)
    return {addresses[meaning][kind]: counts[f"{meaning}:{kind}"] for meaning in addresses for kind in COUNTED_KINDS}
