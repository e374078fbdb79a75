"""The platform's commands, one module per domain, each with ``mount(app)``.

`gongkai.cli` calls :func:`mount_all`; a module added here is mounted without touching
any other file.  Modules import only typer at the top: Django and the domain code load
inside the commands, so ``gongkai check`` starts fast and works without a database.

    gongkai serve [--demo] [--host 127.0.0.1] [--port 8000]
    gongkai demo                      load the demo agency, staff and cases (idempotent)
    gongkai synthetic N [--seed 1]    bulk-generate N synthetic cases for benchmarks
    gongkai annual table3 --agency CODE --year YEAR -o FILE.json [--with-subordinates]
    gongkai annual lock --agency CODE --year YEAR
    gongkai calendar show YEAR        the working-day table the platform uses for YEAR
    gongkai calendar import YEAR NOTICE.txt [--source …]   import a State Council holiday notice
    gongkai region build DIR|ZIP… --year YEAR -o OUT [--jobs N]   a region's reports → cells, findings, summary
"""

from __future__ import annotations

import importlib
import pkgutil

import typer


def mount_all(app: typer.Typer) -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name == "common":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        mount = getattr(module, "mount", None)
        if mount is not None:
            mount(app)
