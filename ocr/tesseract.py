"""The one place that runs tesseract (through pytesseract)."""

from __future__ import annotations

import os
import re
import struct
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

import numpy as np
import pytesseract
from PIL import Image

from ocr.layout import rows
from ocr.model import ReadError

T = TypeVar("T")

# tesseract's own OpenMP threads fight the page-level parallelism and make a
# 2-core machine slower, so each tesseract process gets one thread.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


class EngineCrashed(RuntimeError):
    """tesseract was killed (out of memory, a signal): not the document's fault, so the
    envelope is tried again later instead of being quarantined."""


class EngineMissing(RuntimeError):
    """The installation is broken (no tesseract binary, a model missing): no envelope's
    fault. Commands refuse to start; an envelope caught by it waits, untouched."""


# The Debian/Ubuntu package of each model appi-intake uses.
PACKAGES = {"Japanese": "tesseract-ocr-script-jpan", "Japanese_vert":
            "tesseract-ocr-script-jpan-vert", "jpn": "tesseract-ocr-jpn",
            "jpn_vert": "tesseract-ocr-jpn-vert", "osd": "tesseract-ocr-osd",
            "eng": "tesseract-ocr-eng"}


@dataclass(frozen=True)
class EngineInfo:
    version: str
    languages: tuple[str, ...]


def probe(settings: OcrSettings) -> EngineInfo:
    """tesseract's version and models, checked once at start; EngineMissing names the
    package to install."""
    try:
        version = str(pytesseract.get_tesseract_version())
        # pytesseract.get_languages drops capitalised names (Japanese): ask tesseract.
        listed = subprocess.run([pytesseract.pytesseract.tesseract_cmd, "--list-langs"],
                                capture_output=True, text=True, timeout=30, check=True)
    except (pytesseract.TesseractNotFoundError, OSError) as exc:
        raise EngineMissing("文字認識エンジン tesseract が見つかりません。"
                            "インストールしてください: sudo apt install tesseract-ocr") from exc
    except subprocess.SubprocessError as exc:
        raise EngineMissing(f"tesseract を起動できません: {exc}") from exc
    languages = tuple(line.strip() for line in listed.stdout.splitlines()[1:] if line.strip())
    needed = [settings.lang, settings.vertical_lang, "osd", "eng"]
    missing = [lang for lang in dict.fromkeys(needed) if lang not in languages]
    if missing:
        where = os.environ.get("TESSDATA_PREFIX") or "tesseract の既定の tessdata"
        packages = " ".join(PACKAGES.get(m, f"tesseract-ocr-{m.lower()}") for m in missing)
        raise EngineMissing(f"tesseract の言語モデル {', '.join(missing)} がありません"
                            f"（{where}）。インストールしてください: sudo apt install {packages}")
    return EngineInfo(version, languages)


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
    under_seal: bool = False  # read where a seal's ink was taken out
    ink_after: bool = False  # ends its line, and ink no word holds follows it (a letter lost)
    ink_before: bool = False  # begins its line after ink no word holds (a letter lost)


@dataclass(frozen=True)
class OcrText:
    text: str
    confidence: float  # mean word confidence, 0.0–1.0
    score: float = 0.0  # confident characters read: compares two readings of one page
    words: tuple[Word, ...] = field(default=(), repr=False)
    vertical: bool = False  # read as 縦書き: its lines are columns, right to left


def write_page(path: Path, pixels: np.ndarray) -> Path:
    """An 8-bit grey page as tesseract is given it: a baseline TIFF, uncompressed, in
    one strip — a header and the pixels as they lie, which is half of what PIL's TIFF
    writer costs a 300-dpi page (PGM, the only simpler format, took tesseract a sixth of
    a second longer to read: measured on a tuning page)."""
    height, width = pixels.shape
    tags = ((256, 4, width), (257, 4, height), (258, 3, 8), (259, 3, 1), (262, 3, 1),
            (273, 4, 0), (277, 3, 1), (278, 4, height), (279, 4, width * height))
    start = 8 + 2 + 12 * len(tags) + 4  # the pixels follow the header and its one IFD
    header = bytearray(b"II*\x00" + struct.pack("<IH", 8, len(tags)))
    for tag, kind, value in tags:
        value = start if tag == 273 else value
        header += struct.pack("<HHI", tag, kind, 1)
        header += struct.pack("<HH", value, 0) if kind == 3 else struct.pack("<I", value)
    header += struct.pack("<I", 0)
    tiff = path.with_suffix(".tif")
    with tiff.open("wb") as out:
        out.write(header)
        np.ascontiguousarray(pixels, dtype=np.uint8).tofile(out)
    return tiff


