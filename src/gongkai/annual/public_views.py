"""What the public sees: each agency's published reports, every version, with downloads.

No login.  Only published versions exist here; a superseded version stays, marked and linked
to the version that corrected it.  Files are served from private storage through these views
(never from a web-root path).  An Atom feed per agency announces each new version.
"""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.safestring import mark_safe

from gongkai import interchange, writers
from gongkai.agencies.models import Agency
from gongkai.writers import html as report_html

from .models import Publication
from .publication import FILE_KINDS, file_name

KIND_LABELS = {"pdf": "PDF", "docx": "Word", "xlsx": "Excel", "html": "网页"}


def _agency(code: str) -> Agency:
    agency = Agency.objects.filter(code=code, publications__isnull=False).distinct().first()
    if agency is None:
        raise Http404("该机关没有已发布的年度报告")
    return agency


def agencies(request):
    found = Agency.objects.filter(publications__isnull=False).distinct().order_by("code")
    return render(request, "annual/public_agencies.html", {"agencies": found})


def agency_reports(request, code: str):
    agency = _agency(code)
    years: dict[int, list[Publication]] = {}
    for p in Publication.objects.filter(agency=agency).order_by("-year", "-number"):
        years.setdefault(p.year, []).append(p)
    return render(request, "annual/public_agency.html", {
        "agency": agency, "years": sorted(years.items(), reverse=True), "kinds": KIND_LABELS})


def _publication(code: str, year: int, number: int) -> Publication:
    return get_object_or_404(Publication.objects.select_related("agency"), agency__code=code, year=year, number=number)


def version(request, code: str, year: int, number: int):
    pub = _publication(code, year, number)
    later = Publication.objects.filter(agency=pub.agency, year=year, number__gt=number).order_by("number")
    report = interchange.from_dict(pub.report)
    return render(request, "annual/public_version.html", {
        "agency": pub.agency, "pub": pub, "later": list(later), "kinds": KIND_LABELS,
        "body": mark_safe(report_html.fragment(report)),  # noqa: S308 - the writer escapes every text
        "report_css": mark_safe(report_html.stylesheet()),  # noqa: S308 - our own stylesheet
    })


def version_file(request, code: str, year: int, number: int, kind: str):
    if kind not in FILE_KINDS:
        raise Http404("没有这种格式的文件")
    pub = _publication(code, year, number)
    field = getattr(pub, kind)
    if not field:
        raise Http404("文件不存在")
    return FileResponse(field.open("rb"), as_attachment=kind != "html", content_type=writers.MEDIA_TYPES[kind],
                        filename=file_name(pub.agency, year, number, kind))


class ReportsFeed(Feed):
    """Atom: one entry per published version of the agency's annual reports."""

    feed_type = Atom1Feed

    def get_object(self, request, code: str):
        return _agency(code)

    def title(self, agency):
        return f"{agency.name}政府信息公开工作年度报告"

    def link(self, agency):
        return reverse("portal:annual_public:agency", args=[agency.code])

    def subtitle(self, agency):
        return f"{agency.name}发布和更正的政府信息公开工作年度报告"

    def items(self, agency):
        return Publication.objects.filter(agency=agency).order_by("-published_at", "-number")[:50]

    def item_title(self, pub):
        return f"{pub.agency.name}{pub.year}年度政府信息公开工作年度报告" + (f"（第{pub.number}版，更正）" if pub.number > 1 else "")

    def item_description(self, pub):
        return f"更正原因：{pub.reason}" if pub.reason else f"{pub.year}年度年报发布。"

    def item_link(self, pub):
        return reverse("portal:annual_public:version", args=[pub.agency.code, pub.year, pub.number])

    def item_pubdate(self, pub):
        return pub.published_at

    def item_updateddate(self, pub):
        return pub.superseded_at or pub.published_at

    def item_enclosure_url(self, pub):
        return reverse("portal:annual_public:file", args=[pub.agency.code, pub.year, pub.number, "pdf"])

    def item_enclosure_length(self, pub):
        try:
            return pub.pdf.size
        except OSError:
            return 0

    item_enclosure_mime_type = "application/pdf"
