"""The portal's own pages: the region's agencies, an agency's landing page, applying online,
tracking an application, the large-text switch.

Tracking: the tracking number and query code, once checked, put the case's id in this
browser's session (for the session's life); every later page of the case checks that list, so
a guessed URL of another case is the same "not found" as a number that never existed."""

from __future__ import annotations

import logging

from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.agencies.models import Agency
from gongkai.casework.choices import DocumentState, Status
from gongkai.casework.errors import CaseworkError, DuplicateSubmission
from gongkai.casework.models import Application, Document
from gongkai.web.auth import client_ip
from gongkai.web.uploads import CONTENT_TYPES

from . import codes, plain, ratelimit
from .actions import do_apply_online
from .forms import ApplyForm, CorrectionForm, PaymentForm, TrackForm, new_key
from .models import Tracking

logger = logging.getLogger(__name__)
SESSION_KEY = "portal_cases"
TEXT_COOKIE = "portal_text"


def _not_found(request, agency=None, message="您要找的页面不存在，或该信息尚未公开。"):
    return render(request, "portal/not_found.html", {"agency": agency, "message": message}, status=404)


def _agency(code: str) -> Agency | None:
    return Agency.objects.filter(code=code).first()


# ------------------------------------------------------------------ browsing
@require_GET
def index(request):
    """The region's agencies: each government with the departments and townships under it."""
    agencies = list(Agency.objects.order_by("code"))
    by_parent: dict[int | None, list[Agency]] = {}
    for a in agencies:
        by_parent.setdefault(a.parent_id, []).append(a)
    tree = [(a, by_parent.get(a.pk, [])) for a in by_parent.get(None, [])]
    return render(request, "portal/index.html", {"tree": tree})


@require_GET
def landing(request, code: str):
    agency = _agency(code)
    if agency is None:
        return _not_found(request, message=f"没有代码为“{code[:32]}”的机关。")
    from gongkai.publishing import selectors as catalogue

    latest = catalogue.feed_items(agency, "", 8)
    children = list(agency.children.order_by("code"))
    parent = agency.parent
    reports = list(agency.publications.order_by("-year", "-number")[:3])
    return render(request, "portal/landing.html", {
        "agency": agency, "section": "home", "latest": latest, "children": children, "parent": parent,
        "reports": reports})


@require_GET
def text_size(request):
    """The large-text switch (适老化): a plain link, so it works without script and keeps the
    cached public pages shareable; the choice lives in a cookie for a year."""
    size = "large" if request.GET.get("size") == "large" else "normal"
    back = request.GET.get("next") or reverse("portal:index")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = reverse("portal:index")
    resp = HttpResponseRedirect(back)
    if size == "large":
        resp.set_cookie(TEXT_COOKIE, "large", max_age=365 * 86400, samesite="Lax", secure=request.is_secure())
    else:
        resp.delete_cookie(TEXT_COOKIE, samesite="Lax")
    return resp


# ------------------------------------------------------------------ applying
def _limited(request, message: str, agency=None):
    return render(request, "portal/limited.html", {"agency": agency, "message": message}, status=429)


