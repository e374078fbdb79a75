"""Screenshots of the portal's main pages for docs/img (run with GONGKAI_SCREENSHOTS=1), on the demo:
the landing page (desktop, and a phone in large-text mode), the application form, the receipt,
and a case waiting for 补正 as its applicant tracks it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OUT = Path(__file__).resolve().parents[2] / "docs" / "img"


@pytest.mark.skipif(os.environ.get("GONGKAI_SCREENSHOTS") != "1",
                    reason="writes docs/img/portal-*.png; set GONGKAI_SCREENSHOTS=1 to refresh them")
def test_portal_screenshots(browser, live_server):
    from django.contrib.auth import get_user_model

    from gongkai.annual import demo as annual_demo
    from gongkai.casework import actions
    from gongkai.casework import demo as casework_demo
    from gongkai.casework.demo import synthetic_id
    from gongkai.casework.models import Application
    from gongkai.publishing import demo

    casework_demo.load(cases=0)
    demo.load()
    annual_demo.load()
    OUT.mkdir(parents=True, exist_ok=True)
    desk = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900}).new_page()
    desk.goto(f"{live_server.url}/public/HN/")
    desk.screenshot(path=str(OUT / "portal-landing.png"), full_page=True)
    phone_ctx = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, device_scale_factor=2,
                                    is_mobile=True)
    phone = phone_ctx.new_page()
    phone.goto(f"{live_server.url}/public/HN-SW/")
    phone.click("button[aria-pressed=false]")
    phone.wait_for_selector("button[aria-pressed=true]")
    phone.screenshot(path=str(OUT / "portal-landing-phone-large.png"), full_page=True)
    phone.goto(f"{live_server.url}/public/text-size/?size=normal&next=/public/HN-SW/apply/")
    phone.screenshot(path=str(OUT / "portal-apply-phone.png"), full_page=True)
    phone.fill("#id_applicant_name", "钱女士")
    phone.fill("#id_identifier", "330481199001011234")  # a wrong check digit: refused with the reason
    phone.fill("#id_contact_phone", "13700002222")
    phone.click("button.primary")
    phone.screenshot(path=str(OUT / "portal-apply-errors-phone.png"), full_page=True)
    phone.fill("#id_identifier", synthetic_id(77))
    phone.fill("#id_information_requested", "本局2025年度外贸发展专项资金分配结果")
    phone.click("button.primary")
    phone.screenshot(path=str(OUT / "portal-receipt-phone.png"), full_page=True)
    number = phone.locator("#tracking-number").inner_text().strip()
    app = Application.objects.get(number=number)
    head = get_user_model().objects.get(username="sw-head")
    actions.do_request_correction(head, app, on=app.received_on, items="请写明所需专项资金的具体项目名称")
    desk.context.add_cookies(phone_ctx.cookies())
    desk.goto(f"{live_server.url}/public/track/{number}/")
    desk.screenshot(path=str(OUT / "portal-track-correction.png"), full_page=True)
