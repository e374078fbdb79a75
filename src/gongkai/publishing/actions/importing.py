"""Importing an existing catalogue (CSV/XLSX; the columns are in `publishing.importer`).

A dry run reads and checks every row against the file and the catalogue and reports each
row it would refuse with every reason; it writes nothing.  The real import does the same,
then writes the accepted rows in one transaction (all of them or, on a database conflict,
none) and reports the refused ones; re-importing a corrected file adds only what is new,
because rows already in the catalogue are refused as duplicates.

Rows with a 发布日期 come in as published: the import is their recorded review, so only a
保密审查员 of the agency may import them (the dry run says so).  Rows without one are drafts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction

from gongkai.agencies.models import Agency, Role
from gongkai.agencies.permissions import has_role
from gongkai.casework import audit
from gongkai.casework.calendar import platform_calendar

from .. import clock, importer, search
from ..choices import PUBLIC_STATUSES, ArticleItem, Status
from ..errors import ImportRefused, NotAllowed
from ..models import ImportBatch, Item, ItemStep
from ..permissions import may_import
from ..rules import doc_number_key
from .common import today_or
from .numbering import advance_past, allocate_many

CHUNK = 500


@dataclass
class ImportResult:
    filename: str
    rows: int
    accepted: int
    refused: list[tuple[int, list[str]]]  # (row number, reasons)
    warnings: list[str] = field(default_factory=list)
    published: int = 0  # accepted rows that come in as published
    needs_reviewer: bool = False  # published rows, and the actor is not a reviewer
    dry_run: bool = True
    imported: int = 0
    batch_id: int | None = None

    @property
    def summary(self) -> str:
        verb = "将导入" if self.dry_run else "已导入"
        n = self.accepted if self.dry_run else self.imported
        return (f"{self.filename}：共 {self.rows} 行，{verb} {n} 条（其中已发布 {self.published} 条），"
                f"拒绝 {len(self.refused)} 行")


def _chunks(values: list, n: int = CHUNK):
    for i in range(0, len(values), n):
        yield values[i:i + n]


def _existing_numbers(numbers: list[str]) -> set[str]:
    found: set[str] = set()
    for part in _chunks(numbers):
        found.update(Item.objects.numbered().filter(index_number__in=part).values_list("index_number", flat=True))
    return found


def _existing_doc_keys(agency: Agency, keys: list[str]) -> set[str]:
    found: set[str] = set()
    for part in _chunks(keys):
        found.update(Item.objects.holding_document_numbers().filter(agency=agency, document_number_key__in=part)
                     .values_list("document_number_key", flat=True))
    return found


def _check_against_catalogue(agency: Agency, rows: list[importer.Row]) -> dict[str, int]:
    """Duplicates within the file and in the catalogue; replacement references resolved.
    Returns {reference: pk} for references that point into the catalogue."""
    ok = [r for r in rows if r.ok]
    seen_numbers: dict[str, int] = {}
    seen_keys: dict[str, int] = {}
    for r in ok:
        if r.index_number:
            if r.index_number in seen_numbers:
                r.problems.append(f"索引号“{r.index_number}”与第 {seen_numbers[r.index_number]} 行重复")
            else:
                seen_numbers[r.index_number] = r.line
        key = r.fields.get("document_number_key", "")
        if key:
            if key in seen_keys:
                r.problems.append(f"文号“{r.fields['document_number']}”与第 {seen_keys[key]} 行重复")
            else:
                seen_keys[key] = r.line
    in_db_numbers = _existing_numbers(list(seen_numbers))
    in_db_keys = _existing_doc_keys(agency, list(seen_keys))
    for r in ok:
        if r.index_number in in_db_numbers:
            r.problems.append(f"索引号“{r.index_number}”已在目录中")
        key = r.fields.get("document_number_key", "")
        if key in in_db_keys and seen_keys.get(key) == r.line:
            r.problems.append(f"文号“{r.fields['document_number']}”已被本机关目录中的条目使用")

    # replacements: an index number or a 文号, in the file or in the catalogue
    refs = {r.replaced_by_ref for r in ok if r.replaced_by_ref}
    in_db: dict[str, int] = {}
    if refs:
        keys = {ref: doc_number_key(ref) for ref in refs}
        public = Item.objects.filter(agency=agency, status__in=PUBLIC_STATUSES)
        for part in _chunks(sorted(refs)):
            in_db.update(public.numbered().filter(index_number__in=part).values_list("index_number", "pk"))
        by_key = dict(public.holding_document_numbers().filter(document_number_key__in=list(set(keys.values())))
                      .values_list("document_number_key", "pk"))
        for ref, key in keys.items():
            if ref not in in_db and key in by_key:
                in_db[ref] = by_key[key]
    by_ref = {}
    for r in ok:
        if r.published_on:
            if r.index_number:
                by_ref[r.index_number] = r
            if r.fields.get("document_number_key"):
                by_ref[r.fields["document_number_key"]] = r
    changed = True
    while changed:  # a row that replaces a refused row is refused too, until nothing changes
        changed = False
        for r in ok:
            if not r.ok or not r.replaced_by_ref:
                continue
            target = by_ref.get(r.replaced_by_ref) or by_ref.get(doc_number_key(r.replaced_by_ref))
            if target is r:
                r.problems.append("替代文件不能是它自己")
                changed = True
            elif target is not None and not target.ok:
                r.problems.append(f"替代文件（第 {target.line} 行）被拒绝，本行一并拒绝")
                changed = True
            elif target is None and r.replaced_by_ref not in in_db:
                r.problems.append(f"替代文件“{r.replaced_by_ref[:40]}”在本文件和目录中都找不到（须为已发布条目的索引号或文号）")
                changed = True
    return in_db


def do_import_catalogue(actor, agency: Agency, data: bytes, filename: str, *, dry_run: bool = True,
                        today: dt.date | None = None) -> ImportResult:
    """Check (and unless `dry_run`, import) a catalogue file for `agency`."""
    today = today_or(today)
    if not may_import(actor, agency):
        raise NotAllowed("只有本机关的公开工作人员或保密审查员可以导入目录")
    filename = (filename or "目录").replace("\\", "/").rsplit("/", 1)[-1][:200]
    parsed = importer.read(data, filename)
    for row in parsed.rows:
        importer.check_row(row, agency.name, today)
    db_refs = _check_against_catalogue(agency, parsed.rows)
    good = [r for r in parsed.rows if r.ok]
    is_reviewer = has_role(actor, agency, Role.REVIEWER)
    result = ImportResult(
        filename=filename, rows=len(parsed.rows), accepted=len(good),
        refused=[(r.line, r.problems) for r in parsed.rows if not r.ok], warnings=parsed.warnings,
        published=sum(1 for r in good if r.published_on), dry_run=dry_run,
    )
    result.needs_reviewer = bool(result.published) and not is_reviewer
    if result.needs_reviewer:
        result.warnings.insert(0, f"文件中有 {result.published} 条已发布的条目：导入即记录其保密审查，"
                                  f"须由本机关的保密审查员导入")
    if dry_run:
        return result
    if result.needs_reviewer:
        raise NotAllowed(result.warnings[0])
    if not good:
        raise ImportRefused(f"{filename}：没有可以导入的行（{len(result.refused)} 行被拒绝）")
    try:
        batch = _write(actor, agency, good, db_refs, filename, data, result, today)
    except IntegrityError:
        raise ImportRefused("导入时索引号或文号与刚刚保存的条目冲突（可能有人同时在发布），未导入任何行，请重试") from None
    result.imported, result.batch_id = batch.imported, batch.pk
    return result


def _write(actor, agency, good, db_refs, filename, data, result, today) -> ImportBatch:
    calendar = platform_calendar()
    user = actor if getattr(actor, "pk", None) else None
    with transaction.atomic():
        batch = ImportBatch.objects.create(agency=agency, actor=user, filename=filename,
                                           sha256=hashlib.sha256(data).hexdigest(), rows=result.rows,
                                           imported=len(good), refused=len(result.refused))
        kept = [r.index_number for r in good if r.index_number]
        advance_past(agency, kept)
        need = [r for r in good if r.published_on and not r.index_number]
        if need:
            taken = set(kept)
            while True:
                numbers = allocate_many(agency, [(ArticleItem(r.fields["article_item"]).code, r.published_on.year)
                                                 for r in need], taken)
                clash = _existing_numbers(numbers)
                if not clash:
                    break
                taken |= clash  # numbers some earlier import brought in another shape
            for r, number in zip(need, numbers, strict=True):
                r.index_number = number
        opinion = f"导入原目录中已公开的条目（{filename}），由保密审查员确认"
        items = []
        for r in good:
            f = r.fields
            due = clock.due(f["written_on"], calendar)  # years the calendar lacks: the error is kept
            due_on, error = due.on, due.error[:300]
            published = r.published_on is not None
            items.append(Item(
                agency=agency, status=(Status.ABOLISHED if r.abolished_on else Status.PUBLISHED) if published
                else Status.DRAFTED,
                index_number=r.index_number, published_on=r.published_on, abolished_on=r.abolished_on,
                reviewed_by=user if published else None, reviewed_on=today if published else None,
                review_opinion=opinion if published else "",
                due_on=due_on, clock_error=error, published_late=bool(published and due_on and r.published_on > due_on),
                search_text=search.index_text(f["title"], f["document_number"], r.index_number, f["issuer"],
                                              f["subject"], f["local_topic"], f["summary"], f["body"]),
                import_batch=batch, created_by=user, **f,
            ))
        Item.objects.bulk_create(items, batch_size=CHUNK)
        # replacements: rows of this file first, then the catalogue
        by_ref = {}
        for r, item in zip(good, items, strict=True):
            if item.index_number:
                by_ref[item.index_number] = item.pk
            if item.document_number_key and r.published_on:
                by_ref[item.document_number_key] = item.pk
        linked = []
        for r, item in zip(good, items, strict=True):
            if r.replaced_by_ref:
                item.replaced_by_id = (by_ref.get(r.replaced_by_ref) or by_ref.get(doc_number_key(r.replaced_by_ref))
                                       or db_refs.get(r.replaced_by_ref))
                linked.append(item)
        if linked:
            Item.objects.bulk_update(linked, ["replaced_by"], batch_size=CHUNK)
        ItemStep.objects.bulk_create(
            [ItemStep(item=item, step="import", actor=user, on=today, status_after=item.status,
                      note=f"导入自 {filename} 第 {r.line} 行")
             for r, item in zip(good, items, strict=True)], batch_size=CHUNK)
        audit.record(actor, "publishing.import", batch, None,
                     {"file": filename, "rows": result.rows, "imported": len(good), "refused": len(result.refused)},
                     result.summary.replace("将导入", "已导入"))
    return batch
