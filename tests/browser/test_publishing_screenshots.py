"""Screenshots of the catalogue pages for docs/img (run with GONGKAI_SCREENSHOTS=1), on the demo."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .test_publishing import private_in_tmp  # noqa: F401  (autouse: files in a tmp GONGKAI_HOME)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OUT = Path(__file__).resolve().parents[2] / "docs" / "img"


@pytest.mark.skipif(os.environ.get("GONGKAI_SCREENSHOTS") != "1",
                    reason="writes docs/img/catalogue-*.png; set GONGKAI_SCREENSHOTS=1 to refresh them")
def test_catalogue_screenshots(browser, live_server):
    from gongkai.casework import demo as casework_demo
    from gongkai.publishing import demo
    from gongkai.publishing.models import Item

    casework_demo.load(cases=0)
    demo.load()
    OUT.mkdir(parents=True, exist_ok=True)
    ctx = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page = ctx.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "hn-reviewer")
    page.fill("#id_password", demo.PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/catalogue/")
    page.screenshot(path=str(OUT / "catalogue-staff-list.png"), full_page=True)
    submitted = Item.objects.get(agency__code="HN", status="submitted")
    page.goto(f"{live_server.url}/catalogue/{submitted.pk}/")
    page.screenshot(path=str(OUT / "catalogue-review.png"), full_page=True)
    page.goto(f"{live_server.url}/catalogue/table2/?agency={submitted.agency_id}")
    page.screenshot(path=str(OUT / "catalogue-table2.png"), full_page=True)
    phone = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, device_scale_factor=2,
                                is_mobile=True).new_page()
    phone.goto(f"{live_server.url}/public/HN/catalogue/?q=老旧小区")
    phone.screenshot(path=str(OUT / "catalogue-public-search-phone.png"), full_page=True)
    abolished = Item.objects.get(agency__code="HN", status="abolished")
    phone.goto(f"{live_server.url}/public/HN/catalogue/{abolished.pk}/")
    phone.screenshot(path=str(OUT / "catalogue-public-item-phone.png"), full_page=True)
    page.goto(f"{live_server.url}/public/HN/guide/")
    page.screenshot(path=str(OUT / "catalogue-guide.png"), full_page=True)
