"""The region's summary (汇总) and its years, from the reports the office holds (`Entry.report`).

Scope is the office's choice and is always said: ``all`` — the government's own report plus
every agency below it; ``departments`` — the agencies below it only.  Agencies whose report has
not been received are listed as missing; the sum is of what was received.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gongkai import checks, interchange
from gongkai.checks import Finding
from gongkai.formats import address
from gongkai.report import Report

from .models import Entry, Source
from .region import Row, summarize
from .selectors import region_agencies

SCOPES = {"all": "本级政府及所辖机关", "departments": "仅所辖机关（不含本级政府）"}


@dataclass
class Summary:
    government: object
    year: int
    scope: str
    report: Report | None
    findings: list[Finding]
    included: list[Row] = field(default_factory=list)
    missing: list = field(default_factory=list)  # agencies with no report received

    @property
    def scope_name(self) -> str:
        return SCOPES[self.scope]


def _reports(government, year: int, scope: str) -> tuple[list[Row], list]:
    agencies = region_agencies(government)
    if scope == "departments":
        agencies = agencies[1:]
    entries = {e.agency_id: e for e in Entry.objects.filter(agency_id__in=[a.pk for a in agencies], year=year)
               .exclude(report__isnull=True).only("agency_id", "report", "source", "document_id")}
    rows, missing = [], []
    for a in agencies:
        e = entries.get(a.pk)
        if e is None:
            missing.append(a)
            continue
        report = interchange.from_dict(e.report)
        corrected = _corrected(e) if e.source == Source.UPLOAD else set()
        rows.append(Row(a.name, dict(Source.choices)[e.source], report, corrected))
    return rows, missing


def _corrected(entry: Entry) -> set[str]:
    from .models import Correction

    return set(Correction.objects.filter(document_id=entry.document_id).values_list("address", flat=True))


def build(government, year: int, scope: str = "all") -> Summary:
    scope = scope if scope in SCOPES else "all"
    rows, missing = _reports(government, year, scope)
    if not rows:
        return Summary(government, year, scope, None, [], rows, missing)
    name = f"{government.name}（{SCOPES[scope]}汇总）"
    report = summarize([r.report for r in rows], name)
    report.title = f"{government.name}{year}年政府信息公开工作年度报告汇总"
    return Summary(government, year, scope, report, checks.check(report), rows, missing)


# ---------------------------------------------------------------- years

KEY_ROWS = ("new", "carried_over", "concluded", "carried_forward")
KEY_NAMES = {"new": "本年新收", "carried_over": "上年结转", "concluded": "本年办结", "carried_forward": "结转下年度"}


def key_figures(report: Report) -> dict[str, int | None]:
    """The 表三 totals people compare across years, read through the format's roles."""
    roles = report.format.roles
    out = {}
    for key in KEY_ROWS:
        addr = address("表三", getattr(roles, key), roles.total_column)
        out[key] = None if addr in report.unknown else report.cells.get(addr)
    reconsideration = address("表四", roles.appeal_row, f"{roles.appeal_groups[0]}/{roles.appeal_total}")
    litigation = [address("表四", roles.appeal_row, f"{g}/{roles.appeal_total}") for g in roles.appeal_groups[1:]]
    out["reconsideration"] = None if reconsideration in report.unknown else report.cells.get(reconsideration)
    lit = [report.cells.get(a) for a in litigation]
    out["litigation"] = None if any(a in report.unknown for a in litigation) or all(v is None for v in lit) \
        else sum(v or 0 for v in lit)
    return out


def outcome_groups(report: Report) -> list[tuple[str, int | None]]:
    """（一）…（六）: the 表三 outcome groups summed over their sub-rows, labels from the format."""
    roles = report.format.roles
    groups: dict[str, int | None] = {}
    for row in report.format.outcome_rows:
        parts = row.split("/")
        label = report.format.short_label("表三", "/".join(parts[:2]))
        addr = address("表三", row, roles.total_column)
        v = None if addr in report.unknown else report.cells.get(addr)
        if label not in groups:
            groups[label] = None
        if v is not None:
            groups[label] = (groups[label] or 0) + v
    return list(groups.items())


def agency_years(agency, years: list[int]) -> dict[int, Report]:
    return {e.year: interchange.from_dict(e.report)
            for e in Entry.objects.filter(agency=agency, year__in=years).exclude(report__isnull=True)}


def region_years(government, years: list[int], scope: str = "all") -> dict[int, Summary]:
    return {y: s for y in years if (s := build(government, y, scope)).report is not None}


def finding_trend(government, years: list[int]) -> list[tuple[int, int, int]]:
    """(year, errors, warnings) counted against the region's agencies, per year."""
    from django.db.models import Sum

    ids = government.descendants_ids()
    out = []
    for y in years:
        agg = Entry.objects.filter(agency_id__in=ids, year=y).exclude(report__isnull=True).aggregate(
            e=Sum("errors"), w=Sum("warnings"))
        out.append((y, agg["e"] or 0, agg["w"] or 0))
    return out
