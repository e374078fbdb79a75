"""axe-core (from the npm registry; `tools/venv.sh test` installs it under .cache/npm) run inside a
Playwright page: the serious and critical WCAG 2.1 A/AA violations of the page as it stands."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CANDIDATES = [ROOT / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js",
              ROOT / "node_modules" / "axe-core" / "axe.min.js"]
AXE = Path(os.environ["GONGKAI_AXE_JS"]) if os.environ.get("GONGKAI_AXE_JS") else next(
    (p for p in CANDIDATES if p.is_file()), CANDIDATES[0])
RULES = "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']"
MISSING = f"axe-core not installed ({AXE}); run tools/venv.sh test (npm install --prefix .cache/npm axe-core@4)"


def serious_violations(page) -> list:
    """Run axe on the page already loaded in `page`."""
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    return page.evaluate(f"""async () => (await axe.run(document, {{runOnly: {RULES}}})).violations
        .filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => [v.id, v.impact, v.nodes.map(n => n.target.join(' ')).slice(0, 3)])""")
