"""Consistency of an instance after a load or crash run; run inside the instance (its environment).

    python bench/load_check.py RESULTS.json   → prints a JSON verdict, exits 1 when something is wrong

- every registration the server confirmed (its marker) is present exactly once, under the id the
  server gave;
- every step the server confirmed is on its case's clock;
- every step that issues a letter has its letter (补正告知 → 补正告知书, 延期 → 延期答复告知书,
  答复 → 答复书), on every case the run registered, confirmed or not (the demo's own cases are
  counted apart: the demo records decisions without issuing letters);
- no two applications share a number, no two letters share a number;
- SQLite: PRAGMA integrity_check is "ok".
"""

from __future__ import annotations

import json
import sys

EVENT_LETTER = {"correction_requested": ("correction_request",), "extension_approved": ("extension_notice",),
                "decided": ("reply_",)}
STEP_EVENT = {"request_correction": "correction_requested", "receive_correction": "correction_received",
              "approve_extension": "extension_approved", "decide": "decided", "deliver": "delivered"}


def check(results: dict) -> dict:
    from collections import Counter, defaultdict

    from django.db import connection
    from django.db.models import Count

    from gongkai.casework.models import Application, ClockEvent, Document

    problems: list[str] = []
    # 1. confirmed submits: present exactly once, under the confirmed id
    markers = results.get("submits", {})
    found = defaultdict(list)
    for pk, text in Application.objects.filter(information_requested__contains="LOAD-").values_list(
            "pk", "information_requested"):
        marker = text[text.index("LOAD-"):].rstrip("）)")
        found[marker].append(pk)
    for marker, pk in markers.items():
        if found.get(marker) != [pk]:
            problems.append(f"submit {marker}: confirmed as case {pk}, found {found.get(marker, [])}")
    # 2. confirmed steps: on the clock
    events = Counter(ClockEvent.objects.values_list("application_id", "kind"))
    wanted = Counter((s["case"], STEP_EVENT[s["step"]]) for s in results.get("steps", []))
    for (pk, kind), n in wanted.items():
        if events[(pk, kind)] < n:
            problems.append(f"case {pk}: {n} confirmed {kind}, {events[(pk, kind)]} on the clock")
    # 3. every letter-issuing event has its letter
    docs = Counter()
    for pk, kind in Document.objects.filter(state="issued").values_list("application_id", "kind"):
        for event, prefixes in EVENT_LETTER.items():
            if kind.startswith(prefixes):
                docs[(pk, event)] += 1
    from_run = {pk for pks in found.values() for pk in pks}
    missing_letters = demo_without_letter = 0
    for (pk, kind), n in events.items():
        if kind in EVENT_LETTER and docs[(pk, kind)] < n:
            if pk not in from_run:
                demo_without_letter += 1
                continue
            missing_letters += 1
            if missing_letters <= 20:
                problems.append(f"case {pk}: {n} × {kind}, {docs[(pk, kind)]} letter(s)")
    # 4. numbers without duplicates
    dup_apps = list(Application.objects.values("agency", "number").annotate(n=Count("id")).filter(n__gt=1)[:10])
    dup_docs = list(Document.objects.exclude(number="").values("agency", "number")  # pending letters have none yet
                    .annotate(n=Count("id")).filter(n__gt=1)[:10])
    problems += [f"application number {d['number']} × {d['n']}" for d in dup_apps]
    problems += [f"letter number {d['number']} × {d['n']}" for d in dup_docs]
    # 5. the file itself
    integrity = "n/a"
    if connection.vendor == "sqlite":
        with connection.cursor() as c:
            c.execute("PRAGMA integrity_check")
            integrity = c.fetchone()[0]
        if integrity != "ok":
            problems.append(f"integrity_check: {integrity}")
    return {
        "ok": not problems, "problems": problems, "confirmed_submits": len(markers),
        "confirmed_steps": len(results.get("steps", [])), "cases_from_load": len(found),
        "letter_events": sum(n for (pk, k), n in events.items() if k in EVENT_LETTER and pk in from_run),
        "steps_without_letter": missing_letters, "demo_steps_without_letter": demo_without_letter, "duplicate_numbers": len(dup_apps) + len(dup_docs),
        "integrity_check": integrity,
    }


if __name__ == "__main__":
    import django

    django.setup()
    with open(sys.argv[1]) as f:
        verdict = check(json.load(f))
    print(json.dumps(verdict, ensure_ascii=False))
    sys.exit(0 if verdict["ok"] else 1)
