"""The draft's own content, changed only here: 表二 figures with their sources, and the sections.

Both refuse a locked year (`annual.guard`), check the role, write inside one transaction and
audit what changed.  A refused submission saves nothing; the form shows every problem at once.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.agencies.models import Agency, Role
from gongkai.agencies.permissions import has_role, is_administrator
from gongkai.casework import audit
from gongkai.casework.errors import InvalidInput, NotAllowed, StaleVersion
from gongkai.formats import for_year
from gongkai.web.textfields import refuse_control_characters

from . import figures
from .guard import refuse_locked
from .models import AnnualReport, Table2Entry

EDITORS = (Role.HANDLER, Role.HEAD, Role.ADMIN)
MAX_SECTION = 20_000  # characters per section: a long report's 总体情况 is ~5,000
MAX_SOURCE = 200


class Table2Invalid(InvalidInput):
    """Figures refused; `errors` maps each refused cell address to its message."""

    def __init__(self, errors: dict[str, str]):
        first = next(iter(errors.values()))
        super().__init__(f"有 {len(errors)} 项数据未通过检查，全部未保存。{first}", field="figures")
        self.errors = errors


def may_edit(actor, agency: Agency) -> bool:
    return getattr(actor, "is_superuser", False) or is_administrator(actor) or has_role(actor, agency, *EDITORS)


def _audit_value(v) -> str | None:
    return None if v is None else (format(v.normalize(), "f") if isinstance(v, Decimal) else str(v))


def do_enter_table2(actor, agency: Agency, year: int, *, figures_in: dict[str, object], sources: dict[str, str],
                    action: str = "annual.table2") -> dict[str, tuple]:
    """Set 表二 figures of `agency`'s `year`: address → raw text (empty clears the cell), each
    non-empty one with its source.  Returns address → (old, new) for the cells that changed."""
    if not may_edit(actor, agency):
        raise NotAllowed(f"您不是{agency.name}的公开工作人员，不能填报其表二")
    fmt = for_year(year)
    parsed: dict[str, object] = {}
    errors: dict[str, str] = {}
    clean_sources: dict[str, str] = {}
    for addr, raw in figures_in.items():
        cell = fmt.cells.get(addr)
        if cell is None or cell.table != "表二":
            errors[addr] = f"“{addr}”不是{year}年度（{fmt.id}年格式）表二的单元格"
            continue
        try:
            parsed[addr] = figures.parse(raw, cell)
        except figures.FigureError as e:
            errors[addr] = str(e)
            continue
        source = (sources.get(addr) or "").strip()
        if parsed[addr] is not None:
            try:
                refuse_control_characters(source, "来源")
            except ValidationError as e:
                errors[addr] = e.messages[0]
                continue
            if not source:
                errors[addr] = f"{figures.cell_name(cell)}请注明数据来源（如“行政审批系统导出”）"
            elif len(source) > MAX_SOURCE:
                errors[addr] = f"{figures.cell_name(cell)}的来源不能超过 {MAX_SOURCE} 个字"
            clean_sources[addr] = source[:MAX_SOURCE]
    if errors:
        raise Table2Invalid(errors)
    changed: dict[str, tuple] = {}
    with transaction.atomic():
        refuse_locked(agency.pk, year, year, "修改表二数据", "表二")
        existing = {e.address: e for e in Table2Entry.objects.select_for_update().filter(
            agency=agency, year=year, address__in=list(parsed))}
        for addr, value in parsed.items():
            entry = existing.get(addr)
            old = None if entry is None else (int(entry.value) if entry.value == entry.value.to_integral_value()
                                              else entry.value.normalize())
            if value is None:
                if entry is not None:
                    entry.delete()
                    changed[addr] = (old, None)
                continue
            if entry is None:
                Table2Entry.objects.create(agency=agency, year=year, address=addr, value=Decimal(value),
                                           source=clean_sources[addr], entered_by=actor)
                changed[addr] = (None, value)
            elif old != value or entry.source != clean_sources[addr]:
                entry.value, entry.source, entry.entered_by = Decimal(value), clean_sources[addr], actor
                entry.save()
                changed[addr] = (old, value)
        if changed:
            target = AnnualReport.objects.get_or_create(agency=agency, year=year)[0]
            audit.record(actor, action, target,
                         {a: _audit_value(o) for a, (o, _) in changed.items()},
                         {a: _audit_value(n) for a, (_, n) in changed.items()},
                         f"{year}年度表二：更新 {len(changed)} 项")
    return changed


def _section_summary(text: str) -> str:
    return f"{len(text)} 字：{text[:80]}" if text else "（空）"


def do_save_sections(actor, agency: Agency, year: int, *, sections: dict[int, str],
                     expected_version: int | None = None) -> AnnualReport:
    """Save the sections' text (1–6; the ones not given stay as they are)."""
    if not may_edit(actor, agency):
        raise NotAllowed(f"您不是{agency.name}的公开工作人员，不能编写其年报")
    fmt = for_year(year)
    clean: dict[str, str] = {}
    for n, text in sections.items():
        if n not in range(1, 7):
            raise InvalidInput(f"年报只有六个部分，没有第 {n} 部分", field="sections")
        text = (text or "").replace("\r\n", "\n").strip()
        title = fmt.section_title(n)
        if len(text) > MAX_SECTION:
            raise InvalidInput(f"“{title}”不能超过 {MAX_SECTION} 字（现有 {len(text)} 字）", field=f"section_{n}")
        try:
            refuse_control_characters(text, title)
        except ValidationError as e:
            raise InvalidInput(e.messages[0], field=f"section_{n}") from None
        clean[str(n)] = text
    with transaction.atomic():
        refuse_locked(agency.pk, year, year, "修改年报正文", "正文")
        draft, _ = AnnualReport.objects.select_for_update().get_or_create(agency=agency, year=year)
        if expected_version is not None and draft.version != expected_version:
            raise StaleVersion(f"{year}年度年报已被他人修改（当前版本 {draft.version}，您看到的是版本 "
                               f"{expected_version}）。请刷新后核对；您填写的内容未保存")
        changed = [k for k, v in clean.items() if draft.sections.get(k, "") != v]
        if not changed:
            return draft
        before = {k: _section_summary(draft.sections.get(k, "")) for k in changed}
        draft.sections = {**draft.sections, **clean}
        draft.version += 1
        draft.updated_by = actor if getattr(actor, "pk", None) else None
        draft.save()
        audit.record(actor, "annual.sections", draft, before,
                     {k: _section_summary(clean[k]) for k in changed},
                     f"{year}年度年报正文：修改 " + "、".join(fmt.section_title(int(k)).split("、")[0] for k in changed))
    return draft
