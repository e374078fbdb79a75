"""docs/img/seed-rebuilt.png: 海宁市商务局's 2019 表二 as the original document prints it (left) beside
the PDF the platform rebuilt from its data (right).

    python bench/annual_seed_image.py [--out docs/img/seed-rebuilt.png]

Runs `gongkai demo` and `gongkai annual build --agency HN-SW --year 2019 -o seed.pdf` on a
throwaway database, rasterises the PDF pages with `pdftoppm` (poppler-utils) and crops the one
holding 表二; the original is the corpus text (../shared/corpus/haining-commerce-2019.txt) from
its 二、 heading to its 三、 heading, drawn line by line as it reads (tabs as gaps), in Noto Sans CJK.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("GONGKAI_CORPUS", ROOT.parent / "shared" / "corpus"))
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


def gongkai(home: Path, *args: str) -> None:
    env = {**os.environ, "GONGKAI_HOME": str(home), "DATABASE_URL": f"sqlite:///{home / 'db.sqlite3'}"}
    subprocess.run([sys.executable, "-c", "from gongkai.cli import main; main()", *args], env=env, check=True,
                   capture_output=True, timeout=600)


def original_table(width: int, height: int) -> Image.Image:
    text = (CORPUS / "haining-commerce-2019.txt").read_text(encoding="utf-8")
    part = text[text.index("二、主动公开政府信息情况"): text.index("三、收到和处理政府信息公开申请情况")]
    lines = [ln.replace("\t", "    ").replace("\u3000", "  ").rstrip() for ln in part.splitlines()]
    lines = [ln for ln in lines if ln.strip()]
    font = ImageFont.truetype(FONT, 14)
    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    draw.text((16, 10), "原文（haining-commerce-2019.txt：网页复制的文本，一格一行）", font=ImageFont.truetype(FONT, 17),
              fill="#a61b1b")
    per_column = max(1, (height - 50) // 19)
    columns = [lines[i:i + per_column] for i in range(0, len(lines), per_column)]
    step = (width - 16) // max(1, len(columns))
    for c, col in enumerate(columns):
        for r, ln in enumerate(col):
            draw.text((16 + c * step, 44 + r * 19), ln, font=font, fill="#111")
    return img


def rebuilt_table(pdf: Path, tmp: Path) -> Image.Image:
    """The rebuilt PDF from its 二、 heading to its 三、 heading, across pages, stacked."""
    import pdfplumber

    subprocess.run(["pdftoppm", "-png", "-r", "90", str(pdf), str(tmp / "page")], check=True)
    scale = 90 / 72
    pages = sorted(tmp.glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    parts, inside = [], False
    with pdfplumber.open(pdf) as doc:
        for page, png in zip(doc.pages, pages, strict=True):
            words = [w for w in page.extract_words() if w["bottom"] < page.height - 60]  # not the page number
            start = next((w["top"] for w in words if w["text"].startswith("二、主动公开")), None)
            end = next((w["top"] for w in words if w["text"].startswith("三、收到和处理")), None)
            if start is None and not inside:
                continue
            table_words = [w for w in words if (start is None or w["top"] >= start) and (end is None or w["top"] < end)]
            if not table_words:
                break
            top = (start if start is not None else min(w["top"] for w in table_words)) - 12
            bottom = (end - 4) if end is not None else max(w["bottom"] for w in table_words) + 8
            img = Image.open(png)
            parts.append(img.crop((60, int(top * scale), img.width - 60, int(bottom * scale))))
            inside = end is None
            if not inside:
                break
    if not parts:
        raise SystemExit("表二 not found in the rebuilt PDF")
    out = parts[0]
    for p in parts[1:]:
        out = _stack(out, p)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "img" / "seed-rebuilt.png")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        gongkai(tmp, "demo")
        pdf = tmp / "seed.pdf"
        gongkai(tmp, "annual", "build", "--agency", "HN-SW", "--year", "2019", "-o", str(pdf))
        right = rebuilt_table(pdf, tmp)
        label = Image.new("RGB", (right.width, 40), "white")
        ImageDraw.Draw(label).text((16, 10), "平台由数据重建的 PDF（gongkai annual build … --to pdf）",
                                   font=ImageFont.truetype(FONT, 17), fill="#12355b")
        right = _stack(label, right)
        left = original_table(760, right.height)
        out = Image.new("RGB", (left.width + right.width + 12, max(left.height, right.height)), "#d9dee5")
        out.paste(left, (0, 0))
        out.paste(right, (left.width + 12, 0))
        args.out.parent.mkdir(parents=True, exist_ok=True)
        out.save(args.out, optimize=True)
    print(f"wrote {args.out}")
    return 0


def _stack(a: Image.Image, b: Image.Image) -> Image.Image:
    out = Image.new("RGB", (max(a.width, b.width), a.height + b.height), "white")
    out.paste(a, (0, 0))
    out.paste(b, (0, a.height))
    return out


if __name__ == "__main__":
    sys.exit(main())
