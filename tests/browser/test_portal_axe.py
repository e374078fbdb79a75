"""axe-core on the portal's main pages — the region's agencies, an agency's landing page, the
application form (empty, and refused with errors), the receipt, tracking (the form and a case
waiting for 补正, with its reply form), the catalogue and the annual reports — at desktop and
phone size, normal and large text: no serious or critical WCAG 2.1 A/AA violation, and no
sideways scrolling on the phone."""

from __future__ import annotations

import pytest

from axe_core import AXE, MISSING, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.skipif(not AXE.is_file(), reason=MISSING)]


def test_portal_pages_have_no_serious_violations(browser, live_server):
    from gongkai.annual import demo as annual_demo
    from gongkai.casework import actions
    from gongkai.casework import demo as casework_demo
    from gongkai.casework.demo import synthetic_id
    from gongkai.publishing import demo as publishing_demo

    casework_demo.load(cases=0)
    publishing_demo.load()
    annual_demo.load()
    from django.contrib.auth import get_user_model

    handler = get_user_model().objects.get(username="sw-head")
    found, wide = {}, []
    for width, height in ((1366, 900), (390, 844)):
        for large in (False, True):
            ctx = browser.new_context(locale="zh-CN", viewport={"width": width, "height": height})
            if large:
                ctx.add_cookies([{"name": "portal_text", "value": "large", "url": live_server.url}])
            page = ctx.new_page()
            label = f"{width}{' large' if large else ''}"

            def check(name, url=None, page=page, label=label, width=width):
                if url:
                    page.goto(live_server.url + url)
                found[f"{label} {name}"] = serious_violations(page)
                if width < 500 and not page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"):
                    wide.append(f"{label} {name}")

            for url in ("/public/", "/public/HN-SW/", "/public/HN/", "/public/HN-SW/catalogue/",
                        "/public/annual/HN-SW/", "/public/HN-SW/guide/", "/public/track/"):
                check(url, url)
            page.goto(live_server.url + "/public/HN-SW/apply/")
            check("apply")
            page.click("button.primary")  # empty: refused with messages next to each field
            check("apply with errors")
            page.fill("#id_applicant_name", "钱女士")
            page.fill("#id_identifier", synthetic_id(width + large))
            page.fill("#id_contact_phone", "13700002222")
            page.fill("#id_information_requested", "本局2025年度行政许可办理情况统计")
            page.click("button.primary")
            number = page.locator("#tracking-number").inner_text().strip()
            check("receipt")
            from gongkai.casework.models import Application

            app = Application.objects.get(number=number)
            actions.do_request_correction(handler, app, on=app.received_on, items="请写明所需统计的具体事项")
            page.goto(f"{live_server.url}/public/track/{number}/")
            check("track case (补正)")
            ctx.close()
    assert {k: v for k, v in found.items() if v} == {}
    assert wide == []
