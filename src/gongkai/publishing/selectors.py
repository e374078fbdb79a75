"""Reads of the catalogue: the staff list, the public list, full-text search, late items, the guide.

Staff reads are scoped by the agencies the user may read (`permissions.reach(user).ids`,
computed once per request and passed in); public reads see only
published (and abolished, marked 废止) items.  Search runs on SQLite FTS5 or PostgreSQL full
text over the same bigram text (`publishing.search`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse

from gongkai.agencies.models import Agency

from . import clock, search
from . import guide as guide_text
from .choices import PUBLIC_STATUSES, Status
from .models import DEFAULT_INDEX_TEMPLATE, CatalogueSettings, GuideEdition, GuideProfile, Item

LIST_FIELDS = ("id", "agency_id", "status", "index_number", "title", "document_number", "issuer", "written_on",
               "published_on", "article_item", "doc_kind", "abolished_on", "due_on", "published_late", "version")
OPEN_STATUSES = (Status.DRAFTED, Status.SUBMITTED, Status.REJECTED, Status.REVIEWED)


def matching(qs: QuerySet, q: str, *, newest_id_first: bool = False) -> QuerySet:
    """Items whose text matches every word of `q` (see `publishing.search`).

    `newest_id_first`: the caller orders by id descending (the staff list), which SQLite can
    serve by walking the matches' own (sorted) ids backwards; any other order (the public list by
    publication date) is served better by the list's index with the matches as a set."""
    if not (q or "").strip():
        return qs
    if connection.vendor == "sqlite":
        expr = search.fts5_query(q)
        if expr is None:
            return qs.none()
        # "+id": the matches are a set to test rows against while the list's own index gives the
        # order; without it SQLite fetches every matching row by id and sorts them (15× slower
        # for a common word, measured in docs/publishing.md).  Ordered by id, the plain form wins.
        plus = "" if newest_id_first else "+"
        return qs.extra(where=[f"{plus}publishing_item.id IN (SELECT rowid FROM publishing_item_fts "
                               "WHERE publishing_item_fts MATCH %s)"], params=[expr])
    if connection.vendor == "postgresql":
        expr = search.tsquery(q)
        if expr is None:
            return qs.none()
        # the side table's GIN index finds the ids (migration 0002); the list's index gives the order
        return qs.extra(where=["publishing_item.id IN (SELECT item_id FROM publishing_item_tsv "
                               "WHERE tsv @@ to_tsquery('simple'::regconfig, %s))"], params=[expr])
    return qs.filter(title__icontains=q.strip())  # pragma: no cover - other databases: titles only


# ---------------------------------------------------------------------------- staff
@dataclass(frozen=True)
class StaffFilter:
    agency_id: int | None = None
    status: str = ""  # a Status, "open" (not yet public), "public", or "" (all but discarded)
    article_item: str = ""
    doc_kind: str = ""
    year: int | None = None  # 成文日期's year
    q: str = ""


def staff_items(agency_ids: list[int], f: StaffFilter) -> QuerySet:
    qs = Item.objects.filter(agency_id__in=agency_ids)
    if f.agency_id:
        qs = qs.filter(agency_id=f.agency_id)
    if f.status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif f.status == "public":
        qs = qs.filter(status__in=PUBLIC_STATUSES)
    elif f.status:
        qs = qs.filter(status=f.status)
    else:
        qs = qs.exclude(status=Status.DISCARDED)
    if f.article_item:
        qs = qs.filter(article_item=f.article_item)
    if f.doc_kind:
        qs = qs.filter(doc_kind=f.doc_kind)
    if f.year:
        qs = qs.filter(written_on__range=(dt.date(f.year, 1, 1), dt.date(f.year, 12, 31)))
    return matching(qs, f.q, newest_id_first=True).only(*LIST_FIELDS).select_related("agency").order_by("-id")


def staff_item(agency_ids: list[int], pk: int) -> Item | None:
    return (Item.objects.filter(agency_id__in=agency_ids, pk=pk)
            .select_related("agency", "reviewed_by", "replaced_by", "created_by").first())


def counts_by_status(agency_ids: list[int]) -> dict[str, int]:
    from django.db.models import Count

    rows = (Item.objects.filter(agency_id__in=agency_ids, status__in=OPEN_STATUSES)
            .values("status").annotate(n=Count("id")))
    return {r["status"]: r["n"] for r in rows}


@dataclass(frozen=True)
class Late:
    item: Item
    due: clock.Due


