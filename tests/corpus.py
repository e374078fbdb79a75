"""Where the real corpus lives (../shared/corpus beside the repo, or $GONGKAI_CORPUS)."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("GONGKAI_CORPUS", REPO.parent / "shared" / "corpus"))


def corpus_truths() -> list[Path]:
    return sorted(CORPUS.glob("*.truth.json"))


def load_truth(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
