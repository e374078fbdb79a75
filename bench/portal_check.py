"""After bench/portal_load.py: every application the server confirmed is in the database exactly
once, under the number it was confirmed with, with its query code and ID copy; none is there
that was not confirmed.  Prints one JSON line.  Usage: python bench/portal_check.py RESULTS.json"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def main() -> int:
    data = json.loads(Path(sys.argv[1]).read_text())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
    import django

    django.setup()
    from django.db.models import Count

    from gongkai.casework.models import Application

    run = data["run"]
    rows = list(Application.objects.filter(information_requested__contains=f"LOAD-{run}-")
                .annotate(ids=Count("attachments")).values_list("information_requested", "number", "ids", "tracking__id"))
    found: dict[str, list] = {}
    for text, number, ids, tracking in rows:
        found.setdefault(text.rsplit(" ", 1)[-1], []).append((number, ids, tracking))
    confirmed = data["confirmed"]
    problems = []
    for marker, number in confirmed.items():
        got = found.get(marker, [])
        if len(got) != 1:
            problems.append(f"{marker}: {len(got)} applications")
        elif got[0][0] != number or not got[0][1] or not got[0][2]:
            problems.append(f"{marker}: {got[0]} (confirmed as {number})")
    extra = sorted(set(found) - set(confirmed))
    problems += [f"{m}: in the database but never confirmed" for m in extra[:10]]
    print(json.dumps({"ok": not problems and bool(confirmed), "confirmed": len(confirmed), "in_database": len(rows),
                      "unconfirmed_in_database": len(extra), "problems": problems[:20]}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
