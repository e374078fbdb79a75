"""Index numbers given at publication, from the agency's scheme and a counter per scope.

Gap rules (docs/publishing.md): a number is taken inside the transaction that publishes the
item, so a draft that is discarded, rejected or rolled back never uses one; serials in a scope
run 1, 2, 3 … without gaps.  Two things skip serials on purpose: a number an import brought
with it is kept, and the counter moves past the highest imported serial of its scope (or past
any number already taken in it); a changed scheme starts new scopes.  A given number never
changes and is never given again.
"""

from __future__ import annotations

from gongkai.agencies.models import Agency
from gongkai.casework.models import Sequence

from .. import indexno
from ..errors import SchemeInvalid
from ..models import CatalogueSettings, Item


def settings_for(agency: Agency) -> CatalogueSettings:
    found = CatalogueSettings.objects.filter(agency=agency).first()
    return found or CatalogueSettings.objects.create(agency=agency)


def scheme_for(settings: CatalogueSettings) -> indexno.Scheme:
    try:
        return indexno.Scheme(settings.index_template, settings.agency_code, settings.serial_width)
    except indexno.SchemeError as e:
        raise SchemeInvalid(f"{settings.agency.name}的索引号格式无法使用：{e}") from None


def _counter(agency: Agency, scope: tuple[str, int]) -> Sequence:
    series, year = scope
    seq, _ = Sequence.objects.select_for_update().get_or_create(agency=agency, year=year, series=series)
    return seq


def allocate(agency: Agency, category: str, year: int) -> str:
    """The next free number of the scope; call inside the publishing transaction."""
    scheme = scheme_for(settings_for(agency))
    seq = _counter(agency, scheme.scope(category, year))
    for _ in range(10_000):
        seq.last += 1
        number = scheme.render(category, year, seq.last)
        if not Item.objects.numbered().filter(index_number=number).exists():
            seq.save(update_fields=["last"])
            return number
    raise SchemeInvalid(f"{agency.name}的索引号流水号连续 10000 个已被占用，请检查索引号格式")


def allocate_many(agency: Agency, wanted: list[tuple[str, int]], taken: set[str]) -> list[str]:
    """Numbers for many items at once (imports): one counter lock per scope."""
    scheme = scheme_for(settings_for(agency))
    counters: dict[tuple[str, int], Sequence] = {}
    out = []
    for category, year in wanted:
        scope = scheme.scope(category, year)
        if scope not in counters:
            counters[scope] = _counter(agency, scope)
        seq = counters[scope]
        while True:
            seq.last += 1
            number = scheme.render(category, year, seq.last)
            if number not in taken:
                break
        taken.add(number)
        out.append(number)
    for seq in counters.values():
        seq.save(update_fields=["last"])
    return out


def advance_past(agency: Agency, numbers: list[str]) -> None:
    """Move each scope's counter past the serials imported numbers already use."""
    scheme = scheme_for(settings_for(agency))
    highest: dict[tuple[str, int], int] = {}
    for number in numbers:
        parts = scheme.parse(number)
        if not parts:
            continue  # made by another scheme: it cannot collide with ours
        scope = scheme.scope(parts.get("category", ""), int(parts.get("year") or 0))
        highest[scope] = max(highest.get(scope, 0), int(parts["serial"]))
    for scope, serial in highest.items():
        seq = _counter(agency, scope)
        if seq.last < serial:
            seq.last = serial
            seq.save(update_fields=["last"])
