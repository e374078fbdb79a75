"""Screenshots of the key staff pages for docs/img (run with GONGKAI_SCREENSHOTS=1).

Uses the demo agency (海宁市) so the pages show realistic cases.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OUT = Path(__file__).resolve().parents[2] / "docs" / "img"


@pytest.mark.skipif(os.environ.get("GONGKAI_SCREENSHOTS") != "1",
                    reason="writes docs/img/staff-*.png; set GONGKAI_SCREENSHOTS=1 to refresh them")
def test_screenshots(page, live_server):
    from gongkai.casework import demo
    from gongkai.casework.models import Application
    from gongkai.casework.tasks import record_reminders

    demo.load()
    record_reminders()
    OUT.mkdir(parents=True, exist_ok=True)

    page.goto(f"{live_server.url}/accounts/login/")
    page.screenshot(path=str(OUT / "staff-login.png"))
    page.fill("#id_username", "hn-head")
    page.fill("#id_password", demo.PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    page.screenshot(path=str(OUT / "staff-home.png"), full_page=True)

    page.goto(f"{live_server.url}/cases/?status=open")
    page.screenshot(path=str(OUT / "staff-case-list.png"), full_page=True)

    from gongkai.casework.actions.letters import render_document
    from gongkai.casework.models import Document

    open_case = Application.objects.filter(agency__code="HN", status="correction").order_by("due_on").first()
    for doc in Document.objects.filter(application=open_case, state="issued"):
        render_document(doc.pk)  # the demo leaves the drawing to the worker
    page.goto(f"{live_server.url}/cases/{open_case.pk}/")
    page.screenshot(path=str(OUT / "staff-case.png"), full_page=True)

    page.goto(f"{live_server.url}/cases/new/")
    page.fill("#id_applicant_name", "某某有限公司")
    page.select_option("#id_applicant_kind", "other")
    page.fill("#id_identifier", demo.synthetic_credit_code(77))
    page.click("button[name=check]")
    page.screenshot(path=str(OUT / "staff-new-case.png"), full_page=True)

    page.goto(f"{live_server.url}/table3/")
    page.screenshot(path=str(OUT / "staff-table3.png"), full_page=True)
