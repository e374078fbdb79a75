"""OCR engines behind one small interface: line images in, text with per-character confidence out.

An engine reads single text lines (a cell is cut into lines before it is read):

    engine = get_engine("rapid")          # or "tesseract"
    readings = engine.read([crop, ...])   # crops: grey uint8 arrays, one text line each

Each `Reading` has the engine's best text with one confidence (0–1) per character, and the
best reading restricted to digits, '.' and '-' (`digits`), also with per-character
confidences — what a count cell is read with.  The confidence rule (`confidence.py`) turns
these into a value or `unknown`.

- `rapid`: PaddleOCR's PP-OCRv4 recogniser (the ONNX files inside the PyPI package
  `rapidocr-onnxruntime`, nothing downloaded) run by ONNX Runtime.  One pass gives the
  per-frame class probabilities of the CTC head; both readings are decoded from it, so a
  digit's confidence is its probability against every character the model knows.
- `tesseract`: Tesseract 5 (LSTM) through tesserocr with Debian's `chi_sim` traineddata;
  per-symbol confidences from its result iterator; the digit reading is a second pass
  with a character whitelist.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

DIGIT_CHARS = "0123456789.-"
ENGINES = ("rapid", "tesseract")


class EngineUnavailable(RuntimeError):
    """The engine's package or data is not installed; the message says what to install."""


@dataclass
class Reading:
    text: str
    confs: list[float] = field(default_factory=list)
    digits: str = ""
    digit_confs: list[float] = field(default_factory=list)

    @property
    def min_conf(self) -> float:
        return min(self.confs, default=1.0)


def threads() -> int:
    """Threads per engine: 1 by default (batches run one process per file, see --jobs)."""
    try:
        return max(1, int(os.environ.get("GONGKAI_OCR_THREADS", "1")))
    except ValueError:
        return 1


class RapidEngine:
    name = "rapid"
    height = 48  # the recogniser's input height
    batch = 16

    def __init__(self):
        try:
            import onnxruntime as ort
            import rapidocr_onnxruntime
        except ImportError:
            raise EngineUnavailable("未安装 OCR 组件 rapidocr-onnxruntime：请运行 pip install 'gongkai[ocr]' "
                                    "(OCR engine not installed)") from None
        models = Path(rapidocr_onnxruntime.__file__).parent / "models"
        rec = models / "ch_PP-OCRv4_rec_infer.onnx"
        if not rec.is_file():
            raise EngineUnavailable(f"OCR 模型文件缺失：{rec} (OCR model missing)")
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads()
        opts.inter_op_num_threads = 1
        opts.log_severity_level = 4
        self.session = ort.InferenceSession(str(rec), sess_options=opts, providers=["CPUExecutionProvider"])
        chars = self.session.get_modelmeta().custom_metadata_map["character"].splitlines()
        self.chars = ["", *chars, " "]  # CTC blank first; the model's last class is a space
        self.digit_ids = np.array([0] + [self.chars.index(c) for c in DIGIT_CHARS if c in self.chars])
        self.input = self.session.get_inputs()[0].name

    def _tensor(self, crops: list[np.ndarray], width: int) -> np.ndarray:
        import cv2

        out = np.zeros((len(crops), 3, self.height, width), dtype=np.float32)
        for i, crop in enumerate(crops):
            h, w = crop.shape[:2]
            new_w = min(width, max(1, int(np.ceil(self.height * w / h))))
            line = cv2.resize(crop, (new_w, self.height)).astype(np.float32) / 127.5 - 1.0
            out[i, :, :, :new_w] = line[None, :, :]
        return out

    @staticmethod
    def _decode(ids: np.ndarray, probs: np.ndarray, chars: list[str]) -> tuple[str, list[float]]:
        text, confs, prev = [], [], 0
        for k, p in zip(ids, probs, strict=True):
            if chars[k] == " ":  # spaces carry nothing a label matcher or a number needs
                prev = k
                continue
            if k != 0 and k != prev:
                text.append(chars[k])
                confs.append(float(p))
            elif k != 0 and k == prev:
                confs[-1] = max(confs[-1], float(p))
            prev = k
        return "".join(text), confs

    def read(self, crops: list[np.ndarray]) -> list[Reading]:
        out: list[Reading | None] = [None] * len(crops)
        order = sorted(range(len(crops)), key=lambda i: crops[i].shape[1] / max(1, crops[i].shape[0]))
        for start in range(0, len(order), self.batch):
            idx = order[start:start + self.batch]
            width = max(int(np.ceil(self.height * crops[i].shape[1] / max(1, crops[i].shape[0]))) for i in idx)
            width = max(width, self.height)
            probs = self.session.run(None, {self.input: self._tensor([crops[i] for i in idx], width)})[0]
            digit_chars = [self.chars[k] for k in self.digit_ids]
            for j, i in enumerate(idx):
                p = probs[j]
                text, confs = self._decode(p.argmax(axis=1), p.max(axis=1), self.chars)
                sub = p[:, self.digit_ids]
                pick = sub.argmax(axis=1)
                digits, dconfs = self._decode(pick, sub.max(axis=1), digit_chars)
                out[i] = Reading(text, confs, digits, dconfs)
        return [r for r in out if r is not None]


