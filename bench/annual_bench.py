"""Annual-report benchmark: build and check one agency-year from a million cases; render its PDF.

    GONGKAI_HOME=/tmp/gk-bench1m python bench/annual_bench.py --cases 1000000
    pg_virtualenv -o shared_buffers=256MB sh -c 'GONGKAI_HOME=/tmp/gk-benchpg python bench/annual_bench.py \
        --cases 1000000 --postgres'

Tops the database up to ``--cases`` synthetic cases (`gongkai.casework.synthetic`, shared with
bench/platform_bench.py: the same GONGKAI_HOME reuses them), then gives one department
(SYN-001) a complete year: every 表二 figure with its source, the sections, ``--appeals``
reconsideration and litigation records spread over the agencies (bulk-inserted, like the cases),
and last year locked (so the cross-year rules run).  It then times, warm (best of the runs and
median):

- ``build``: `gongkai.annual.build.build` — 表二 from its sources and providers, 表三 (two
  aggregate queries), 表四 (one), the sections, last year's report, every checker rule and the
  platform's own findings; target ≤ 2 s;
- ``lock``: `do_lock_year` (the same build inside one transaction, with the row locks), rolled back;
- ``pdf``: rendering the report's PDF (WeasyPrint); target ≤ 1 s.  ``pdf_seed`` renders the corpus
  seed report (docs/rendering.md's reference) in the same run, so that the ratio of the two holds
  when the machine is loaded.

Prints one JSON object.  Timings on a shared machine are noisy: compare figures of one run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import time

from platform_bench import _pg_url  # bench/ is on the path when run as a script


def timed(fn, repeat: int) -> dict:
    fn()  # warm: imports, caches, as a running server has them
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - t) * 1000)
    return {"best_ms": round(min(runs), 1), "median_ms": round(statistics.median(runs), 1),
            "max_ms": round(max(runs), 1), "runs": repeat}


def _appeals(agencies, n: int, seed: int) -> int:
    """Bulk-insert `n` appeal records over the agencies and 2021–2026 (benchmarks only)."""
    from gongkai.appeals.models import Appeal

    have = Appeal.objects.filter(agency__code__startswith="SYN").count()
    rng = random.Random(seed)
    kinds = ["reconsideration"] * 6 + ["litigation_direct"] * 3 + ["litigation_after_reconsideration"]
    rows = []
    for _ in range(max(0, n - have)):
        filed = dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(6 * 365))
        lag = rng.randint(20, 400)
        concluded = filed + dt.timedelta(days=lag) if filed + dt.timedelta(days=lag) < dt.date(2026, 12, 1) else None
        rows.append(Appeal(agency=rng.choice(agencies), kind=rng.choice(kinds), body="合成市人民政府",
                           filed_on=filed, concluded_on=concluded,
                           result=rng.choice(["upheld", "upheld", "corrected", "other"]) if concluded else "",
                           applicant_name="合成", decision_ref="合成答复"))
    Appeal.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def _seed_pdf(writers, repeat: int):
    """The seed report (../shared/corpus) rendered the same way, for a within-run ratio."""
    from pathlib import Path

    from gongkai import interchange

    corpus = Path(os.environ.get("GONGKAI_CORPUS", Path(__file__).resolve().parents[1].parent / "shared" / "corpus"))
    truth = corpus / "haining-commerce-2019.truth.json"
    if not truth.exists():
        return "not measured: no corpus"
    seed = interchange.read(truth)
    return timed(lambda: writers.render(seed, "pdf"), repeat)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=int, default=100_000)
    ap.add_argument("--agencies", type=int, default=20)
    ap.add_argument("--appeals", type=int, default=20_000)
    ap.add_argument("--year", type=int, default=2025)
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("--postgres", action="store_true", help="use the server pg_virtualenv started")
    args = ap.parse_args()
    if args.postgres:
        os.environ["DATABASE_URL"] = _pg_url()
    os.environ.setdefault("GONGKAI_HOME", "/tmp/gongkai-bench")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
    os.environ.setdefault("GONGKAI_CLI", "1")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", interactive=False, verbosity=0)
    from gongkai import writers
    from gongkai.agencies.models import Agency, Role, Staff
    from gongkai.annual import build, drafting, locks
    from gongkai.annual.models import ReportLock
    from gongkai.appeals.models import Appeal
    from gongkai.casework import synthetic
    from gongkai.casework.models import Application
    from gongkai.formats import for_year

    have = Application.objects.filter(agency__code__startswith="SYN").count()
    gen = None
    if have < args.cases:
        gen = synthetic.generate(args.cases - have, seed=have + 1, agencies=args.agencies)
        print(f"generated {gen['cases']} cases in {gen['seconds']:.1f} s", file=sys.stderr)
    agencies = list(Agency.objects.filter(code__startswith="SYN"))
    made = _appeals(agencies, args.appeals, seed=7)
    with connection.cursor() as c:
        c.execute("ANALYZE")
    one = Agency.objects.get(code="SYN-001")
    head, _ = get_user_model().objects.get_or_create(username="syn-head")
    Staff.objects.get_or_create(user=head, agency=one, role=Role.HEAD)
    year = args.year
    for y in (year - 1, year):  # a complete draft for last year and this one (a rerun finds 2024 locked)
        if ReportLock.objects.filter(agency=one, year=y).exists():
            continue
        fmt = for_year(y)
        figs = {a: str(i % 7) for i, (a, c) in enumerate(fmt.cells.items()) if c.table == "表二"}
        drafting.do_enter_table2(head, one, y, figures_in=figs, sources={a: "合成数据" for a in figs})
        drafting.do_save_sections(head, one, y, sections={1: "总体情况。" * 200, 5: "问题与改进。" * 80,
                                                          6: "本年度未收取信息处理费。"})
    if not ReportLock.objects.filter(agency=one, year=year - 1).exists():
        locks.do_lock_year(head, one, year - 1, reason="基准测试")
    built = build.build(one, year)
    report = built.report

    def lock_and_roll_back():
        with transaction.atomic():
            locks.do_lock_year(head, one, year, reason="基准测试")
            transaction.set_rollback(True)

    out = {
        "database": connection.vendor,
        "cases": Application.objects.filter(agency__code__startswith="SYN").count(),
        "cases_one_agency": Application.objects.filter(agency=one).count(),
        "appeals_added": made,
        "appeals_total": Appeal.objects.filter(agency__code__startswith="SYN").count(),
        "year": year,
        "generated": gen,
        "concluded_in_year_one_agency": report.number(
            f"表三|{report.format.roles.concluded}|{report.format.roles.total_column}"),
        "findings": {str(k): v for k, v in built.counts.items()},
        "previous": built.previous_source,
        "build_and_check": timed(lambda: build.build(one, year), args.repeat),
        "lock_rolled_back": timed(lock_and_roll_back, max(3, args.repeat // 2)),
        "pdf": timed(lambda: writers.render(report, "pdf"), max(3, args.repeat // 2)),
        "pdf_bytes": len(writers.render(report, "pdf")),
        "pdf_seed": _seed_pdf(writers, max(3, args.repeat // 2)),
        "load_average": os.getloadavg()[0],
    }
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
