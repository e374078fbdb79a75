"""Case-list rows as plain values, computed once in Python.

Django's template engine resolves every ``{{ c.x.y }}`` and ``get_x_display`` at some cost; at
50 rows a page that was most of the list page's time.  The rows are made here with the
labels, the due-date badge and the link already decided, and the template only prints them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse

from gongkai.casework.choices import OPEN_STATUSES, ApplicantKind, Status

_KINDS = dict(ApplicantKind.choices)
_STATUSES = dict(Status.choices)
_STATUS_CLASS = {Status.CLOSED: "grey", Status.DECIDED: "ok"}


@dataclass(frozen=True, slots=True)
class Row:
    url: str
    number: str
    applicant: str
    kind: str
    request: str
    received: str
    due: str  # the due date, or what stands in for it
    badge: str  # "" or a badge label (逾期, 临近, 无法计算 …)
    badge_class: str
    badge_title: str
    status: str
    status_class: str
    assignee: str
    agency: str


def _short(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def make_rows(apps, today: dt.date, soon_limit: dt.date | None) -> list[Row]:
    base = reverse("staff:case_detail", args=[0])[:-2]  # "/cases/"; one reverse for the page
    out = []
    for a in apps:
        is_open = a.status in OPEN_STATUSES
        badge = badge_class = title = ""
        due = a.due_on.isoformat() if a.due_on else "—"
        if a.due_on:
            if is_open and a.due_on < today:
                badge, badge_class = "逾期", "bad"
            elif is_open and soon_limit and a.due_on <= soon_limit:
                badge, badge_class = "临近", "warn"
        elif a.clock_error:
            due, badge, badge_class, title = "", "无法计算", "bad", a.clock_error
        elif a.status == Status.CORRECTION and a.waiting_until and a.waiting_until < today:
            due, badge, badge_class = "", "补正逾期", "bad"
        elif is_open:
            due, badge, badge_class = "", "暂停计时", "grey"
        assignee = a.assignee
        out.append(Row(
            url=f"{base}{a.pk}/", number=a.number, applicant=a.applicant_name, kind=_KINDS.get(a.applicant_kind, ""),
            request=_short(a.information_requested), received=a.received_on.isoformat(), due=due, badge=badge,
            badge_class=badge_class, badge_title=title, status=_STATUSES.get(a.status, a.status),
            status_class=_STATUS_CLASS.get(a.status, ""),
            assignee=(assignee.get_full_name() or assignee.get_username()) if assignee else "",
            agency=a.agency.name,
        ))
    return out


@dataclass(frozen=True, slots=True)
class Control:
    id: str
    label: str
    html: str
    grow: bool
    errors: str


def filter_controls(form) -> list[Control]:
    """The list's filter fields as HTML, built directly: Django renders each <option> of a select
    through a template, which cost the list page a fifth of its time."""
    from django.utils.html import format_html, format_html_join
    from django.utils.safestring import mark_safe

    out = []
    for bf in form:
        field, value = bf.field, bf.value()
        value = "" if value is None else str(value)
        attrs = format_html(' id="{}" name="{}"', bf.auto_id, bf.html_name)
        if hasattr(field, "choices"):
            options = format_html_join("", '<option value="{}"{}>{}</option>', (
                (str(k), mark_safe(" selected") if str(k) == value else "", v) for k, v in field.choices))
            html = format_html("<select{}>{}</select>", attrs, options)
        else:
            widget = field.widget.attrs
            html = format_html('<input type="{}"{} value="{}" maxlength="{}" placeholder="{}">',
                               widget.get("type", "text"), attrs, value, field.max_length or 100,
                               widget.get("placeholder", ""))
        out.append(Control(bf.auto_id, str(bf.label), html, bf.name == "q", "；".join(bf.errors)))
    return out