def tessdata_dir() -> str | None:
    for d in (os.environ.get("TESSDATA_PREFIX"), "/usr/share/tesseract-ocr/5/tessdata",
              "/usr/share/tesseract-ocr/4.00/tessdata", "/usr/share/tessdata"):
        if d and (Path(d) / "chi_sim.traineddata").is_file():
            return d
    return None


class TesseractEngine:
    name = "tesseract"

    def __init__(self):
        try:
            import tesserocr
        except ImportError:
            raise EngineUnavailable("未安装 tesserocr：请运行 pip install 'gongkai[ocr-tesseract]' "
                                    "(tesseract binding missing)") from None
        path = tessdata_dir()
        if path is None:
            raise EngineUnavailable("未找到 Tesseract 中文模型 chi_sim：请安装 Debian 包 tesseract-ocr-chi-sim "
                                    "(chi_sim traineddata missing)")
        self._t = tesserocr
        self.api = tesserocr.PyTessBaseAPI(path=path, lang="chi_sim", psm=tesserocr.PSM.SINGLE_LINE)
        self.digit_api = tesserocr.PyTessBaseAPI(path=path, lang="chi_sim", psm=tesserocr.PSM.SINGLE_LINE)
        self.digit_api.SetVariable("tessedit_char_whitelist", DIGIT_CHARS)

    def _one(self, api, crop: np.ndarray) -> tuple[str, list[float]]:
        from PIL import Image

        api.SetImage(Image.fromarray(crop))
        api.Recognize()
        text, confs = [], []
        it = api.GetIterator()
        level = self._t.RIL.SYMBOL
        if it is not None:
            for sym in self._t.iterate_level(it, level):
                try:
                    s = sym.GetUTF8Text(level)
                except RuntimeError:  # an empty result raises instead of returning ""
                    break
                if s:
                    text.append(s)
                    confs.extend([sym.Confidence(level) / 100.0] * len(s))
        return "".join(text), confs

    def read(self, crops: list[np.ndarray]) -> list[Reading]:
        out = []
        for crop in crops:
            padded = np.pad(crop, 8, constant_values=255)
            text, confs = self._one(self.api, padded)
            digits, dconfs = ("", [])
            if len(text) <= 16:  # a number's line; a long label needs no digit reading
                digits, dconfs = self._one(self.digit_api, padded)
            out.append(Reading(text, confs, digits, dconfs))
        return out


@lru_cache(maxsize=2)
def get_engine(name: str = "rapid"):
    """The engine by name (one instance per process: loading a model takes ~0.3 s)."""
    if name == "rapid":
        return RapidEngine()
    if name == "tesseract":
        return TesseractEngine()
    raise EngineUnavailable(f"未知的 OCR 引擎「{name}」，可选：{'、'.join(ENGINES)} (unknown engine)")
