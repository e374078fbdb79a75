"""Portal benchmark: the public pages of an agency with 100,000 catalogue items, timed as whole
HTTP requests through Django's test client (every middleware, the session, the queries, the
template), with the portal's page cache off (the work itself) and on (what a repeat visitor of a
popular page gets between two publications).

    GONGKAI_HOME=/tmp/gk-portal python bench/portal_bench.py --items 100000
    pg_virtualenv sh -c 'GONGKAI_HOME=/tmp/gk-portalpg python bench/portal_bench.py --items 100000 --postgres'

Items come from ``gongkai.publishing.synthetic`` (10 agencies, the government SYC holding 30 %),
as bench/catalogue_bench.py makes them (the same database can serve both).  Targets (issue 14):
catalogue search and item pages p95 ≤ 100 ms.  Prints one JSON object.  The machine is shared:
compare figures within one run.
"""

from __future__ import annotations

import json
import os
import sys

from catalogue_bench import arguments, timed  # bench/ is on the path when run as a script

TARGET_MS = 100


def main() -> int:
    args = arguments(__doc__, "/tmp/gongkai-portalbench")
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    settings.ALLOWED_HOSTS.append("testserver")
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # pages name hashed static files, as served
    from gongkai.agencies.models import Agency
    from gongkai.publishing import synthetic
    from gongkai.publishing.models import Item

    have = Item.objects.filter(agency__code__startswith="SYC").count()
    gen = None
    if have < args.items:
        gen = synthetic.generate(args.items - have, seed=have + 1)
        print(f"generated {gen['items']} items in {gen['seconds']} s", file=sys.stderr)
        with connection.cursor() as c:
            c.execute("ANALYZE")
    gov = Agency.objects.get(code="SYC")
    public = Client()

    def get(url):
        r = public.get(url)
        assert r.status_code == 200, (url, r.status_code)
        return r

    common = ["管理", "通知", "安全", "补贴", "财政预算", "实施意见"]
    rare = ["燃气安全", "公共自行车", "疫苗接种", "河湖长制", "科技创新券", "电动自行车管理"]
    ids = list(Item.objects.filter(agency=gov, status="published").order_by("?").values_list("pk", flat=True)[:50])
    pages = {
        "landing": (lambda _: get("/public/SYC/"), [0]),
        "search_common": (lambda q: get(f"/public/SYC/catalogue/?q={q}"), common),
        "search_rare": (lambda q: get(f"/public/SYC/catalogue/?q={q}"), rare),
        "search_filtered": (lambda q: get(f"/public/SYC/catalogue/?q={q}&item=20-01&year=2024"), common + rare),
        "list_filters": (lambda q: get(f"/public/SYC/catalogue/{q}"), ["", "?item=20-07", "?year=2023", "?page=40"]),
        "item_page": (lambda pk: get(f"/public/SYC/catalogue/{pk}/"), ids),
        "feed": (lambda _: get("/public/SYC/catalogue/feed.atom"), [0]),
        "region": (lambda _: get("/public/"), [0]),
    }
    out = {"database": connection.vendor, "items": Item.objects.count(),
           "government_items": Item.objects.filter(agency=gov).count(), "generated": gen,
           "uncached": {}, "cached": {}}
    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    for name, (fn, inputs) in pages.items():
        out["uncached"][name] = timed(fn, inputs, args.repeat)
    settings.PORTAL_PAGE_CACHE_SECONDS = 300
    cache.clear()
    for name, (fn, inputs) in pages.items():
        out["cached"][name] = timed(fn, inputs, args.repeat)
    assert get("/public/SYC/").get("X-Portal-Cache") == "hit"
    checked = [k for k in ("search_common", "search_rare", "search_filtered", "item_page")]
    out["targets"] = {f"{k}_p95_le_{TARGET_MS}ms": out["uncached"][k]["p95_ms"] <= TARGET_MS for k in checked}
    out["loadavg"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(out, ensure_ascii=False, indent=1))
    return 0 if all(out["targets"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
