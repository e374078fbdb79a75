"""The OCR tests need the `ocr` extra (OpenCV, ONNX Runtime, the PP-OCR model)."""

import pytest

pytest.importorskip("cv2")
pytest.importorskip("rapidocr_onnxruntime")
