"""Catalogue benchmark: the staff list and search, 表二, the public search and item page, at scale.

    GONGKAI_HOME=/tmp/gk-cat python bench/catalogue_bench.py --items 100000
    pg_virtualenv -o shared_buffers=256MB sh -c 'GONGKAI_HOME=/tmp/gk-catpg python bench/catalogue_bench.py \
        --items 100000 --postgres'

Generates synthetic items (``gongkai.publishing.synthetic``: 10 agencies, the government holding
30 %) until the database holds ``--items`` of them, then times whole HTTP requests through
Django's test client (middleware, session, query, template), each a rotation over different
queries so no single cached answer is measured:

- staff list: the government's clerk (≈ 30,000 items) and a supervisor over all 10 agencies,
  first page, plain and filtered (target p95 ≤ 100 ms);
- staff search: common, rare, two-word and one-character terms (target p95 ≤ 100 ms);
- 表二 (`table2.provide`) for the government's year (target ≤ 200 ms);
- public catalogue search and filters with the result count, and public item pages
  (target p95 ≤ 100 ms).

Prints one JSON object.  Timings on the shared 2-core machine are noisy: compare within a run.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import statistics
import sys
import time

from platform_bench import _pg_url  # bench/ is on the path when run as a script


def timed(fn, inputs: list, repeat: int) -> dict:
    """Run fn over `inputs` in rotation `repeat` times (after one warm-up pass); ms figures."""
    for x in inputs:
        fn(x)
    runs = []
    for x in itertools.islice(itertools.cycle(inputs), repeat):
        t = time.perf_counter()
        fn(x)
        runs.append((time.perf_counter() - t) * 1000)
    runs.sort()
    return {"median_ms": round(statistics.median(runs), 1), "p95_ms": round(runs[int(0.95 * (len(runs) - 1))], 1),
            "max_ms": round(runs[-1], 1), "runs": repeat}


def arguments(doc: str, home: str) -> argparse.Namespace:
    """--items, --postgres, --repeat, and the environment Django is then set up in (shared with
    bench/portal_bench.py)."""
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--items", type=int, default=100_000)
    ap.add_argument("--postgres", action="store_true", help="use the server pg_virtualenv started")
    ap.add_argument("--repeat", type=int, default=60)
    args = ap.parse_args()
    if args.postgres:
        os.environ["DATABASE_URL"] = _pg_url()
    os.environ.setdefault("GONGKAI_HOME", home)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
    os.environ.setdefault("GONGKAI_CLI", "1")
    return args


def main() -> int:
    args = arguments(__doc__, "/tmp/gongkai-catbench")
    os.environ.setdefault("GONGKAI_PORTAL_CACHE_SECONDS", "0")  # the queries, not the portal's page cache
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    settings.ALLOWED_HOSTS.append("testserver")
    call_command("migrate", interactive=False, verbosity=0)
    from django.test import Client

    from gongkai.agencies.models import Agency, Role
    from gongkai.formats import for_year
    from gongkai.publishing import synthetic, table2
    from gongkai.publishing.models import Item

    have = Item.objects.filter(agency__code__startswith="SYC").count()
    gen = None
    if have < args.items:
        gen = synthetic.generate(args.items - have, seed=have + 1)
        print(f"generated {gen['items']} items in {gen['seconds']} s", file=sys.stderr)
    with connection.cursor() as c:  # fresh planner statistics, as after any bulk load
        c.execute("ANALYZE")
    gov = Agency.objects.get(code="SYC")
    clerk = synthetic.staff(gov, Role.REGISTRAR, "syc-clerk")
    boss = synthetic.staff(gov, Role.SUPERVISOR, "syc-supervisor")
    staff_clerk, staff_boss, public = Client(), Client(), Client()
    staff_clerk.force_login(clerk)
    staff_boss.force_login(boss)

    def get(client, url):
        r = client.get(url)
        assert r.status_code == 200, (url, r.status_code)
        return r

    common = ["管理", "通知", "安全", "补贴", "财政预算", "实施意见"]
    rare = ["燃气安全", "公共自行车", "疫苗接种", "河湖长制", "科技创新券", "电动自行车管理"]
    multi = ["老旧小区 改造", "防汛 应急物资", "2024 通知", "合成市 养老服务"]
    single = ["燃", "券", "防"]
    ids = list(Item.objects.filter(agency=gov, status="published").order_by("?").values_list("pk", flat=True)[:50])
    year = 2025
    fmt = for_year(year)
    counts = table2.provide(gov, year, fmt)
    first = public.get(f"/public/SYC/catalogue/?q={common[0]}").content.decode()
    out = {
        "database": connection.vendor,
        "items": Item.objects.count(),
        "government_items": Item.objects.filter(agency=gov).count(),
        "generated": gen,
        "staff_list_clerk": timed(lambda q: get(staff_clerk, f"/catalogue/{q}"),
                                  ["", "?status=public", "?article_item=20-07", "?year=2024", "?doc_kind=normative",
                                   "?page=5"], args.repeat),
        "staff_list_supervisor_all_agencies": timed(lambda q: get(staff_boss, f"/catalogue/{q}"),
                                                    ["", "?status=open", "?article_item=20-01"], args.repeat),
        "staff_search_common": timed(lambda q: get(staff_clerk, f"/catalogue/?q={q}"), common, args.repeat),
        "staff_search_rare": timed(lambda q: get(staff_clerk, f"/catalogue/?q={q}"), rare, args.repeat),
        "staff_search_two_words": timed(lambda q: get(staff_clerk, f"/catalogue/?q={q}"), multi, args.repeat),
        "staff_search_one_character": timed(lambda q: get(staff_clerk, f"/catalogue/?q={q}"), single, args.repeat),
        "staff_search_supervisor": timed(lambda q: get(staff_boss, f"/catalogue/?q={q}"), common + rare, args.repeat),
        "table2_government_year": timed(lambda y: table2.provide(gov, y, for_year(y)), [2025, 2024, 2023, 2020],
                                        max(10, args.repeat // 3)),
        "table2_2025": counts,
        "public_list": timed(lambda q: get(public, f"/public/SYC/catalogue/{q}"),
                             ["", "?item=20-07", "?year=2023", "?validity=abolished", "?page=40"], args.repeat),
        "public_search_common": timed(lambda q: get(public, f"/public/SYC/catalogue/?q={q}"), common, args.repeat),
        "public_search_rare": timed(lambda q: get(public, f"/public/SYC/catalogue/?q={q}"), rare, args.repeat),
        "public_search_filtered": timed(lambda q: get(public, f"/public/SYC/catalogue/?q={q}&item=20-01&year=2024"),
                                        common + rare, args.repeat),
        "public_item_page": timed(lambda pk: get(public, f"/public/SYC/catalogue/{pk}/"), ids, args.repeat),
        "public_search_count_line": re.search(r'<p class="count"[^>]*>(.*?)</p>', first, re.S).group(1).strip(),
    }
    with connection.cursor() as c:
        if connection.vendor == "sqlite":
            c.execute("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")
            out["database_bytes"] = c.fetchone()[0]
    print(json.dumps(out, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
