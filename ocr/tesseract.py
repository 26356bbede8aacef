"""The one place that runs tesseract (through pytesseract)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

import pytesseract
from PIL import Image

from ocr.model import ReadError

# tesseract's own OpenMP threads fight the page-level parallelism and make a
# 2-core machine slower, so each tesseract process gets one thread.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


@dataclass(frozen=True)
class OcrSettings:
    lang: str = "jpn"
    psm: int = 4
    timeout: float = 120.0
    osd: bool = True
    thresholding: int = 0  # 0 Otsu, 1 LeptonicaOtsu, 2 Sauvola


@dataclass(frozen=True)
class OcrText:
    text: str
    confidence: float  # mean word confidence, 0.0–1.0
    score: float = 0.0  # confident characters read: compares two readings of one page


def available_languages() -> list[str]:
    return pytesseract.get_languages(config="")


def version() -> str:
    return str(pytesseract.get_tesseract_version())


def osd_rotation(image: Image.Image, timeout: float) -> int:
    """Degrees the page must be turned clockwise to read upright (0 when OSD can't tell)."""
    try:
        out = pytesseract.image_to_osd(image, config="--psm 0", timeout=timeout)
    except pytesseract.TesseractError:
        return 0  # too little text for OSD: leave the page as it is
    except RuntimeError as exc:  # pytesseract's timeout
        raise ReadError("ocr_timeout", f"文字認識が時間内に終わりませんでした ({exc})") from exc
    m = re.search(r"Rotate: (\d+)", out)
    return int(m.group(1)) % 360 if m else 0


def recognize(image: Image.Image, settings: OcrSettings) -> OcrText:
    # Sauvola thresholding keeps text printed on the coloured bands of ID cards.
    config = (f"--psm {settings.psm} -c preserve_interword_spaces=1"
              f" -c thresholding_method={settings.thresholding}")
    try:
        data = pytesseract.image_to_data(image, lang=settings.lang, config=config,
                                         timeout=settings.timeout,
                                         output_type=pytesseract.Output.DICT)
    except RuntimeError as exc:
        raise ReadError("ocr_timeout",
                        f"文字認識が{settings.timeout:.0f}秒以内に終わりませんでした") from exc
    except pytesseract.TesseractError as exc:
        raise ReadError("ocr_failed", f"文字認識に失敗しました: {exc.message}") from exc
    lines: dict[tuple[int, int, int], list[str]] = {}
    confidences: list[float] = []
    score = 0.0
    for i, word in enumerate(data["text"]):
        if not word.strip():
            continue
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        lines.setdefault(key, []).append(word)
        conf = float(data["conf"][i])
        if conf >= 0:
            confidences.append(conf / 100.0)
            if conf >= 50:
                score += len(word.strip()) * conf / 100.0
    text = "\n".join(" ".join(words) for _key, words in sorted(lines.items()))
    mean = sum(confidences) / len(confidences) if confidences else 0.0
    return OcrText(text=text, confidence=mean, score=score)
