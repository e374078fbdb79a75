"""The scan corpus: the real corpus printed, scanned and sealed — image-only PDFs with their truth.

    python bench/scans/make_corpus.py [-o build/scans] [--corpus ../shared/corpus] [--only NAME]

For every ``*.truth.json`` of the corpus, three printed forms of the same report:

- ``<name>-pdf``: the truth rendered by gongkai's own PDF writer (``gongkai render --to pdf``);
- ``<name>-docx``: the truth rendered to DOCX and printed to PDF by LibreOffice (another
  layout: Word's table geometry and fonts) — skipped when ``soffice`` is missing;
- ``hongze-district-2023-orig``: the real published Hongze PDF itself (5 pages of prose and tables);

each "scanned" at 150 and 200 dpi: rotated by ±1.5° (the sign alternates), blurred a little,
Gaussian noise (σ 8), a red seal (印章) stamped over part of 表三, and stored as an
image-only PDF whose pages are JPEG (quality 50 at 150 dpi, 60 at 200 dpi: the artefacts are
real).  Beside each ``X.pdf`` goes ``X.truth.json``: the corpus truth with ``source`` set to it.

Deterministic (fixed seeds): the same corpus gives the same scans.  Nothing is committed; a
small sample for the tests is made by ``tests/ocr`` itself with ``scan_page`` below.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import cv2
import numpy as np

REPO = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
DEFAULT_OUT = REPO / "build" / "scans"
VARIANTS = ((150, 50), (200, 60))  # dpi, JPEG quality
SEAL_WORD = "予以公开"  # a 表三 row label: the seal goes over the values near it


def seal_image(diameter: int, seed: int = 0) -> np.ndarray:
    """A round red seal (ring, star, strokes standing for its characters) on white, BGR."""
    rng = np.random.default_rng(seed)
    img = np.full((diameter, diameter, 3), 255, np.uint8)
    c, r = diameter // 2, diameter // 2 - 4
    red = (40, 30, 215)
    cv2.circle(img, (c, c), r, red, max(3, diameter // 40), cv2.LINE_AA)
    star = [(c + 0.28 * r * math.cos(math.pi / 2 + k * 4 * math.pi / 5),
             c - 0.28 * r * math.sin(math.pi / 2 + k * 4 * math.pi / 5)) for k in range(5)]
    cv2.fillPoly(img, [np.array(star, np.int32)], red, cv2.LINE_AA)
    for k in range(14):  # characters along the rim: short radial and tangential strokes
        a = math.pi * (0.15 + 0.7 * k / 13) + math.pi
        x, y = c + 0.72 * r * math.cos(a), c + 0.72 * r * math.sin(a)
        for _ in range(4):
            dx, dy = rng.integers(-diameter // 30, diameter // 30, 2)
            cv2.line(img, (int(x), int(y)), (int(x + dx), int(y + dy)), red, max(2, diameter // 70), cv2.LINE_AA)
    # a seal's ink is uneven: fade a random share of it
    fade = rng.random((diameter, diameter)) < 0.15
    img[fade] = (img[fade].astype(np.int32) + 255) // 2
    return img


def stamp(page: np.ndarray, seal: np.ndarray, cx: int, cy: int) -> None:
    """Multiply-blend the seal onto the page (black print under it stays black)."""
    h, w = seal.shape[:2]
    x0, y0 = max(0, cx - w // 2), max(0, cy - h // 2)
    x1, y1 = min(page.shape[1], x0 + w), min(page.shape[0], y0 + h)
    region = page[y0:y1, x0:x1].astype(np.uint16)
    region = region * seal[: y1 - y0, : x1 - x0] // 255
    page[y0:y1, x0:x1] = region.astype(np.uint8)


def scan_page(bgr: np.ndarray, angle: float, seed: int, seal_at: tuple[int, int] | None = None,
              dpi: int = 150) -> np.ndarray:
    """A clean page image → what a scanner gives back: sealed, turned, soft, noisy."""
    rng = np.random.default_rng(seed)
    page = bgr.copy()
    if seal_at is not None:
        stamp(page, seal_image(int(dpi * 1.6), seed), *seal_at)
    h, w = page.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    page = cv2.warpAffine(page, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=(255, 255, 255))
    page = cv2.GaussianBlur(page, (0, 0), 0.6)
    noisy = page.astype(np.float32) + rng.normal(0, 8, page.shape).astype(np.float32)
    return np.clip(noisy, 0, 255).astype(np.uint8)


def image_pdf(pages: list[np.ndarray], dpi: int, quality: int) -> bytes:
    """Pages (BGR) → a PDF of JPEG images and nothing else."""
    from PIL import Image

    ims = [Image.fromarray(p[:, :, ::-1]) for p in pages]
    buf = io.BytesIO()
    ims[0].save(buf, "PDF", save_all=True, append_images=ims[1:], resolution=dpi, quality=quality)
    return buf.getvalue()


def _seal_spot(pdf, dpi: int) -> tuple[int, tuple[int, int]] | None:
    """The page and pixel point where the seal goes: right of the 予以公开 row, a few rows down."""
    for i in range(len(pdf)):
        tp = pdf[i].get_textpage()
        search = tp.search(SEAL_WORD)
        hit = search.get_next()
        if hit:
            index, _count = hit
            left, bottom, right, top = tp.get_charbox(index)
            width, height = pdf[i].get_size()
            scale = dpi / 72
            return i, (int(width * 0.62 * scale), int((height - bottom) * scale + 60 * scale))
    return None


def scan_pdf(data: bytes, dpi: int, quality: int, seed: int) -> bytes:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    spot = _seal_spot(pdf, dpi)
    pages = []
    for i in range(len(pdf)):
        bgr = pdf[i].render(scale=dpi / 72).to_numpy()[:, :, :3]
        angle = 1.5 if (seed + i) % 2 == 0 else -1.5
        pages.append(scan_page(np.ascontiguousarray(bgr), angle, seed * 100 + i,
                               spot[1] if spot and spot[0] == i else None, dpi))
    pdf.close()
    return image_pdf(pages, dpi, quality)


def _docx_pdf(docx: bytes) -> bytes | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "report.docx"
        src.write_bytes(docx)
        subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp}/profile", "--convert-to",
                        "pdf", "--outdir", tmp, str(src)], check=True, capture_output=True, timeout=180)
        return (Path(tmp) / "report.pdf").read_bytes()


def printed_forms(truth_path: Path) -> dict[str, bytes]:
    """The report's printed forms (PDF bytes with a text layer), by suffix."""
    from gongkai import interchange, writers

    report = interchange.read(truth_path)
    name = truth_path.name.removesuffix(".truth.json")
    forms = {f"{name}-pdf": writers.render(report, "pdf")}
    docx = _docx_pdf(writers.render(report, "docx"))
    if docx:
        forms[f"{name}-docx"] = docx
    source = json.loads(truth_path.read_text("utf-8")).get("source", "")
    if source.endswith(".pdf") and (truth_path.parent / source).is_file():
        forms[f"{name}-orig"] = (truth_path.parent / source).read_bytes()
    return forms


def make(corpus: Path, out: Path, only: str | None = None) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for seed, truth_path in enumerate(sorted(corpus.glob("*.truth.json"))):
        if only and only not in truth_path.name:
            continue
        truth = json.loads(truth_path.read_text("utf-8"))
        for form, data in printed_forms(truth_path).items():
            for dpi, quality in VARIANTS:
                stem = f"{form}-{dpi}"
                (out / f"{stem}.pdf").write_bytes(scan_pdf(data, dpi, quality, seed))
                (out / f"{stem}.truth.json").write_text(
                    json.dumps({**truth, "source": f"{stem}.pdf"}, ensure_ascii=False, indent=1), "utf-8")
                made.append(out / f"{stem}.pdf")
                print(f"{stem}.pdf", file=sys.stderr)
    return made


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-o", "--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--only", help="only truth files whose name contains this")
    args = ap.parse_args(argv)
    made = make(args.corpus, args.out, args.only)
    print(f"{len(made)} scanned PDFs in {args.out}")
    return 0 if made else 1


if __name__ == "__main__":
    sys.exit(main())
