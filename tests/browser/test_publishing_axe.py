"""axe-core on the catalogue's public and staff pages, desktop and phone: no serious or critical
violations.  axe-core comes from the npm registry (`npm install axe-core` at the repository root,
or GONGKAI_AXE_JS=/path/to/axe.min.js); without it the test is skipped and says so."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .test_publishing import private_in_tmp  # noqa: F401  (autouse: files in a tmp GONGKAI_HOME)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(os.environ.get("GONGKAI_AXE_JS", Path(__file__).resolve().parents[2] / "node_modules" / "axe-core"
                          / "axe.min.js"))
RULES = "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']"


def violations(page, url: str) -> list:
    page.goto(url)
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    return page.evaluate(f"""async () => (await axe.run(document, {{runOnly: {RULES}}})).violations
        .filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => [v.id, v.impact, v.nodes.map(n => n.target.join(' ')).slice(0, 3)])""")


@pytest.mark.skipif(not AXE.is_file(), reason=f"axe-core not installed ({AXE}); npm install axe-core")
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