@never_cache
@require_http_methods(["GET", "POST"])
def apply(request, code: str):
    agency = _agency(code)
    if agency is None:
        return _not_found(request, message=f"没有代码为“{code[:32]}”的机关。")
    ctx = {"agency": agency, "section": "apply"}
    if request.method == "GET":
        return render(request, "portal/apply.html", {**ctx, "form": ApplyForm()})
    if ratelimit.hit("apply_ip", client_ip(request)):  # every post counts: a flood of bad forms too
        return _limited(request, f"同一网络地址提交申请过于频繁，请 {ratelimit.wait_words('apply_ip')}后再试，"
                                 f"或通过信函、当面等方式提交。", agency)
    form = ApplyForm(request.POST, request.FILES)
    if form.data.get("website"):  # the honeypot: a robot filled the hidden field
        return render(request, "portal/apply.html", {**ctx, "form": ApplyForm(), "refused": (
            "提交未被接受：表单中有一个应留空的隐藏项被填写了（这通常是自动程序所为）。"
            "如果您是手动填写，请关闭浏览器的自动填表功能后重新填写。")}, status=400)
    if not form.is_valid():
        return render(request, "portal/apply.html", {**ctx, "form": form}, status=400)
    d = form.cleaned_data
    identity = "".join(d["identifier"].split()).upper()
    if ratelimit.exceeded("apply_identity", identity):
        return _limited(request, "以该证件号码提交的申请今天已达上限，请明天再试，或与本机关联系。", agency)
    try:
        app, code_ = do_apply_online(
            agency, applicant_kind=d["applicant_kind"], applicant_name=d["applicant_name"],
            identifier=d["identifier"], id_document=d.get("id_document") or "",
            information_requested=d["information_requested"], form=d["form"], delivery_route=d["delivery_route"],
            contact_phone=d.get("contact_phone", ""), contact_email=d.get("contact_email", ""),
            contact_address=d.get("contact_address", ""), id_copy=d.get("id_copy"), intake_key=d["intake_key"])
    except DuplicateSubmission as e:
        number = e.application.number if getattr(e, "application", None) else ""
        return render(request, "portal/duplicate.html", {**ctx, "number": number}, status=409)
    except CaseworkError as e:
        field = e.field if e.field in form.fields else None
        if e.field and e.field.startswith("file"):
            field = "id_copy"
        form.add_error(field, e.message)
        return render(request, "portal/apply.html", {**ctx, "form": form}, status=400)
    ratelimit.hit("apply_identity", identity)
    _remember(request, app)
    return render(request, "portal/receipt.html", {
        **ctx, "app": app, "code": codes.grouped(code_), "track_url": reverse("portal:track_case", args=[app.number])})


# ------------------------------------------------------------------ tracking
def _remember(request, app) -> None:
    had_key = request.session.session_key is not None
    ids = [i for i in request.session.get(SESSION_KEY, []) if i != app.pk][-9:]
    request.session[SESSION_KEY] = [*ids, app.pk]
    if had_key:  # a session that existed before the proof gets a new key (fixation); a new one is new
        request.session.cycle_key()


def _case(request, number: str) -> Application | None:
    """The case if this browser has proved it is the applicant's, else None."""
    ids = request.session.get(SESSION_KEY, [])
    if not ids:
        return None
    return (Application.objects.select_related("agency").filter(pk__in=ids, number=number[:48]).first())


@never_cache
@require_http_methods(["GET", "POST"])
def track(request):
    form = TrackForm(request.POST or None)
    ctx = {"form": form, "section": "track"}
    if request.method == "GET":
        return render(request, "portal/track.html", ctx)
    ip = client_ip(request)
    if ratelimit.hit("track_ip", ip):
        return _limited(request, f"查询过于频繁，请 {ratelimit.wait_words('track_ip')}后再试。")
    if not form.is_valid():
        return render(request, "portal/track.html", ctx, status=400)
    number = "".join(form.cleaned_data["number"].split()).upper()
    if ratelimit.exceeded("track_number", number):
        return _limited(request, f"该申请编号的查询码输错次数过多，请 {ratelimit.wait_words('track_number')}后再试。")
    tracking = Tracking.objects.select_related("application").filter(application__number=number).first()
    # the same work and the same answer whether the number exists or not
    stored = tracking.code_hash if tracking else codes.digest("-", "-")
    if not codes.matches(number, form.cleaned_data["code"], stored) or tracking is None:
        ratelimit.hit("track_number", number)
        form.add_error(None, "申请编号或查询码不正确，请核对回执后重新输入。")
        return render(request, "portal/track.html", ctx, status=400)
    _remember(request, tracking.application)
    return HttpResponseRedirect(reverse("portal:track_case", args=[number]))


def _letters(app):
    return [d for d in app.documents.filter(state=DocumentState.ISSUED, kind__in=plain.APPLICANT_LETTERS)
            .order_by("issued_on", "id") if d.pdf or d.docx]


