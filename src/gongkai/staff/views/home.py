"""The staff home page: my cases, what is due, the day's reminders, letters waiting."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from gongkai.agencies.permissions import agencies_visible_to
from gongkai.casework import selectors
from gongkai.casework.choices import OPEN_STATUSES

from .. import queries
from ..rows import make_rows
from .common import base, today


@login_required
def home(request):
    from ..models import Reminder

    day = today()
    limit = selectors.due_soon_limit(day)
    user = request.user
    visible = selectors.visible_applications(user)
    mine = queries.mine(visible, user)
    works = queries.can_register(user)  # a supervisor only reads: nothing is "mine"
    overdue = selectors.case_list(user, selectors.CaseFilter(state="overdue"), day)
    soon = selectors.case_list(user, selectors.CaseFilter(state="due_soon"), day)
    reminders = (
        Reminder.objects.filter(agency__in=agencies_visible_to(user), application__status__in=OPEN_STATUSES)
        .select_related("application").order_by("due_on", "id")[:20]
    )
    ctx = base(
        request, "home", today=day,
        n_mine=queries.count_mine(visible, user) if works else 0, n_overdue=overdue.count(), n_soon=soon.count(),
        n_open=selectors.open_cases(visible).count(),
        my_cases=make_rows(selectors.page_of(mine.order_by("sort_on", "id"), 1, 15)[0], day, limit) if works else [],
        works=works,
        overdue_cases=make_rows(selectors.page_of(overdue, 1, 10)[0], day, limit),
        soon_cases=make_rows(selectors.page_of(soon, 1, 10)[0], day, limit), reminders=reminders,
        pending_letters=selectors.pending_documents(user).select_related("application").order_by("issued_on")[:20],
    )
    return render(request, "staff/home.html", ctx)
