"""The supervising office's targets, measured on a throwaway SQLite file database.

    python bench/region_bench.py page  [--agencies 200] [--runs 40]   # year page p50/p95, summary, charts
    python bench/region_bench.py read  [--documents 1000] [--workers 2]  # uploads read and checked by workers

`page`: a region of N agencies (a government and N−1 departments), each with an accepted upload
(Document + Entry + tracked findings, made by the real `refresh_entry` from reports rendered from the
corpus truths); then GET the region's year page `--runs` times through Django's test client (the
whole stack: URL, auth, queries, template), the summary (build + page) and the charts page.

`read`: N documents made from the corpus — HTML rendered by gongkai's writers from the 2021-format
truths and the real text report sanming-2022.txt, each re-labelled to one agency of a region of N
agencies — uploaded as ZIPs of 100 through `do_upload`, then read and checked by `--workers`
`python -m django db_worker --batch` processes (the production worker, django-tasks-db) until the
queue is empty.  The time covers the upload and the reading.

Timings are wall-clock on a shared machine: compare ratios within one run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HOME = Path(tempfile.mkdtemp(prefix="gongkai-region-bench-"))
os.environ["GONGKAI_HOME"] = str(HOME)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
os.environ["GONGKAI_CLI"] = "1"
os.environ.pop("DATABASE_URL", None)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

CORPUS = Path(os.environ.get("GONGKAI_CORPUS", Path(__file__).resolve().parents[2] / "shared" / "corpus"))
YEAR = 2024
TRUTHS = ("sanming-2022", "shuyang-county-2025", "hongze-district-2023")


def _region(n: int):
    from django.contrib.auth import get_user_model

    from gongkai.agencies.models import Agency, AgencyKind, Role, Staff

    gov = Agency.objects.create(code="B", name="基准市人民政府", kind=AgencyKind.GOVERNMENT)
    Agency.objects.bulk_create([Agency(code=f"B-{i:04d}", name=f"基准市第{i}局", parent=gov) for i in range(1, n)])
    office = get_user_model().objects.create_user("bench-office", password="x")
    Staff.objects.create(user=office, agency=gov, role=Role.SUPERVISOR)
    return gov, office


def _report(truth: str, agency: str, year: int, bump: int = 0):
    from gongkai import interchange

    r = interchange.read(CORPUS / f"{truth}.truth.json")
    r.agency, r.year = agency, year
    new = "表三|一、本年新收政府信息公开申请数量|申请人情况/自然人"
    if r.cells.get(new) is not None:
        r.cells[new] += bump  # every agency's report differs a little (and some break T3-1/T3-2)
    r.sections = {1: f"{year}年，{agency}认真贯彻落实《中华人民共和国政府信息公开条例》，全年共收到政府信息公开申请若干件。",
                  5: "一是主动公开的及时性有待提高；二是政策解读形式较为单一。", 6: "本机关全年未收取信息处理费。"}
    return r


def page(args) -> None:
    from django.db import transaction
    from django.test import Client

    from gongkai import interchange
    from gongkai.agencies.models import Agency
    from gongkai.supervision import review, summary
    from gongkai.supervision.models import Batch, Document

    call_command("migrate", verbosity=0)
    gov, office = _region(args.agencies)
    agencies = list(Agency.objects.filter(pk__in=gov.descendants_ids()).order_by("code"))
    t = time.perf_counter()
    batch = Batch.objects.create(government=gov, year=YEAR, name="bench", uploaded_by=office)
    for i, a in enumerate(agencies):
        r = _report(TRUTHS[i % len(TRUTHS)], a.name, YEAR, bump=i % 3)
        with transaction.atomic():
            Document.objects.create(batch=batch, government=gov, year=YEAR, agency=a, name=f"{a.code}.html",
                                    path="", size=0, sha256=f"{i:064d}", kind="html", state="read",
                                    received_on=f"{YEAR + 1}-01-{1 + i % 28:02d}", version=1, current=True,
                                    report=interchange.to_dict(r))
            review.refresh_entry(a, YEAR)
    print(f"region of {len(agencies)} agencies prepared in {time.perf_counter() - t:.1f} s")
    client = Client(HTTP_HOST="127.0.0.1")  # the settings allow the local host only
    client.force_login(office)
    url = f"/supervision/region/{gov.pk}/{YEAR}/"
    warm = client.get(url)  # templates compiled, connections open
    assert warm.status_code == 200, (warm.status_code, warm.content[:300])
    times, cpu = [], []
    for _ in range(args.runs):
        t, c = time.perf_counter(), time.process_time()
        resp = client.get(url)
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
        assert resp.status_code == 200 and resp.content.count(b"data-agency=") == len(agencies)
    def p95(xs):
        return sorted(xs)[max(0, round(0.95 * len(xs)) - 1)]

    print(f"year page ({len(agencies)} agencies, {args.runs} runs): wall p50 {statistics.median(times):.0f} ms, "
          f"p95 {p95(times):.0f} ms (target ≤ 300 ms); CPU of this process p50 {statistics.median(cpu):.0f} ms, "
          f"p95 {p95(cpu):.0f} ms")
    t = time.perf_counter()
    s = summary.build(gov, YEAR, "all")
    build = time.perf_counter() - t
    assert s.report is not None and len(s.included) == len(agencies)
    t = time.perf_counter()
    assert client.get(f"/supervision/region/{gov.pk}/{YEAR}/summary/").status_code == 200
    page_s = time.perf_counter() - t
    t = time.perf_counter()
    assert client.get(f"/supervision/region/{gov.pk}/{YEAR}/summary/?download=xlsx").status_code == 200
    xlsx_s = time.perf_counter() - t
    print(f"summary of {len(s.included)} reports: build + check {build:.2f} s; page {page_s:.2f} s; "
          f"XLSX (one row per agency and cell, {len(s.included) * len(s.report.format.cells)} rows) {xlsx_s:.2f} s "
          "(target ≤ 2 s)")
    t = time.perf_counter()
    assert client.get(f"/supervision/region/{gov.pk}/{YEAR}/charts/").status_code == 200
    print(f"charts page: {time.perf_counter() - t:.2f} s")


def _documents(n: int, names: list[str]) -> list[tuple[str, bytes]]:
    """HTML rendered from the truths (≈ 70 %) and the real sanming-2022.txt re-labelled (≈ 30 %)."""
    from gongkai.writers import render

    text = (CORPUS / "sanming-2022.txt").read_text(encoding="utf-8")
    out = []
    for i in range(n):
        name = names[i]
        if i % 10 < 3:
            # the real text report, re-labelled: its agency and year replaced, one number changed
            body = text.replace("三明市人民政府", name).replace("三明市", name).replace("2022", str(YEAR))
            out.append((f"{name}.txt", body.encode("utf-8")))
        else:
            out.append((f"{name}.html", render(_report(TRUTHS[i % len(TRUTHS)], name, YEAR, bump=i % 5), "html")))
    return out


def read(args) -> None:
    import io
    import zipfile

    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.agencies.models import Agency
    from gongkai.supervision import actions
    from gongkai.supervision.models import Document

    call_command("migrate", verbosity=0)
    gov, office = _region(args.documents + 1)
    names = list(Agency.objects.exclude(pk=gov.pk).order_by("code").values_list("name", flat=True))
    t = time.perf_counter()
    docs = _documents(args.documents, names)
    print(f"{len(docs)} documents made in {time.perf_counter() - t:.1f} s "
          f"({sum(n.endswith('.txt') for n, _ in docs)} text, {sum(n.endswith('.html') for n, _ in docs)} HTML)")
    zips = []
    for k in range(0, len(docs), 100):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in docs[k:k + 100]:
                z.writestr(name, data)
        zips.append(SimpleUploadedFile(f"batch-{k // 100}.zip", buf.getvalue()))
    import resource

    env = dict(os.environ)
    cpu0 = time.process_time()
    child0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    for z in zips:
        actions.do_upload(office, gov, YEAR, [z])
    uploaded = time.perf_counter() - started
    workers = [subprocess.Popen([sys.executable, "-m", "django", "db_worker", "--batch", "--no-startup-delay",
                                 "--interval", "0.1", "-v", "0"], env=env) for _ in range(args.workers)]
    for w in workers:
        w.wait()
    total = time.perf_counter() - started
    child = resource.getrusage(resource.RUSAGE_CHILDREN)
    worker_cpu = (child.ru_utime - child0.ru_utime) + (child.ru_stime - child0.ru_stime)
    upload_cpu = time.process_time() - cpu0
    print(f"CPU: upload {upload_cpu:.1f} s, workers {worker_cpu:.1f} s in all "
          f"({worker_cpu / len(docs) * 1000:.0f} ms per document); on {args.workers} otherwise idle cores "
          f"≈ {upload_cpu + worker_cpu / args.workers:.0f} s")
    states = {s: Document.objects.filter(state=s).count() for s in ("read", "refused", "queued", "reading")}
    print(f"upload {uploaded:.1f} s; upload + read + check with {args.workers} workers: {total:.1f} s "
          f"({len(docs) / total:.0f} documents/s) (target ≤ 60 s for 1,000)")
    print(f"states: {states}")
    refused = list(Document.objects.filter(state="refused").values_list("name", "message")[:5])
    for name, message in refused:
        print(f"  refused {name}: {message}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="what", required=True)
    p = sub.add_parser("page")
    p.add_argument("--agencies", type=int, default=200)
    p.add_argument("--runs", type=int, default=40)
    r = sub.add_parser("read")
    r.add_argument("--documents", type=int, default=1000)
    r.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs; database {HOME}/gongkai.sqlite3")
    page(args) if args.what == "page" else read(args)


if __name__ == "__main__":
    main()