def read_page(path: Path) -> np.ndarray:
    """A page as written by write_page, back as its grey pixels: straight from the file,
    which is what it was written as (PIL would decode it and copy it twice more)."""
    with path.open("rb") as src:
        head = src.read(10)
        if head[:4] == b"II*\x00" and struct.unpack("<I", head[4:8])[0] == 8:
            fields = {}
            for _ in range(struct.unpack("<H", head[8:10])[0]):
                tag, kind, _count, value = struct.unpack("<HHII", src.read(12))
                fields[tag] = value & 0xFFFF if kind == 3 else value
            width, height = fields.get(256, 0), fields.get(257, 0)
            if (fields.get(258), fields.get(259), fields.get(277, 1)) == (8, 1, 1) \
                    and fields.get(279) == width * height and fields.get(278, height) >= height:
                src.seek(fields[273])
                pixels = np.fromfile(src, dtype=np.uint8, count=width * height)
                if pixels.size == width * height:
                    return pixels.reshape(height, width)
    with Image.open(path) as image:  # any other page image
        return np.asarray(image.convert("L"))


# Paths, not PIL images, go to pytesseract: it would otherwise re-encode the page
# as PNG for every call, which costs as much as a quarter of the OCR itself.
def osd_rotation(path: Path, timeout: float) -> int:
    """Degrees the page must be turned clockwise to read upright (0 when OSD can't tell)."""
    try:
        out = _run(lambda: pytesseract.image_to_osd(str(path), config="--psm 0",
                                                    timeout=timeout), timeout)
    except ReadError as exc:
        if exc.code == "ocr_failed":
            return 0  # too little text for OSD: leave the page as it is
        raise
    m = re.search(r"Rotate: (\d+)", out)
    return int(m.group(1)) % 360 if m else 0


