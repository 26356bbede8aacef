"""The one place that runs tesseract (through pytesseract)."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

import pytesseract

from ocr.model import ReadError

# tesseract's own OpenMP threads fight the page-level parallelism and make a
# 2-core machine slower, so each tesseract process gets one thread.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

# How many tesseract processes may run at once (the reading's "workers"). Reading
# threads prepare pages freely and wait here only to run tesseract, so one page's
# preparation overlaps another page's OCR.
_slots: ContextVar[threading.Semaphore | None] = ContextVar("tesseract_slots", default=None)


@contextmanager
def slots(count: int) -> Iterator[None]:
    token = _slots.set(threading.Semaphore(count))
    try:
        yield
    finally:
        _slots.reset(token)


@contextmanager
def _slot() -> Iterator[None]:
    sem = _slots.get()
    if sem is None:
        yield
        return
    with sem:
        yield


@dataclass(frozen=True)
class OcrSettings:
    lang: str = "Japanese"  # the script model: reads 郎/朗 and small kana better than jpn
    psm: int = 4
    timeout: float = 120.0
    osd: bool = True
    thresholding: int = 0  # 0 Otsu, 1 LeptonicaOtsu, 2 Sauvola
    vertical_lang: str = "jpn_vert"


@dataclass(frozen=True)
class Word:
    text: str
    confidence: float  # 0.0–1.0
    box: tuple[int, int, int, int]  # left, top, width, height in pixels
    line: int  # index of its line in OcrText.text


@dataclass(frozen=True)
class OcrText:
    text: str
    confidence: float  # mean word confidence, 0.0–1.0
    score: float = 0.0  # confident characters read: compares two readings of one page
    words: tuple[Word, ...] = field(default=(), repr=False)


# Paths, not PIL images, go to pytesseract: it would otherwise re-encode the page
# as PNG for every call, which costs as much as a quarter of the OCR itself.
def osd_rotation(path: Path, timeout: float) -> int:
    """Degrees the page must be turned clockwise to read upright (0 when OSD can't tell)."""
    try:
        with _slot():
            out = pytesseract.image_to_osd(str(path), config="--psm 0", timeout=timeout)
    except pytesseract.TesseractError:
        return 0  # too little text for OSD: leave the page as it is
    except RuntimeError as exc:  # pytesseract's timeout
        raise ReadError("ocr_timeout", f"文字認識が時間内に終わりませんでした ({exc})") from exc
    m = re.search(r"Rotate: (\d+)", out)
    return int(m.group(1)) % 360 if m else 0


_LETTERS = re.compile(r"[0-9A-Za-z\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
MRZ_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"


def recognize_mrz(path: Path, settings: OcrSettings) -> str:
    """A passport's machine-readable lines (a crop of them), read with the Latin
    model and the MRZ alphabet only."""
    config = f"--psm 6 -c tessedit_char_whitelist={MRZ_CHARS}"
    try:
        with _slot():
            text = pytesseract.image_to_string(str(path), lang="eng", config=config,
                                               timeout=settings.timeout)
    except (RuntimeError, pytesseract.TesseractError):
        return ""  # the visual zone is still there; the MRZ is a bonus
    return "\n".join(ln.replace(" ", "") for ln in text.splitlines() if ln.count("<") >= 3)


def recognize(path: Path, settings: OcrSettings, *, vertical: bool = False) -> OcrText:
    lang, psm = (settings.vertical_lang, 5) if vertical else (settings.lang, settings.psm)
    config = (f"--psm {psm} -c preserve_interword_spaces=1"
              f" -c thresholding_method={settings.thresholding}")
    try:
        with _slot():
            data = pytesseract.image_to_data(str(path), lang=lang, config=config,
                                             timeout=settings.timeout,
                                             output_type=pytesseract.Output.DICT)
    except RuntimeError as exc:
        raise ReadError("ocr_timeout",
                        f"文字認識が{settings.timeout:.0f}秒以内に終わりませんでした") from exc
    except pytesseract.TesseractError as exc:
        raise ReadError("ocr_failed", f"文字認識に失敗しました: {exc.message}") from exc
    lines: dict[tuple[int, int, int], list[int]] = {}
    for i, word in enumerate(data["text"]):
        if word.strip():
            lines.setdefault((data["block_num"][i], data["par_num"][i], data["line_num"][i]),
                             []).append(i)
    words: list[Word] = []
    texts: list[str] = []
    for n, (_key, idx) in enumerate(sorted(lines.items())):
        texts.append(" ".join(data["text"][i] for i in idx))
        for i in idx:
            conf = max(float(data["conf"][i]), 0.0) / 100.0
            words.append(Word(data["text"][i].strip(), conf,
                              (data["left"][i], data["top"][i], data["width"][i],
                               data["height"][i]), n))
    confident = [w for w in words if w.confidence >= 0.5]
    mean = sum(w.confidence for w in words) / len(words) if words else 0.0
    # Only letters, digits, kana and kanji count: a wrong reading of a page (turned,
    # or vertical) is full of confident punctuation and '<'.
    score = sum(len(_LETTERS.findall(w.text)) * w.confidence for w in confident)
    return OcrText(text="\n".join(texts), confidence=mean, score=score, words=tuple(words))