@never_cache
@require_GET
def track_case(request, number: str):
    app = _case(request, number)
    if app is None:
        return HttpResponseRedirect(reverse("portal:track"))
    return render(request, "portal/track_case.html", _case_context(app))


def _case_context(app, **extra):
    events = [(e, plain.EVENT_WORDS.get(e.kind, e.get_kind_display())) for e in app.events.order_by("on", "id")]
    return {
        "agency": app.agency, "section": "track", "app": app, "events": events, "letters": _letters(app),
        "submissions": app.submissions.order_by("submitted_at"),
        "can_correct": app.status == Status.CORRECTION, "can_confirm_payment": app.status == Status.FEE_PENDING,
        "correction_form": extra.pop("correction_form", None) or CorrectionForm(initial={"key": new_key()}),
        "payment_form": extra.pop("payment_form", None) or PaymentForm(initial={"key": new_key()}),
        "fee": getattr(app, "fee", None) if app.status == Status.FEE_PENDING else None,
        **extra,
    }


@never_cache
@require_GET
def letter(request, number: str, doc_id: int, fmt: str):
    app = _case(request, number)
    doc = Document.objects.filter(pk=doc_id, application=app, state=DocumentState.ISSUED,
                                  kind__in=plain.APPLICANT_LETTERS).first() if app else None
    field = {"pdf": doc.pdf, "docx": doc.docx}.get(fmt) if doc else None
    if not field:
        return _not_found(request, app.agency if app else None, "找不到该文书，或您无权查看。")
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError):
        return _not_found(request, app.agency, "该文书的文件暂时无法提供，请稍后再试或与本机关联系。")
    from gongkai.casework.actions import do_record_download

    do_record_download(None, doc, what=f" {doc.number}（{fmt.upper()}，申请人网上下载）")
    resp = FileResponse(handle, as_attachment=True, filename=f"{doc.number}-{doc.get_kind_display()}.{fmt}",
                        content_type=CONTENT_TYPES.get(fmt))
    resp["Cache-Control"] = "private, no-store"
    return resp


def _submission(request, number: str, form_class, action, form_key: str):
    app = _case(request, number)
    if app is None:
        return HttpResponseRedirect(reverse("portal:track"))
    if ratelimit.hit("submit_ip", client_ip(request)):
        return _limited(request, f"提交过于频繁，请 {ratelimit.wait_words('submit_ip')}后再试。", app.agency)
    form, problem = form_class(request.POST, request.FILES), ""
    if form.is_valid():
        d = form.cleaned_data
        try:
            action(app, d)
        except DuplicateSubmission:
            return HttpResponseRedirect(reverse("portal:track_case", args=[app.number]) + "?sent=dup")
        except CaseworkError as e:
            if e.field in form.fields:
                form.add_error(e.field, e.message)
            else:
                problem = e.message
        else:
            return HttpResponseRedirect(reverse("portal:track_case", args=[app.number]) + "?sent=1")
    app.refresh_from_db()
    return render(request, "portal/track_case.html", _case_context(app, problem=problem, **{form_key: form}),
                  status=400)


@never_cache
@require_POST
def correction(request, number: str):
    from gongkai.casework.actions import do_reply_correction_online

    return _submission(request, number, CorrectionForm, lambda app, d: do_reply_correction_online(
        app, text=d.get("text", ""), files=d.get("files") or [], key=f"portal-{d['key']}"), "correction_form")


@never_cache
@require_POST
def payment(request, number: str):
    from gongkai.casework.actions import do_confirm_payment_online

    return _submission(request, number, PaymentForm, lambda app, d: do_confirm_payment_online(
        app, paid_on=d["paid_on"], text=d.get("text", ""), files=d.get("files") or [], key=f"portal-{d['key']}"),
        "payment_form")


def large_text(request) -> bool:
    return request.COOKIES.get(TEXT_COOKIE) == "large"


