"""Scanned reports read offline: image-only PDFs, mixed PDFs and page images, by OCR.

Entry points (the reader stack calls them; see `readers.detect_kind` and `readers.pdf`):

- `scan.read_image(data, source, hints=None) -> Report`: PNG / JPEG / TIFF / BMP / WebP pages;
- `scan.read_scanned_pdf(doc, texts, scanned, source, hints=None) -> Report`: a PDF with scanned pages;
- `detect.image_kind`, `detect.scanned_pages`, `detect.needs_ocr`: cheap tests (no OCR
  libraries imported), so the readers can route a file without loading a model.

Modules: `limits` (pages, pixels, bytes), `raster` (pages → pixels), `preprocess` (seal
removal, ink, skew, turns), `lines` (ruling lines → cells, OpenCV + pdfplumber's table
algorithm), `engines` (rapid = PP-OCRv4 on ONNX Runtime; tesseract), `confidence` (when a
reading may be a value), `page` (one page read), `to_grid` (the adapter into the reader
stack; unknown and inferred cells), `debug` (pages drawn with their cells).  This package
imports no Django; OpenCV, NumPy and the engines come with the `ocr` extra.
"""