_LETTERS = re.compile(r"[0-9A-Za-z\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
MRZ_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"


def recognize_mrz(path: Path, settings: OcrSettings) -> str:
    """A passport's machine-readable lines (a crop of them), read with the Latin
    model and the MRZ alphabet only."""
    config = f"--psm 6 -c tessedit_char_whitelist={MRZ_CHARS}"
    try:
        text = _run(lambda: pytesseract.image_to_string(str(path), lang="eng", config=config,
                                                        timeout=settings.timeout),
                    settings.timeout)
    except ReadError:
        return ""  # the visual zone is still there; the MRZ is a bonus
    return "\n".join(ln.replace(" ", "") for ln in text.splitlines() if ln.count("<") >= 3)


def recognize(path: Path, settings: OcrSettings, *, vertical: bool = False) -> OcrText:
    data = _image_to_data(str(path), settings, vertical, settings.timeout)
    return replace(_readings(data, 1, by_rows=not vertical)[0], vertical=vertical)


def recognize_pages(paths: list[Path], settings: OcrSettings) -> list[OcrText]:
    """Several pages with one tesseract process: loading the Japanese model costs about
    0.1 s, a quarter of reading a page, and a process reads a list of images with one
    load. If the batch fails or runs out of time, each page is read alone, so that the
    error is the page's own."""
    if len(paths) == 1:
        return [recognize(paths[0], settings)]
    try:
        return recognize_batch(paths, settings)
    except ReadError:
        return [recognize(p, settings) for p in paths]


def recognize_batch(paths: list[Path], settings: OcrSettings) -> list[OcrText]:
    """Several images read by one tesseract process, failing as one (ReadError,
    EngineCrashed): for a caller that reads each alone its own way when it does."""
    listing = paths[0].with_name(f"batch-{paths[0].stem}.txt")
    listing.write_text("".join(f"{p}\n" for p in paths), encoding="utf-8")
    data = _image_to_data(str(listing), settings, False, settings.timeout * len(paths))
    return _readings(data, len(paths))


def _image_to_data(source: str, settings: OcrSettings, vertical: bool,
                   timeout: float) -> dict[str, list]:
    lang, psm = (settings.vertical_lang, 5) if vertical else (settings.lang, settings.psm)
    # tessedit_do_invert=0: our pages are dark ink on paper once prepared, and the
    # engine's second, inverted reading of each doubtful line cost 7% of its time for
    # no held-out figure (docs/benchmarks.md, sixteenth session).
    config = (f"--psm {psm} -c preserve_interword_spaces=1 -c tessedit_do_invert=0"
              f" -c thresholding_method={settings.thresholding}")
    return _run(lambda: pytesseract.image_to_data(source, lang=lang, config=config,
                                                  timeout=timeout,
                                                  output_type=pytesseract.Output.DICT),
                settings.timeout)


def _run(call: Callable[[], T], timeout: float) -> T:
    """One tesseract run, with its failure named once for every caller: killed by a
    signal → EngineCrashed (try again later); out of time → ocr_timeout; any other
    error → ocr_failed."""
    try:
        return call()
    except pytesseract.TesseractNotFoundError as exc:
        raise EngineMissing("文字認識エンジン tesseract が見つかりません。"
                            "インストールしてください: sudo apt install tesseract-ocr") from exc
    except pytesseract.TesseractError as exc:  # a RuntimeError too: it must come first
        if isinstance(exc.status, int) and exc.status < 0:
            raise EngineCrashed(f"tesseract ended by signal {-exc.status}") from exc
        if re.search(r"Failed loading language|Error opening data file", str(exc.message)):
            raise EngineMissing(f"tesseract の言語モデルを読み込めません: {exc.message}") from exc
        raise ReadError("ocr_failed", f"文字認識に失敗しました: {exc.message}") from exc
    except RuntimeError as exc:  # pytesseract's timeout
        raise ReadError("ocr_timeout",
                        f"文字認識が{timeout:.0f}秒以内に終わりませんでした") from exc


def _readings(data: dict[str, list], pages: int, by_rows: bool = True) -> list[OcrText]:
    """tesseract's TSV (as columns) → one OcrText per page, in page order."""
    lines: list[dict[tuple[int, int, int], list[int]]] = [{} for _ in range(pages)]
    for i, word in enumerate(data["text"]):
        if word.strip():
            key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
            lines[int(data["page_num"][i]) - 1].setdefault(key, []).append(i)
    return [_reading(data, page, by_rows) for page in lines]


def _reading(data: dict[str, list], lines: dict[tuple[int, int, int], list[int]],
             by_rows: bool = True) -> OcrText:
    words: list[Word] = []
    for n, (_key, idx) in enumerate(sorted(lines.items())):
        for i in idx:
            conf = max(float(data["conf"][i]), 0.0) / 100.0
            words.append(Word(data["text"][i].strip(), conf,
                              (data["left"][i], data["top"][i], data["width"][i],
                               data["height"][i]), n))
    if by_rows:
        # Horizontal writing: lines are the page's rows, not tesseract's blocks.
        grouped = rows(words)
        words = [replace(words[i], line=n) for n, row in enumerate(grouped) for i in row]
    texts: list[str] = []
    for w in words:
        if w.line == len(texts):
            texts.append(w.text)
        else:
            texts[w.line] += " " + w.text
    confident = [w for w in words if w.confidence >= 0.5]
    mean = sum(w.confidence for w in words) / len(words) if words else 0.0
    # Only letters, digits, kana and kanji count: a wrong reading of a page (turned,
    # or vertical) is full of confident punctuation and '<'.
    score = sum(len(_LETTERS.findall(w.text)) * w.confidence for w in confident)
    return OcrText(text="\n".join(texts), confidence=mean, score=score, words=tuple(words))


def moved(result: OcrText, dx: int, dy: int) -> OcrText:
    """The reading with its word boxes moved by (dx, dy): from a crop to its page."""
    if not (dx or dy):
        return result
    words = tuple(replace(w, box=(w.box[0] + dx, w.box[1] + dy, w.box[2], w.box[3]))
                  for w in result.words)
    return replace(result, words=words)


def with_words(result: OcrText, words: tuple[Word, ...]) -> OcrText:
    """The reading with its words' texts changed (marks written in): its text rebuilt
    from them, line by line."""
    lines: dict[int, list[str]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w.text)
    return replace(result, words=words,
                   text="\n".join(" ".join(lines[n]) for n in sorted(lines)))
