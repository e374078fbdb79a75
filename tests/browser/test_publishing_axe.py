"""axe-core on the catalogue's public and staff pages, desktop and phone: no serious or critical
violations.  axe-core comes from the npm registry (`tools/venv.sh test` installs it under
.cache/npm; or GONGKAI_AXE_JS=/path/to/axe.min.js); without it the test is skipped and says so."""

from __future__ import annotations

import pytest

from axe_core import AXE, MISSING, serious_violations

from .test_publishing import private_in_tmp  # noqa: F401  (autouse: files in a tmp GONGKAI_HOME)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]



def violations(page, url: str) -> list:
    page.goto(url)
    return serious_violations(page)


@pytest.mark.skipif(not AXE.is_file(), reason=MISSING)
def test_no_serious_violations(browser, live_server):
    from gongkai.casework import demo as casework_demo
    from gongkai.publishing import demo
    from gongkai.publishing.models import Item

    casework_demo.load(cases=0)
    demo.load()
    abolished = Item.objects.get(agency__code="HN", status="abolished")
    submitted = Item.objects.get(agency__code="HN", status="submitted")
    public = ["/public/HN/catalogue/", "/public/HN/catalogue/?q=办法", f"/public/HN/catalogue/{abolished.pk}/",
              "/public/HN/guide/"]
    staff = ["/catalogue/", f"/catalogue/{submitted.pk}/", "/catalogue/late/", "/catalogue/import/",
             "/catalogue/table2/", "/catalogue/guide/", "/catalogue/new/"]
    found = {}
    for width, height in ((1366, 900), (390, 844)):
        ctx = browser.new_context(locale="zh-CN", viewport={"width": width, "height": height})
        page = ctx.new_page()
        for url in public:
            found[f"{width} {url}"] = violations(page, live_server.url + url)
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", "hn-reviewer")
        page.fill("#id_password", demo.PASSWORD)
        page.keyboard.press("Enter")
        page.wait_for_url(f"{live_server.url}/")
        for url in staff:
            found[f"{width} {url}"] = violations(page, live_server.url + url)
        ctx.close()
    assert {k: v for k, v in found.items() if v} == {}
