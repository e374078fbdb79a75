"""Platform benchmark: table 三 by aggregate query and the case list, at scale.

    GONGKAI_HOME=/tmp/gk-bench python bench/platform_bench.py --cases 1000000
    pg_virtualenv -o shared_buffers=256MB python bench/platform_bench.py --cases 1000000 --postgres

Generates synthetic cases (``gongkai.casework.synthetic``) until the database holds
``--cases`` of them, then times:

- table 三 for one agency-year (target ≤ 1 s),
- table 三 for the whole region: the government and all subordinates (target ≤ 3 s),
- the case list query as a supervisor over the region, first page of 50 open cases due
  soonest (``selectors.page_of``; target p95 ≤ 150 ms), and the rendered case list page
  (``/cases/``, the staff app's view) when the staff app is present.

With ``--postgres`` the DATABASE_URL is built from the PG* variables that pg_virtualenv exports.
Prints one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time


def _pg_url() -> str:
    user, pw = os.environ.get("PGUSER", "postgres"), os.environ.get("PGPASSWORD", "")
    host, port = os.environ.get("PGHOST", "localhost"), os.environ.get("PGPORT", "5432")
    db = os.environ.get("PGDATABASE", "postgres")
    auth = f"{user}:{pw}@" if pw else f"{user}@"
    return f"postgres://{auth}{host}:{port}/{db}"


def timed(fn, repeat: int) -> dict:
    fn()  # warm caches, as a running server would have them
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - t) * 1000)
    runs.sort()
    return {"median_ms": round(statistics.median(runs), 1), "p95_ms": round(runs[int(0.95 * (len(runs) - 1))], 1),
            "max_ms": round(runs[-1], 1), "runs": repeat}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=int, default=100_000)
    ap.add_argument("--agencies", type=int, default=20)
    ap.add_argument("--year", type=int, default=2025)
    ap.add_argument("--postgres", action="store_true", help="use the server pg_virtualenv started")
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    if args.postgres:
        os.environ["DATABASE_URL"] = _pg_url()
    os.environ.setdefault("GONGKAI_HOME", "/tmp/gongkai-bench")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
    os.environ.setdefault("GONGKAI_CLI", "1")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", interactive=False, verbosity=0)
    from django.contrib.auth import get_user_model

    from gongkai import checks
    from gongkai.agencies.models import Agency, Role, Staff
    from gongkai.annual import table3
    from gongkai.casework import synthetic
    from gongkai.casework.models import Application
    from gongkai.casework.selectors import CaseFilter, case_list, page_of

    have = Application.objects.filter(agency__code__startswith="SYN").count()
    gen = None
    if have < args.cases:
        gen = synthetic.generate(args.cases - have, seed=have + 1, agencies=args.agencies)
        print(f"generated {gen['cases']} cases in {gen['seconds']:.1f} s", file=sys.stderr)
    with connection.cursor() as c:  # fresh planner statistics, as after any bulk load
        c.execute("ANALYZE")
    total = Application.objects.filter(agency__code__startswith="SYN").count()
    gov = Agency.objects.get(code="SYN")
    one = Agency.objects.get(code="SYN-001")
    User = get_user_model()
    boss, _ = User.objects.get_or_create(username="syn-supervisor")
    Staff.objects.get_or_create(user=boss, agency=gov, role=Role.SUPERVISOR)

    r_one = table3.build(one, args.year)
    r_all = table3.build(gov, args.year, with_subordinates=True)
    errors = [f.rule for r in (r_one, r_all) for f in checks.check(r) if f.severity == "error" and f.table == "表三"]

    def listing():  # the first page of open cases across the region, due soonest first
        return page_of(case_list(boss, CaseFilter(state="open")), 1, 50)

    out = {
        "database": connection.vendor,
        "cases": total,
        "agencies": Agency.objects.filter(code__startswith="SYN").count(),
        "generated": gen,
        "table3_one_agency_year": timed(lambda: table3.build(one, args.year), max(5, args.repeat // 4)),
        "table3_region_year": timed(lambda: table3.build(gov, args.year, with_subordinates=True),
                                    max(5, args.repeat // 4)),
        "table3_check_errors": errors,
        "table3_one_concluded": r_one.cells["表三|三、本年度办理结果/（七）总计|申请人情况/总计"],
        "table3_region_concluded": r_all.cells["表三|三、本年度办理结果/（七）总计|申请人情况/总计"],
        "case_list_query": timed(listing, args.repeat * 2),
    }
    try:
        from django.test import Client
        from django.urls import reverse

        url = reverse("staff:case_list")
        client = Client(HTTP_HOST="localhost")
        client.force_login(boss)
        status = client.get(url).status_code
        if status == 200:
            out["case_list_page"] = timed(lambda: client.get(url), args.repeat * 2)
        else:
            out["case_list_page"] = f"HTTP {status}"
    except Exception as e:  # the staff app (P2) may not be there; the query figure stands alone
        out["case_list_page"] = f"not measured: {type(e).__name__}: {e}"
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
