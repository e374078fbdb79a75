"""The national annual-report formats as data, and how to pick one.

    >>> from gongkai.formats import for_year
    >>> for_year(2020).id, for_year(2023).id
    ('2019', '2021')
"""

from __future__ import annotations

from .model import (
    PATH_SEP,
    SEP,
    Block,
    Cell,
    Format,
    Identity,
    ItemsTrend,
    Kind,
    Outcome,
    Roles,
    StockTrend,
    Superseded,
    Table,
    address,
    label_levels,
    split_address,
)
from .national import (
    APPEAL_KIND_IDS,
    APPEAL_RESULT_IDS,
    APPLICANT_COLUMNS,
    FORMAT_2019,
    FORMAT_2021,
    SECTIONS,
    T3_CARRIED_FORWARD,
    T3_CARRIED_OVER,
    T3_COLUMNS,
    T3_CONCLUDED,
    T3_NEW,
    T3_OTHER_2019,
    T3_OTHER_2021,
    T3_OUTCOMES_COMMON_HEAD,
    T3_TOTAL_COLUMN,
    T4_COLUMNS,
    T4_GROUPS,
    T4_LEAVES,
    T4_ROW,
)

FORMATS: dict[str, Format] = {f.id: f for f in (FORMAT_2019, FORMAT_2021)}
FIRST_YEAR = 2019


class FormatError(ValueError):
    """A year or format id that no national format covers."""


def for_year(year: int) -> Format:
    """The format in force for reports on `year` (≤2020 → 2019 试行, ≥2021 → 2021).

    Where several formats cover a year (an open-ended one and a later revision), the one that
    starts latest wins: declaring the next revision from its first year is all it takes."""
    if not isinstance(year, int) or isinstance(year, bool):
        raise FormatError(f"年度必须是整数: {year!r}")
    if year < FIRST_YEAR:
        raise FormatError(
            f"{year}年度的年报早于全国统一格式（2019年起施行），其表格版式各地不一，gongkai 不支持"
            f" (report year {year} predates the 2019 national format)"
        )
    covering = [f for f in FORMATS.values() if year >= f.years[0] and (f.years[1] is None or year <= f.years[1])]
    if not covering:
        raise FormatError(f"no format for {year}")  # unreachable while the last format is open-ended
    return max(covering, key=lambda f: f.years[0])


def register(fmt: Format) -> Format:
    """Add a declared format (the next national revision, or a test's made-up one).

    Everything that looks formats up (`for_year`, `get`, readers, writers, interchange) finds it
    from then on.  An id already taken by a different declaration is refused: caches are kept
    by id."""
    existing = FORMATS.get(fmt.id)
    if existing is not None and existing is not fmt:
        raise FormatError(f"年报格式 {fmt.id!r} 已有另一份声明 (format id already declared)")
    FORMATS[fmt.id] = fmt
    return fmt


def get(format_id: str | int) -> Format:
    try:
        return FORMATS[str(format_id)]
    except KeyError:
        raise FormatError(f"未知的年报格式 {format_id!r}（可选: {', '.join(FORMATS)}）") from None


def outcome_rows(fmt: Format) -> tuple[str, ...]:
    """The leaf result rows of 表三 — exactly one of these per concluded application."""
    return fmt.outcome_rows


__all__ = [
    "APPEAL_KIND_IDS", "APPEAL_RESULT_IDS", "APPLICANT_COLUMNS", "Block", "Cell", "FIRST_YEAR", "FORMATS", "FORMAT_2019", "FORMAT_2021",
    "Format", "FormatError", "Identity", "ItemsTrend", "Kind", "Outcome", "Roles", "StockTrend", "Superseded", "PATH_SEP", "SECTIONS", "SEP", "T3_CARRIED_FORWARD",
    "T3_CARRIED_OVER", "T3_COLUMNS", "T3_CONCLUDED", "T3_NEW", "T3_OTHER_2019", "T3_OTHER_2021",
    "T3_OUTCOMES_COMMON_HEAD", "T3_TOTAL_COLUMN", "T4_COLUMNS", "T4_GROUPS", "T4_LEAVES", "T4_ROW",
    "Table", "address", "for_year", "label_levels", "get", "outcome_rows", "register", "split_address",
]
