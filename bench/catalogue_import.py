"""Import benchmark: a 10,000-row catalogue CSV with 3 bad rows — dry run, then the import.

    GONGKAI_HOME=/tmp/gk-catimport python bench/catalogue_import.py [--rows 10000] [--xlsx]

Writes the file, then times ``do_import_catalogue`` (dry run: read, check every row against the
file and the catalogue; import: the same, then number, insert, index, audit) into a fresh
agency of whatever database GONGKAI_HOME/DATABASE_URL holds (the 100,000-item benchmark database
works: duplicates are checked against it).  Target: the import ≤ 10 s.  Prints JSON.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import sys
import time

BAD = {1233: ("成文日期", "2024-02-30"), 5677: ("公开事项", "第二十条第（十六）项"), 8887: ("发布日期", "2019-01-01")}
HEADER = ["索引号", "标题", "文号", "发布机构", "成文日期", "发布日期", "公开事项", "文件类别", "主题分类", "内容概述", "正文",
          "有效性", "废止日期", "替代文件"]


def rows(n: int, tag: str) -> list[dict]:
    out = []
    for i in range(n):
        year = 2020 + i % 6
        written = dt.date(year, 1 + i % 12, 1 + i % 28)
        kind = ("行政规范性文件", "规章", "其他")[i % 3]
        out.append({
            "标题": f"{tag}关于第{i}项工作的通知", "文号": f"{tag}发〔{year}〕{i}号", "成文日期": written.isoformat(),
            "发布日期": (written + dt.timedelta(days=5)).isoformat(),
            "公开事项": "第二十条第（一）项" if kind != "其他" else f"第二十条第（{'二三四五六七'[i % 6]}）项",
            "文件类别": kind, "主题分类": "综合政务", "内容概述": f"第{i}项工作的安排",
            "正文": "为做好有关工作，现将有关事项通知如下。" * 8, "有效性": "有效",
        })
    for i, (column, value) in BAD.items():
        if i < n:
            out[i][column] = value
    return out


def as_csv(data: list[dict]) -> bytes:
    buf = io.StringIO()
    w = csv.DictWriter(buf, HEADER)
    w.writeheader()
    w.writerows(data)
    return buf.getvalue().encode("utf-8-sig")


def as_xlsx(data: list[dict]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(HEADER)
    for r in data:
        ws.append([r.get(h, "") for h in HEADER])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--xlsx", action="store_true", help="an Excel file instead of CSV")
    args = ap.parse_args()
    os.environ.setdefault("GONGKAI_HOME", "/tmp/gongkai-catimport")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
    os.environ.setdefault("GONGKAI_CLI", "1")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", interactive=False, verbosity=0)
    from gongkai.agencies.models import Agency, Role
    from gongkai.publishing import actions, synthetic
    from gongkai.publishing.models import Item

    tag = f"导{int(time.time()) % 100000}"
    agency = Agency.objects.create(code=f"IMP-{tag[1:]}", name=f"{tag}市商务局")
    reviewer = synthetic.staff(agency, Role.REVIEWER, f"imp-reviewer-{tag[1:]}")
    data = rows(args.rows, tag)
    payload = as_xlsx(data) if args.xlsx else as_csv(data)
    name = "catalogue.xlsx" if args.xlsx else "catalogue.csv"
    t = time.perf_counter()
    dry = actions.do_import_catalogue(reviewer, agency, payload, name, dry_run=True)
    dry_s = time.perf_counter() - t
    t = time.perf_counter()
    done = actions.do_import_catalogue(reviewer, agency, payload, name, dry_run=False)
    import_s = time.perf_counter() - t
    print(json.dumps({
        "database": connection.vendor, "file": name, "bytes": len(payload), "rows": dry.rows,
        "catalogue_items_before": Item.objects.count() - done.imported,
        "refused_rows": [line for line, _ in dry.refused], "expected_refused": [i + 2 for i in sorted(BAD)],
        "dry_run_s": round(dry_s, 2), "import_s": round(import_s, 2), "imported": done.imported,
        "load_average": os.getloadavg()[0],
    }, ensure_ascii=False, indent=1))
    return 0 if [line for line, _ in dry.refused] == [i + 2 for i in sorted(BAD)] else 1


if __name__ == "__main__":
    sys.exit(main())
