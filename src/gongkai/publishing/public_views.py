"""Public pages (no login) of an agency's catalogue and guide, under /public/<agency code>/.

Only published items are shown (abolished ones stay, marked 废止); a draft, another agency's
item or a file of an unpublished item is the same Chinese 404 as a number that never existed.
"""

from __future__ import annotations

import datetime as dt
import logging
from functools import cached_property

from django.contrib.syndication.views import Feed
from django.core.files.base import ContentFile
from django.core.paginator import EmptyPage, Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_GET

from gongkai.web.uploads import CONTENT_TYPES, private_storage

from . import actions, selectors
from .choices import ARTICLE_ITEMS, ArticleItem
from .forms import PublicFilterForm
from .guide import to_docx, to_html, to_pdf
from .views import serve_attachment, valid_part

logger = logging.getLogger(__name__)
PAGE_SIZE = 20
SEARCH_CAP = 1000


class CappedPaginator(Paginator):
    """A search counts its matches up to SEARCH_CAP and says "more than" beyond: an exact count of a
    common word's 60,000 matches costs more than the page (measured in docs/publishing.md)."""

    @cached_property
    def count(self) -> int:
        return self.object_list.order_by()[: SEARCH_CAP + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > SEARCH_CAP

    @cached_property
    def num_pages(self) -> int:
        return -(-min(self.count, SEARCH_CAP) // self.per_page) or 1


def _not_found(request, agency=None, message: str = "您要找的页面不存在，或该信息尚未公开。"):
    return render(request, "publishing/public/not_found.html", {"agency": agency, "message": message}, status=404)


def _agency_or_404(request, code: str):
    agency = selectors.public_agency(code)
    return agency, (None if agency else _not_found(request, message=f"没有代码为“{code[:32]}”的机关。"))


@require_GET
def catalogue(request, code: str):
    agency, missing = _agency_or_404(request, code)
    if missing:
        return missing
    years = selectors.public_years(agency)
    form = PublicFilterForm(request.GET or None, years=years)
    f = valid_part(form)
    flt = selectors.PublicFilter(article_item=f.get("item") or "", year=f.get("year"),
                                 validity=f.get("validity") or "", q=(f.get("q") or "").strip())
    items = selectors.public_items(agency, flt)
    paginator = CappedPaginator(items, PAGE_SIZE) if flt.q else Paginator(items, PAGE_SIZE)
    try:
        number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        number = 1
    try:
        page = paginator.page(number)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    params = request.GET.copy()
    params.pop("page", None)
    item = ArticleItem(flt.article_item) if flt.article_item else None
    return render(request, "publishing/public/catalogue.html", {
        "agency": agency, "section": "catalogue", "form": form, "page": page, "filtered": any((flt.article_item, flt.year, flt.validity, flt.q)),
        "q": flt.q, "query": params.urlencode(), "article": item, "search_cap": SEARCH_CAP,
        "feed_url": reverse("portal:catalogue:item_feed", args=[agency.code, item.value]) if item
        else reverse("portal:catalogue:feed", args=[agency.code]),
    })


@require_GET
def item(request, code: str, pk: int):
    agency, missing = _agency_or_404(request, code)
    if missing:
        return missing
    found = selectors.public_item(agency, pk)
    if found is None:
        return _not_found(request, agency)
    return render(request, "publishing/public/item.html", {
        "agency": agency, "section": "catalogue", "item": found, "attachments": found.attachments.all(),
        "replaces": found.replaces.filter(status__in=("published", "abolished")).only("pk", "title", "index_number"),
    })


@require_GET
def download(request, code: str, pk: int, att: int):
    agency, missing = _agency_or_404(request, code)
    if missing:
        return missing
    found = selectors.public_item(agency, pk)
    attachment = found.attachments.filter(pk=att).first() if found else None
    response = serve_attachment(attachment) if attachment else None
    return response or _not_found(request, agency, "找不到该附件，或它所属的信息尚未公开。")


# ---------------------------------------------------------------- the guide
def _guide_and_edition(agency):
    guide = selectors.guide_for(agency)
    edition = actions.do_record_guide_edition(None, agency, guide=guide)
    return guide, edition


@require_GET
def guide(request, code: str):
    agency, missing = _agency_or_404(request, code)
    if missing:
        return missing
    g, edition = _guide_and_edition(agency)
    return render(request, "publishing/public/guide.html", {
        "agency": agency, "section": "guide", "guide": g, "edition": edition, "guide_html": to_html(g, edition.changed_on),
    })


GUIDE_KINDS = {"docx": to_docx, "pdf": to_pdf}


@require_GET
def guide_download(request, code: str, fmt: str):
    """The guide as DOCX or PDF, rendered once per edition and kept (outside any transaction)."""
    agency, missing = _agency_or_404(request, code)
    if missing:
        return missing
    if fmt not in GUIDE_KINDS:
        return _not_found(request, agency)
    g, edition = _guide_and_edition(agency)
    storage = private_storage()
    name = f"guides/{agency.pk}/{edition.digest}-{edition.changed_on:%Y%m%d}.{fmt}"
    if storage.exists(name):
        with storage.open(name, "rb") as fh:
            data = fh.read()
    else:
        try:
            data = GUIDE_KINDS[fmt](g, edition.changed_on)
        except Exception:  # a renderer's failure (fonts, a library bug) is a message, not a 500
            logger.exception("guide %s for %s could not be rendered", fmt, agency.code)
            return render(request, "publishing/public/not_found.html", {
                "agency": agency, "message": f"公开指南的 {fmt.upper()} 版本暂时无法生成，请稍后再试，或阅读网页版。"},
                status=503)
        storage.save(name, ContentFile(data))
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    from django.utils.http import content_disposition_header

    response["Content-Disposition"] = content_disposition_header(True, f"{g.title}.{fmt}")
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ---------------------------------------------------------------- Atom feeds
class CatalogueFeed(Feed):
    """New items of an agency's catalogue (optionally of one Article 20/21 item), newest first."""

    feed_type = Atom1Feed
    limit = 30

    def get_object(self, request, code: str, article: str = ""):
        agency = selectors.public_agency(code)
        if agency is None or (article and article not in ARTICLE_ITEMS):
            raise LookupError(code)
        return agency, article

    def title(self, obj):
        agency, article = obj
        return f"{agency.name}政府信息公开目录" + (f" · {ArticleItem(article).citation}" if article else "")

    def subtitle(self, obj):
        agency, article = obj
        return ArticleItem(article).topic if article else f"{agency.name}新公开的政府信息"

    def link(self, obj):
        agency, article = obj
        url = reverse("portal:catalogue:list", args=[agency.code])
        return f"{url}?item={article}" if article else url

    def items(self, obj):
        agency, article = obj
        return selectors.feed_items(agency, article, self.limit)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        parts = [f"索引号：{item.index_number}"]
        if item.document_number:
            parts.append(f"文号：{item.document_number}")
        parts.append(f"发布日期：{item.published_on:%Y-%m-%d}")
        if item.summary:
            parts.append(item.summary)
        return "；".join(parts)

    def item_link(self, item):
        return reverse("portal:catalogue:item", args=[item.agency.code, item.pk])

    def item_pubdate(self, item):
        return timezone.make_aware(dt.datetime.combine(item.published_on, dt.time(9, 0)))

    item_updateddate = item_pubdate

    def item_author_name(self, item):
        return item.issuer

    def item_categories(self, item):
        return (ArticleItem(item.article_item).citation,)


_feed = CatalogueFeed()


@require_GET
def feed(request, code: str, article: str = ""):
    try:
        return _feed(request, code=code, article=article)
    except LookupError:
        return _not_found(request, message="没有这个订阅源。")