def late_items(agency_ids: list[int], today: dt.date, agency_id: int | None = None) -> dict[str, list]:
    """Not yet public and past the Art. 26 due day (recomputed now, on the current calendar);
    published after it; and those whose due day cannot be computed (a missing calendar year)."""
    from gongkai.casework.calendar import platform_calendar

    scope = Item.objects.filter(agency_id__in=agency_ids)
    if agency_id:
        scope = scope.filter(agency_id=agency_id)
    calendar = platform_calendar()
    overdue, unknown = [], []
    for item in scope.filter(status__in=OPEN_STATUSES).select_related("agency").order_by("written_on", "id")[:5000]:
        d = clock.due(item.clock_start, calendar)
        if d.on is None:
            unknown.append(Late(item, d))
        elif today > d.on:
            overdue.append(Late(item, d))
    published = list(scope.filter(published_late=True, status__in=PUBLIC_STATUSES).select_related("agency")
                     .only(*LIST_FIELDS).order_by("-published_on", "-id")[:200])
    return {"overdue": overdue, "unknown": unknown, "published_late": published}


# ---------------------------------------------------------------------------- public
@dataclass(frozen=True)
class PublicFilter:
    article_item: str = ""
    year: int | None = None  # 发布日期's year
    validity: str = ""  # "valid" / "abolished" / ""
    q: str = ""


def public_agency(code: str) -> Agency | None:
    return Agency.objects.filter(code=code).first()


def public_items(agency: Agency, f: PublicFilter) -> QuerySet:
    qs = Item.objects.filter(agency=agency)
    if f.validity == "valid":
        qs = qs.filter(status=Status.PUBLISHED)
    elif f.validity == "abolished":
        qs = qs.filter(status=Status.ABOLISHED)
    else:
        qs = qs.filter(status__in=PUBLIC_STATUSES)
    if f.article_item:
        qs = qs.filter(article_item=f.article_item)
    if f.year:
        qs = qs.filter(published_on__range=(dt.date(f.year, 1, 1), dt.date(f.year, 12, 31)))
    return matching(qs, f.q).only(*LIST_FIELDS).order_by("-published_on", "-id")


def public_item(agency: Agency, pk: int) -> Item | None:
    return (Item.objects.filter(agency=agency, pk=pk, status__in=PUBLIC_STATUSES)
            .select_related("agency", "replaced_by").first())


def public_years(agency: Agency) -> list[int]:
    """From the newest publication year back to the oldest (two index lookups, no scan)."""
    public = Item.objects.filter(agency=agency, status__in=PUBLIC_STATUSES).values_list("published_on", flat=True)
    newest = public.order_by("-published_on").first()
    oldest = public.order_by("published_on").first()
    return list(range(newest.year, oldest.year - 1, -1)) if newest and oldest else []


def feed_items(agency: Agency, article_item: str = "", limit: int = 30) -> list[Item]:
    qs = Item.objects.filter(agency=agency, status__in=PUBLIC_STATUSES)
    if article_item:
        qs = qs.filter(article_item=article_item)
    return list(qs.only(*LIST_FIELDS, "summary", "agency").select_related("agency")
                .order_by("-published_on", "-id")[:limit])


# ---------------------------------------------------------------------------- guide
def guide_data(agency: Agency) -> guide_text.GuideData:
    profile = GuideProfile.objects.filter(agency=agency).first()
    settings = CatalogueSettings.objects.filter(agency=agency).first()
    try:
        catalogue_url = reverse("portal:catalogue:list", args=[agency.code])
    except NoReverseMatch:  # pragma: no cover - the portal is always mounted
        catalogue_url = ""
    return guide_text.GuideData(
        agency_name=agency.name,
        parent_name=agency.parent.name if agency.parent_id else "",
        **{f: getattr(agency, f) or "" for f in ("office_name", "office_address", "postcode", "office_hours", "phone",
                                                  "fax", "email", "website", "reconsideration_body", "court")},
        publication_places=tuple(p.strip() for p in (profile.publication_places if profile else "").splitlines()
                                 if p.strip()),
        online_application=profile.online_application if profile else "",
        catalogue_url=catalogue_url,
        index_template=settings.index_template if settings else DEFAULT_INDEX_TEMPLATE,
        extra_notes=profile.extra_notes if profile else "",
    )


def guide_for(agency: Agency) -> guide_text.Guide:
    return guide_text.build(guide_data(agency))


def latest_edition(agency: Agency) -> GuideEdition | None:
    return GuideEdition.objects.filter(agency=agency).first()
