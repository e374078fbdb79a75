"""The staff home page: my cases, what is due, the day's reminders, letters waiting."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from gongkai.agencies.permissions import agencies_visible_to
from gongkai.casework import selectors
from gongkai.casework.choices import OPEN_STATUSES

from .. import queries
from .common import base, today


@login_required
def home(request):
    from ..models import Reminder

    day = today()
    user = request.user
    visible = selectors.visible_applications(user)
    mine = queries.mine(visible, user)
    overdue = selectors.case_list(user, selectors.CaseFilter(state="overdue"), day)
    soon = selectors.case_list(user, selectors.CaseFilter(state="due_soon"), day)
    reminders = (
        Reminder.objects.filter(agency__in=agencies_visible_to(user), application__status__in=OPEN_STATUSES)
        .select_related("application").order_by("due_on", "id")[:20]
    )
    ctx = base(
        request, "home", today=day,
        n_mine=mine.count(), n_overdue=overdue.count(), n_soon=soon.count(),
        n_open=visible.filter(status__in=OPEN_STATUSES).count(),
        my_cases=selectors.list_rows(mine).order_by("sort_on", "id")[:15],
        overdue_cases=selectors.list_rows(overdue)[:10], soon_cases=selectors.list_rows(soon)[:10],
        reminders=reminders, soon_limit=selectors.due_soon_limit(day),
        pending_letters=selectors.pending_documents(user).select_related("application").order_by("issued_on")[:20],
    )
    return render(request, "staff/home.html", ctx)
