"""Platform benchmark: table 三, the case list, search and the ledger export, at scale.

    GONGKAI_HOME=/tmp/gk-bench python bench/platform_bench.py --cases 1000000
    pg_virtualenv -o shared_buffers=256MB -o work_mem=32MB \\
        python bench/platform_bench.py --cases 1000000 --postgres

Generates synthetic cases (``gongkai.casework.synthetic``) until the database holds
``--cases`` of them, then times (each a warm median / p95 / max over ``--repeat`` runs):

- table 三 for one agency-year (target ≤ 1 s) and for the whole region (≤ 3 s);
- the case list: the query alone, and the page ``/cases/`` rendered by the staff view through
  Django's test client as the region's supervisor (target p95 ≤ 50 ms);
- search: each kind of query people type (a full name, part of a name, an ID number, a phone
  number and its last four digits, a case number, a letter number, words of the request) —
  the query alone and the page (target p95 ≤ 200 ms);
- the ledger export of 10,000 cases, CSV and XLSX, through the view (target ≤ 5 s).

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
    ap.add_argument("--only", default="", help="comma-separated: table3,list,search,ledger (default all)")
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
    import logging

    logging.disable(logging.WARNING)  # the export is audited; its log line is not the measurement
    from django.contrib.auth import get_user_model

    from gongkai import checks
    from gongkai.agencies.models import Agency, Role, Staff
    from gongkai.annual import table3
    from gongkai.casework import synthetic
    from gongkai.casework.models import Application
    from gongkai.casework.selectors import CaseFilter, case_list, page_of

    only = set(filter(None, args.only.split(","))) or {"table3", "list", "search", "ledger"}
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
    out: dict = {"database": connection.vendor, "cases": total,
                 "agencies": Agency.objects.filter(code__startswith="SYN").count(), "generated": gen}

    if "table3" in only:
        r_one = table3.build(one, args.year)
        r_all = table3.build(gov, args.year, with_subordinates=True)
        out["table3_one_agency_year"] = timed(lambda: table3.build(one, args.year), max(5, args.repeat // 4))
        out["table3_region_year"] = timed(lambda: table3.build(gov, args.year, with_subordinates=True),
                                          max(5, args.repeat // 4))
        out["table3_check_errors"] = [f.rule for r in (r_one, r_all) for f in checks.check(r)
                                      if f.severity == "error" and f.table == "表三"]
        out["table3_region_concluded"] = r_all.cells["表三|三、本年度办理结果/（七）总计|申请人情况/总计"]

    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    client.force_login(boss)

    def page(url, params=None):
        def get():
            r = client.get(url, params or {})
            assert r.status_code == 200, (url, params, r.status_code)
            return r
        return get

    if "list" in only:
        out["case_list_query"] = timed(lambda: page_of(case_list(boss, CaseFilter(state="open")), 1, 50),
                                       args.repeat * 2)
        out["case_list_page"] = timed(page("/cases/"), args.repeat * 2)
        out["case_list_page_all_newest"] = timed(page("/cases/", {"status": "all", "order": "new"}), args.repeat)

    if "search" in only:
        sample = Application.objects.filter(agency__code__startswith="SYN", applicant_kind="natural",
                                            status="closed").order_by("-id").first()
        toks = sample.search_entry.document.split()
        letter = toks[toks.index("号") - 1]  # the reply's number: …〔year〕n号
        queries = {
            "full name": sample.applicant_name,
            "part of a name": sample.applicant_name[1:],
            "ID number": sample.identifier,
            "phone": sample.contact_phone,
            "phone, last 4": sample.contact_phone[-4:],
            "case number": sample.number,
            "case number without agency": sample.number.split("-", 2)[-1],
            "letter number": f"{sample.agency.short_name}〔{sample.concluded_on.year}〕{letter}号",
            "request words": "征收补偿方案 东城街道",
        }
        out["search"] = {}
        for label, q in queries.items():
            hits = case_list(boss, CaseFilter(state="all", q=q)).count()
            out["search"][label] = {
                "query": q if label not in ("ID number", "phone") else q[:4] + "…",
                "hits": hits,
                "query_ms": timed(lambda q=q: page_of(case_list(boss, CaseFilter(state="all", q=q)), 1, 50),
                                  args.repeat),
                "page_ms": timed(page("/cases/", {"status": "all", "q": q}), args.repeat),
            }

    if "ledger" in only:
        params = {"status": "closed", "year": str(args.year), "applicant_kind": "commercial"}
        rows = case_list(boss, CaseFilter(state="closed", year=args.year, applicant_kind="commercial")).count()
        if rows < 10_000:  # the whole year when the commercial cases are fewer
            params, rows = {"status": "closed", "year": str(args.year)}, case_list(
                boss, CaseFilter(state="closed", year=args.year)).count()
        out["ledger"] = {"filter": params, "rows": min(rows, 50_000)}
        for fmt in ("csv", "xlsx"):
            t = time.perf_counter()
            r = client.get(f"/cases/export.{fmt}", params)
            assert r.status_code == 200
            out["ledger"][f"{fmt}_seconds"] = round(time.perf_counter() - t, 2)
            out["ledger"][f"{fmt}_bytes"] = len(r.content)
        from gongkai.casework import ledger
        from gongkai.casework.selectors import case_list as cl

        qs = cl(boss, CaseFilter(state="closed", year=args.year))
        t = time.perf_counter()
        data = list(ledger.rows(qs, __import__("datetime").date.today(), limit=10_000))
        ledger.to_xlsx(iter(data))
        out["ledger"]["exactly_10000_xlsx_seconds"] = round(time.perf_counter() - t, 2)
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
