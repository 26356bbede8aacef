"""Reading: raw pages → text pages (OCR where needed) → classified documents."""

from __future__ import annotations

import math
import os
import re
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageOps

from ocr import glyphs, tesseract
from ocr.classify import classify
from ocr.cleanup import (
    MARKS_WINDOW_MM,
    despeckled,
    faint_levels,
    flatten,
    half_shapes,
    levelled,
    remove_lines,
    shaded,
    without_cell_rows,
    without_column_rules,
    without_dotted_lines,
    without_grey_ink,
    without_underlines,
)
from ocr.corroborate import (
    corroborate,
    doubt_misread_disagreements,
    find_in_words,
    settle_by_reading,
    settle_by_rereading,
)
from ocr.dates import iso, parse_date
from ocr.fields import (
    NUMBER_FORBIDDEN,
    Confidence,
    card_expiry,
    extract_document,
    is_header_label,
    party_caption,
)
from ocr.layout import (
    headed_columns,
    letter_span,
    party_columns,
    seal_read_as_letters,
    seals_by,
    unread_after,
    unread_before,
)
from ocr.marks import (
    OPTION_WORDS,
    Mark,
    may_hold_rings,
    rewrite,
    typed_choices,
    without_overruns,
    without_rings,
)
from ocr.model import Document, Page, ReadError
from ocr.mrz import find_td3
from ocr.pages import PageLimits, RawPage
from ocr.redact import black_out, code_boxes, mask_id_numbers, redact_text, sensitive_boxes
from ocr.seal import (
    count_seals,
    is_colour,
    red_mask,
    seal_boxes,
    seal_rings,
    stamp_boxes,
    without_red,
    without_seal_rings,
    without_stamps,
)
from ocr.text import compact, normalize

# Cards that carry a QR code holding what must not be kept (the 個人番号, the
# insurance numbers): their codes are blacked out in the kept image.
CODE_KINDS = ("my_number_card", "health_insurance_card")
# A first reading with fewer confident characters than this, or a lower mean
# confidence, is tried again turned (OSD) and as vertical writing.
WEAK_SCORE = 25.0
WEAK_CONFIDENCE = 0.60


@dataclass(frozen=True)
class ReadSettings:
    ocr: tesseract.OcrSettings = field(default_factory=tesseract.OcrSettings)
    limits: PageLimits = field(default_factory=PageLimits)
    workers: int = 0  # 0 = one per core


def _workers(settings: ReadSettings) -> int:
    return settings.workers or os.cpu_count() or 1


THUMB = 4  # analysis (blank, colour, seals) runs on a quarter-size copy: 75 dpi is plenty


def _darker_than_paper(thumb_gray: Image.Image, by: int) -> np.ndarray:
    """Ink on a quarter-size copy: what is `by` darker than the page's own paper (its
    median). Faint print (toner running out, pencil) is lighter than any fixed level at
    that size, and is still ink."""
    arr = np.asarray(thumb_gray)
    return arr < np.median(arr) - by


def is_blank(thumb_gray: Image.Image) -> bool:
    """A page with (almost) no ink: scanners send the backs of single-sided letters."""
    return bool(_darker_than_paper(thumb_gray, 45).mean() < 0.0008)


def looks_vertical(thumb_gray: Image.Image) -> bool:
    """Does the ink stand in columns rather than in rows (縦書き)? Between the columns of
    a vertical letter whole strips of paper run top to bottom; a horizontal page has its
    blank strips across instead, and a column of ink somewhere in every one down."""
    ink = _darker_than_paper(thumb_gray, 40)
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if len(rows) < 10 or len(cols) < 10:
        return False
    ink = ink[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
    blank_rows, blank_cols = 1 - ink.any(axis=1).mean(), 1 - ink.any(axis=0).mean()
    return bool(blank_cols >= VERTICAL_BLANK and blank_cols > blank_rows)


# Share of a page's width, between its first and last ink, that is blank top to bottom
# in vertical writing: 0.5-0.6 measured on letters written so; horizontal pages, 0-0.1.
VERTICAL_BLANK = 0.25


def has_colour_bands(thumb: Image.Image) -> bool:
    """Saturated, non-red areas: the printed bands of an ID card (not a seal, not paper)."""
    hsv = np.asarray(thumb.reduce(2).convert("HSV"), dtype=np.int16)
    h, s, v = hsv[..., 0], hsv[..., 1], hsv[..., 2]
    red = (h < 20) | (h > 235)
    return bool(((s > 60) & (v > 60) & ~red).mean() > 0.002)


_RULE_EDGES = re.compile(r"^[|｜]\s*|\s*[|｜]$", re.M)


def strip_rules(text: str) -> str:
    """A box's vertical edges come out of OCR as '|' at the ends of lines."""
    return _RULE_EDGES.sub("", text)


def _quarter(arr: np.ndarray) -> np.ndarray:
    # PIL's box reduce of an array it is lent, not given: a copy of the page is the cost.
    return np.asarray(Image.fromarray(arr).reduce(THUMB))


def remove_rules(gray: np.ndarray) -> np.ndarray:
    """White out the long ruled lines of forms and boxes: tesseract reads them as ー, |
    or letters and loses whole rows to them. Text rows are never that dark. Found on a
    quarter-size copy, whitened at full size."""
    small = _quarter(gray) < 160
    rows = np.nonzero(small.mean(axis=1) > 0.35)[0]
    cols = np.nonzero(small.mean(axis=0) > 0.35)[0]
    if not (len(rows) or len(cols)):
        return gray
    arr = gray.copy()
    for r in rows:
        arr[max(0, (r - 1) * THUMB):(r + 2) * THUMB, :] = 255
    for c in cols:
        arr[:, max(0, (c - 1) * THUMB):(c + 2) * THUMB] = 255
    return arr


def skew_angle(gray: Image.Image, limit: float = 6.0) -> float:
    """Degrees to turn the page (anticlockwise) so its text lines run level: the angle
    whose row profile is sharpest, on an eighth-size copy, coarse then fine."""
    ink = gray.reduce(8).point(lambda v: 255 if v < 170 else 0)

    def sharpness(angle: float) -> float:
        rows = np.asarray(ink.rotate(angle, fillcolor=0), dtype=np.float32).sum(axis=1)
        return float(np.var(rows))

    coarse = max(np.arange(-limit, limit + 0.01, 1.0), key=sharpness)
    return float(max(np.arange(coarse - 0.75, coarse + 0.76, 0.25), key=sharpness))


def _save(image: Image.Image | np.ndarray, path: Path) -> Path:
    if isinstance(image, Image.Image):
        image = np.asarray(image if image.mode == "L" else image.convert("L"))
    return tesseract.write_page(path, image)


def _better(a: tesseract.OcrText, b: tesseract.OcrText) -> tesseract.OcrText:
    return b if b.score > a.score else a


def _weak(r: tesseract.OcrText) -> bool:
    return r.score < WEAK_SCORE or r.confidence < WEAK_CONFIDENCE


@dataclass
class _Look:
    """What a quarter-size look at the page tells before any OCR."""

    blank: bool
    bands: bool
    seals: int | None
    shading: bool = False  # grey cells or toned paper: flattened before OCR
    seal_boxes: tuple[tuple[int, int, int, int], ...] = ()  # full-size, as scanned
    vertical: bool = False  # the ink stands in columns: read as 縦書き too
    red: np.ndarray | None = field(default=None, repr=False)  # the quarter-size red ink
    stamps: tuple[tuple[int, int, int, int], ...] = ()  # blue or purple stamps, full-size


def look(image: Image.Image) -> _Look:
    thumb = image.reduce(THUMB)
    red = red_mask(thumb) if is_colour(thumb) else None
    seals = count_seals(thumb, dpi=300 // THUMB, red=red)
    boxes = tuple((x * THUMB, y * THUMB, w * THUMB, h * THUMB)
                  for x, y, w, h in seal_boxes(thumb, dpi=300 // THUMB, red=red)) if seals else ()
    gray = thumb.convert("L")
    bands = has_colour_bands(thumb)
    # (A card's printed bands are coloured too: no stamp is looked for on them.)
    stamps = tuple((x * THUMB, y * THUMB, w * THUMB, h * THUMB)
                   for x, y, w, h in stamp_boxes(thumb, dpi=300 // THUMB)) \
        if red is not None and not bands else ()
    return _Look(blank=is_blank(gray), bands=bands,
                 seals=seals, shading=shaded(thumb), seal_boxes=boxes,
                 vertical=looks_vertical(gray), red=red, stamps=stamps)


def straightened(box: tuple[int, int, int, int], skew: float,
                 size: tuple[int, int]) -> tuple[int, int, int, int]:
    """A box on the page as scanned, where it lies once the page is turned `skew`
    degrees anticlockwise about its middle (as orient does): the box round its corners."""
    if not skew:
        return box
    cx, cy = size[0] / 2, size[1] / 2
    c, s = math.cos(math.radians(skew)), math.sin(math.radians(skew))
    left, top, w, h = box
    xs, ys = [], []
    for x, y in ((left, top), (left + w, top), (left, top + h), (left + w, top + h)):
        xs.append(cx + (x - cx) * c + (y - cy) * s)
        ys.append(cy - (x - cx) * s + (y - cy) * c)
    return (int(min(xs)), int(min(ys)), int(max(xs) - min(xs)), int(max(ys) - min(ys)))


def bilevel(gray: Image.Image) -> bool:
    """A 1-bit scan (the office scanner's black-and-white mode), whatever it was stored as."""
    # Every fifth pixel each way, counted in PIL (a whole page through numpy costs more).
    small = gray.resize((max(1, gray.width // 5), max(1, gray.height // 5)),
                        Image.Resampling.NEAREST)
    return small.getcolors(2) is not None


# A 1-bit page's strokes this wide or wider (mean run of ink across, in pixels) are not
# thickened: a bold face grown by a pixel runs into blobs, and tesseract drops its lines.
# Measured on the tuning sets' 1-bit pages at 300 dpi: thin strokes below 6 px gain from
# it (郎 no longer read as 婦); at 6.9–8.5 (IPA gothic) and 10.4–11.1 (Noto Sans Bold) the
# third tuning family read 9 more fields right without it.
THIN_STROKE_PX = 6.0


def stroke_width(gray: np.ndarray) -> float:
    """The mean length of the page's horizontal runs of ink: its strokes' width."""
    ink = gray < 128
    starts = int(np.count_nonzero(ink[:, 1:] & ~ink[:, :-1]))
    return float(np.count_nonzero(ink)) / max(1, starts)


def thickened(gray: np.ndarray) -> np.ndarray:
    """A 1-bit page's strokes grown by a pixel: its thin, jagged strokes make tesseract
    misread kanji (郎 as 婦). Letters rendered in 1 bit at five thresholds read 56 of 60
    values right so, 54 as they were."""
    return cv2.erode(gray, np.ones((3, 3), np.uint8))  # the darkest of each 3x3: PIL's MinFilter


def cleaned(gray: np.ndarray, seen: _Look) -> np.ndarray:
    """The page as tesseract gets it. A shaded form (grey label cells, toned paper) is
    flattened to white and loses its ruled lines of every length; plain pages their
    page-long rules and a table's column rules (tesseract's own threshold reads them
    best otherwise), and cards with printed bands are thresholded locally by tesseract
    (Sauvola)."""
    gray = despeckled(gray)
    if seen.shading and not seen.bands:
        gray = remove_lines(flatten(gray))
    gray = remove_rules(gray)
    shapes = half_shapes(gray)
    gray = without_dotted_lines(without_cell_rows(gray, shapes=shapes), shapes=shapes)
    # A card's printed bands are thresholded by tesseract itself, and a rule whitened
    # across one (or a band's edge taken for an underline) leaves an edge it reads as
    # letters: the expiry line lost.
    if seen.bands:
        return gray
    return without_column_rules(without_underlines(gray, shapes=shapes))


SKEW_MIN = 0.75  # degrees: tesseract copes with less; more costs it whole lines


def straightened_pixels(pixels: np.ndarray, skew: float, smooth: bool = True) -> np.ndarray:
    """A page's pixels (grey or RGB) turned `skew` degrees anticlockwise about its middle,
    on white: OpenCV's turn, the same as PIL's and six times faster on a whole page (0.2 s
    for PIL's bicubic at 300 dpi). Bilinear where shapes are measured, not letters read."""
    if not skew:
        return pixels
    height, width = pixels.shape[:2]
    matrix = cv2.getRotationMatrix2D(((width - 1) / 2, (height - 1) / 2), skew, 1.0)
    white = 255 if pixels.ndim == 2 else (255, 255, 255)
    return cv2.warpAffine(pixels, matrix, (width, height),
                          flags=cv2.INTER_CUBIC if smooth else cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=white)


def orient(image: Image.Image, skew: float, rotation: int,
           resample: Image.Resampling = Image.Resampling.BICUBIC) -> Image.Image:
    """The page straightened by `skew` and turned upright by `rotation` (OSD's clockwise
    degrees) — the frame every OCR word box refers to."""
    if skew and image.mode in ("L", "RGB"):
        image = Image.fromarray(straightened_pixels(
            np.asarray(image), skew, smooth=resample == Image.Resampling.BICUBIC))
    elif skew:
        image = image.rotate(skew, expand=False, fillcolor="white", resample=resample)
    if rotation:
        image = image.rotate(-rotation, expand=True)  # PIL turns anticlockwise
    return image


CROP_MARGIN = 12  # quarter-size pixels (4 mm) of paper kept around the ink


def ink_box(gray: np.ndarray) -> tuple[int, int, int, int]:
    """The part of the page with ink on it, and a margin: tesseract's time grows with the
    paper it is given, and a card copied onto an A4 sheet is mostly paper."""
    small = _quarter(gray) < 160
    rows, cols = np.flatnonzero(small.any(axis=1)), np.flatnonzero(small.any(axis=0))
    height, width = gray.shape[:2]
    if not len(rows):
        return (0, 0, width, height)
    return (max(0, int(cols[0] - CROP_MARGIN) * THUMB), max(0, int(rows[0] - CROP_MARGIN) * THUMB),
            min(width, int(cols[-1] + CROP_MARGIN + 1) * THUMB),
            min(height, int(rows[-1] + CROP_MARGIN + 1) * THUMB))


def turned_origin(box: tuple[int, int, int, int], size: tuple[int, int],
                  rotation: int) -> tuple[int, int]:
    """Where a crop of a page lands once the page is turned `rotation` degrees clockwise."""
    left, top, right, bottom = box
    width, height = size
    return {0: (left, top), 90: (height - bottom, left), 180: (width - right, height - bottom),
            270: (top, width - right)}[rotation % 360]


@dataclass
class _Prepared:
    """A page made ready for tesseract: straightened, ruled lines removed, cut to its ink."""

    index: int
    raw: RawPage
    seen: _Look
    skew: float
    ocr: tesseract.OcrSettings
    path: Path
    box: tuple[int, int, int, int]  # the crop, in the straightened page
    size: tuple[int, int]  # the straightened page
    # Seals (red ink, or grey shapes on a grayscale scan) taken out before OCR, in the
    # straightened page: what was read under them is not trusted.
    obscured: tuple[tuple[int, int, int, int], ...] = ()
    seals_at: tuple[tuple[int, int, int, int], ...] = ()  # the red seals, as in obscured
    # The seals are rings on a 1-bit scan, stamped in the same black as the text: a line
    # that stops short of one may have run on under it, unread.
    inked_over: bool = False
    # The page in grey as scanned, kept beside the OCR input: a PDF page costs a tenth
    # of a second to render again, and marks and a seal's second look need it. Kept in
    # memory (`pixels`) when the page itself is held in memory anyway, three times the
    # size in colour; written to a file (`scan`) when it is rendered only when asked for.
    scan: Path | None = None
    pixels: np.ndarray | None = field(default=None, repr=False)

    def frame(self, image: Image.Image, rotation: int) -> Image.Image:
        """A full-size straightened copy of the page cut and turned like the OCR input."""
        return orient(image.crop(self.box), 0, rotation)

    def scanned_pixels(self) -> np.ndarray:
        if self.pixels is not None:
            return self.pixels
        if self.scan is None:
            return np.asarray(ImageOps.grayscale(self.raw.picture()))
        return np.load(self.scan)


def redacted(text: str) -> tuple[str, bool, bool]:
    """A page's text with what must not be kept masked: (text, anything masked, the page
    is a card none of whose numbers may be kept — every number but a date goes)."""
    text, masked = redact_text(text)
    if classify(text) not in NUMBER_FORBIDDEN:
        return text, masked, False
    text, loose = redact_text(text, numbers_forbidden=True)
    return text, masked or loose, True


# Paper the office scans, by the ratio of its sides: A4, A5 and B5 (√2), and US letter.
_SHEETS = ((math.sqrt(2), 210.0), (11 / 8.5, 215.9))
# Scans coarser than this are brought to 300 dpi before reading: every size the reader
# measures (strokes, boxes, seals, lines) is in millimetres at 300 dpi, and tesseract
# reads a 10-point kanji of 22 pixels (150 dpi) far worse than one of 44. At 240 dpi it
# reads as well as enlarged (the third tuning family: the same fields right either way)
# and an enlarged page costs a third more to read, so only coarser scans are enlarged.
LOW_DPI = 180


def sheet_dpi(size: tuple[int, int]) -> float | None:
    """The resolution a page was scanned at, from its size, when it is a whole sheet of
    A4 (or B5, A5, letter at their widths' share); None for anything else (a card cut
    out, a strip)."""
    short, long_ = sorted(size)
    for ratio, width_mm in _SHEETS:
        if abs(long_ / short - ratio) <= 0.02 * ratio:
            return short / (width_mm / 25.4)
    return None


def at_300_dpi(raw: RawPage, image: Image.Image) -> tuple[RawPage, Image.Image]:
    """The page as the reader reads it, and its picture (`image`, the one already taken
    of it: a PDF page costs a tenth of a second to render again): a whole sheet scanned
    coarser than LOW_DPI enlarged to 300 dpi (a 1-bit one pixel for pixel, so that it
    stays 1-bit), so that what is read, masked and kept all refer to the one enlarged
    image."""
    dpi = sheet_dpi(image.size)
    if dpi is None or not 90 <= dpi < LOW_DPI:
        return raw, image
    size = (round(image.width * 300 / dpi), round(image.height * 300 / dpi))

    def enlarged(page: Image.Image) -> Image.Image:
        one_bit = page.mode == "1" or bilevel(ImageOps.grayscale(page))
        return page.resize(size, Image.Resampling.NEAREST if one_bit
                           else Image.Resampling.BICUBIC)

    return RawPage(number=raw.number, render=lambda: enlarged(raw.picture())), enlarged(image)


def _prepare(index: int, raw: RawPage, settings: ReadSettings, tmp: Path) -> _Prepared | Page:
    if not raw.scanned:
        text, masked, forbidden = redacted(typed_choices(normalize(raw.text or "")))
        return Page(number=raw.number, text=text, method="text_layer", masked=masked,
                    numbers_forbidden=forbidden)
    raw, image = at_300_dpi(raw, raw.picture())
    seen = look(image)
    if seen.blank:
        return Page(number=raw.number, text="", confidence=1.0, method="blank")
    luma = ImageOps.grayscale(image)
    pixels = np.asarray(luma)  # once: the clean-ups, the kept scan and the checks share it
    # Faint print is made black before anything cuts ink from paper or measures lines
    # (not on a card's printed bands, which tesseract thresholds locally as they are).
    levels = None if seen.bands else faint_levels(pixels)
    if levels is not None:
        pixels = levelled(pixels, levels)
        luma = Image.fromarray(pixels)
    # The skew is measured along rows of text; a page written in columns has none to
    # measure by (5° was found on a straight vertical letter), so it is left as scanned.
    skew = 0.0 if seen.vertical else skew_angle(luma)
    skew = skew if abs(skew) >= SKEW_MIN else 0.0
    # Seals sit on or beside names; in the red channel their ink turns white.
    one_bit = bilevel(luma)
    rings = seal_rings(pixels) if one_bit else []
    if rings:
        # A 1-bit scan keeps a seal's ring but not its colour: the ring goes, and what
        # is read inside it is not trusted.
        source = without_seal_rings(pixels, rings)
    else:
        source = without_red(image, seen.red) if seen.seals else pixels
    if levels is not None and source is not pixels:
        source = levelled(source, levels)  # (the seal's ink taken out of the colour page)
    if seen.stamps and not rings:
        # The desk's receipt stamp in blue or purple, over the date or a name: its ink
        # goes as a red seal's does, and what was read under it is not trusted either.
        source = without_stamps(source, image, seen.stamps)
    gray = straightened_pixels(source, skew)
    if one_bit and stroke_width(pixels) < THIN_STROKE_PX:
        gray = thickened(gray)
    obscured: list[tuple[int, int, int, int]] = []
    seals_at: list[tuple[int, int, int, int]] = []
    if seen.seals:
        # Red ink goes in the red channel, but not always all of it: what was read
        # through a seal is not trusted either.
        obscured = seals_at = [straightened(b, skew, image.size) for b in seen.seal_boxes]
    obscured = obscured + [straightened(b, skew, image.size) for b in seen.stamps]
    if one_bit:
        obscured = [straightened(b, skew, image.size) for b in rings]
    elif seen.seals is None:
        # Grayscale: a seal is grey ink, and the red channel cannot take it out.
        gray, obscured = without_grey_ink(gray)
    gray = cleaned(gray, seen)
    box = ink_box(gray)
    ocr = replace(settings.ocr, thresholding=2) if seen.bands else settings.ocr
    path = _save(gray[box[1]:box[3], box[0]:box[2]], tmp / f"page{index}")
    scan = None
    if raw.image is None:
        scan = tmp / f"page{index}-scan.npy"
        np.save(scan, pixels)
    return _Prepared(index, raw, seen, skew, ocr, path, box, (gray.shape[1], gray.shape[0]),
                     tuple(obscured), tuple(seals_at),
                     inked_over=bool(obscured) and one_bit, scan=scan,
                     pixels=pixels if scan is None else None)


def _follow_up(p: _Prepared, result: tesseract.OcrText,
               tmp: Path) -> tuple[tesseract.OcrText, int, Path]:
    """(reading, rotation, image read) of a page after its first reading: a normal page is done;
    OSD, the red channel, vertical writing and Sauvola are only for a page whose reading
    is weak. Every turn is taken from the page as scanned."""
    ocr, path, rotation = p.ocr, p.path, 0
    if p.seen.vertical:
        # The ink stands in columns: read as 縦書き, and turned round if that is weak
        # (a letter put in upside down); kept only where it reads better.
        vertical = tesseract.recognize(path, ocr, vertical=True)
        if _weak(vertical) and ocr.osd:
            turned_path = _save(orient(Image.open(p.path), 0, 180), tmp / f"page{p.index}-v180")
            turned = tesseract.recognize(turned_path, ocr, vertical=True)
            if turned.score > vertical.score:
                vertical, path, rotation = turned, turned_path, 180
        if vertical.score > result.score:
            result = vertical
        else:
            path, rotation = p.path, 0
    elif result.score < WEAK_SCORE and result.confidence >= WEAK_CONFIDENCE:
        # Next to nothing read, but that confidently: the sign of 縦書き. (A turned page
        # reads as confident-looking garbage of low confidence instead.)
        vertical = tesseract.recognize(path, ocr, vertical=True)
        if vertical.score > result.score * 1.2:
            result = vertical
    if _weak(result) and ocr.osd:
        # Upside down is how a letter most often goes through a scanner wrong: try that
        # first, and ask OSD (a pass of its own) only when it does not read either.
        upright = Image.open(p.path)
        for turn in (180, None):
            if turn is None:
                turn = tesseract.osd_rotation(p.path, ocr.timeout)
                if turn in (0, 180):
                    break
            turned_path = _save(orient(upright, 0, turn), tmp / f"page{p.index}-{turn}")
            again = tesseract.recognize(turned_path, ocr)
            if again.score > result.score:  # OSD guesses on sparse pages: keep what reads
                result, rotation, path = again, turn, turned_path
            if not _weak(result):
                break
    if _weak(result) and p.seen.seals:
        luma = cleaned(straightened_pixels(p.scanned_pixels(), p.skew), p.seen)
        plain = _save(p.frame(Image.fromarray(luma), rotation), tmp / f"page{p.index}-luma")
        result = _better(result, tesseract.recognize(plain, ocr))
    if _weak(result):
        vertical = tesseract.recognize(path, ocr, vertical=True)
        if vertical.score > result.score * 1.2:  # 縦書き must win clearly, not by noise
            result = vertical
    if _weak(result) and ocr.thresholding != 2:
        result = _better(result, tesseract.recognize(path, replace(ocr, thresholding=2)))
    if rotation == 0 and any(w in compact(result.text) for w in OPTION_WORDS):
        result = _rings_out(p, result, path, tmp)
    kind = classify(normalize(result.text))
    if kind in EXPIRING_CARDS and _expiry(result) is None:
        result, path = _expiry_unbanded(p, result, path, rotation, tmp)
    if (kind == "passport" or "<<<" in result.text) and find_td3(result.text) is None:
        crop = _mrz_crop(Image.open(path), result)
        if crop is not None:
            mrz = tesseract.recognize_mrz(_save(crop, tmp / f"page{p.index}-mrz"), ocr)
            if mrz:
                result = replace(result, text=result.text + "\n" + mrz)
    return result, rotation, path


def _expiry_unbanded(p: _Prepared, result: tesseract.OcrText, path: Path, rotation: int,
                     tmp: Path) -> tuple[tesseract.OcrText, Path]:
    """A card whose expiry did not read, read once more with its background flattened
    to white. The expiry is printed on a coloured band, and the band may swallow it at
    any threshold — a faint scan pales the band until it no longer passes for one, and
    the faint page's levelling darkens it under the text. (A valid-looking card with its
    expiry lost is not shown valid: the person is asked for an ID they sent.) The whole
    reading is kept where it reads as well; otherwise only the expiry's line is added,
    since the flattening costs other lines (a photo's edge, a birth date's digits)."""
    source = tesseract.read_page(path) if p.seen.bands else p.frame(
        Image.fromarray(straightened_pixels(p.scanned_pixels(), p.skew)), rotation)
    flat = _save(flatten(np.asarray(source)), tmp / f"page{p.index}-flat")
    again = tesseract.recognize(flat, replace(p.ocr, thresholding=0))
    if _expiry(again) is None:
        return result, path
    if again.score >= result.score:
        return again, flat
    lines = again.text.splitlines()
    # The expiry's line, or with the line before it where its label stands alone there.
    shown = next((part for i in range(len(lines))
                  for part in (lines[i], "\n".join(lines[max(0, i - 1):i + 1]))
                  if card_expiry(normalize(part)) is not None), None)
    return (replace(result, text=result.text + "\n" + shown), path) if shown else (result, path)


# Cards that always print an expiry date (a passport's is read from its MRZ).
EXPIRING_CARDS = ("drivers_license", "my_number_card", "residence_card", "basic_resident_card")


def _expiry(result: tesseract.OcrText) -> str | None:
    """The expiry a card's reading shows, as its fields will read it (the expiry alone:
    a whole extraction costs a page's tenth of its OCR)."""
    return card_expiry(normalize(result.text))


_OPTIONS_READ = re.compile("|".join(sorted(OPTION_WORDS, key=len, reverse=True)))


def _rings_out(p: _Prepared, result: tesseract.OcrText, path: Path,
               tmp: Path) -> tesseract.OcrText:
    """A page whose options are circled, or ticked or crossed over their letters, read
    again with the rings and the strokes run out of the boxes whitened: tesseract drops
    a row of text that a ring is drawn through, and misreads letters a stroke crosses.
    The marks are still decided from the page as scanned, rings and all (_with_marks)."""
    heights = sorted(w.box[3] for w in result.words if w.text)
    if not heights:
        return result
    h = heights[len(heights) // 2]
    gray = tesseract.read_page(path)
    rings: list[Mark] = []
    if may_hold_rings(gray, h):  # most pages: a quarter of the cost of the search
        gray, rings = without_rings(gray, h)
    # Ticks and crosses that run out of their boxes into the letters go too — where
    # they cost option words (fewer read than the page has boxes): a page read again
    # may lose another line it had.
    cleared, overruns, boxes = without_overruns(gray, h)
    if overruns and len(_OPTIONS_READ.findall(compact(result.text))) >= boxes:
        cleared, overruns = gray, 0
    if not rings and not overruns:
        return result
    # The whole page is read again: a ring upsets tesseract's layout of more than its
    # own row (a narrower reading of only the rows lost words the whole page kept).
    again = tesseract.recognize(_save(Image.fromarray(cleared), tmp / f"page{p.index}-rings"),
                                p.ocr)
    return again if again.score > result.score else result


def _mrz_crop(gray: Image.Image, result: tesseract.OcrText) -> Image.Image | None:
    """The band of the page holding the lines that contain '<'."""
    boxes = [w.box for w in result.words if w.text.count("<") >= 2]
    if not boxes:
        return None
    top = min(b[1] for b in boxes) - 40
    bottom = max(b[1] + b[3] for b in boxes) + 40
    left = min(b[0] for b in boxes) - 60
    right = max(b[0] + b[2] for b in boxes) + 60
    return gray.crop((max(0, left), max(0, top), min(gray.width, right),
                      min(gray.height, bottom)))


MARKS_RULE_ACROSS_MM, MARKS_RULE_DOWN_MM = 60.0, 5.0


def _with_marks(p: _Prepared, result: tesseract.OcrText, rotation: int) -> tesseract.OcrText:
    """Tick boxes and circled options decided from the page's ink (see ocr.marks): only
    on pages that name at least two options, on the page as scanned (flattened, without
    its table's rules, but with every shorter line: a circle's arc or an underline must
    not be taken for one)."""
    flat = compact(result.text)
    if sum(flat.count(w) for w in OPTION_WORDS) < 2:
        return result
    # Straightened without smoothing: shapes are measured here, not letters read, and a
    # bicubic turn of a whole page costs more than all of the measuring.
    # Cut to the OCR input's part of the page before flattening: most of a page is paper.
    left, top, right, bottom = p.box
    cut = straightened_pixels(p.scanned_pixels(), p.skew, smooth=False)[top:bottom, left:right]
    # A table's rules go — a hand's loop drawn against one is one shape with the whole
    # table, and no ring — but only runs no mark has: upright ones a row high (a loop's
    # ends are curved, a box's sides shorter) and ones across the table's width (an
    # underline is a word's length, a loop's flat arc shorter still).
    flat = remove_lines(flatten(cut, window_mm=MARKS_WINDOW_MM), across_mm=MARKS_RULE_ACROSS_MM,
                        down_mm=MARKS_RULE_DOWN_MM)
    gray = orient(Image.fromarray(flat), 0, rotation)
    words = result.words
    by_line: dict[int, list[int]] = {}
    for i, w in enumerate(words):
        by_line.setdefault(w.line, []).append(i)
    rewritten = rewrite(np.asarray(gray), words, list(by_line.values()))
    return tesseract.with_words(result, tuple(rewritten))


def _headed(result: tesseract.OcrText) -> tesseract.OcrText:
    """A table whose labels head their columns read as label-and-value rows, and one
    with the person and the agent side by side as the two parties' sections."""
    by_line: dict[int, list[int]] = {}
    for i, w in enumerate(result.words):
        by_line.setdefault(w.line, []).append(i)
    lines = [by_line[n] for n in sorted(by_line)]
    regrouped = party_columns(result.words, headed_columns(result.words, lines,
                                                           is_header_label),
                              party_caption, is_header_label)
    if regrouped == lines:
        return result
    words = tuple(replace(result.words[i], line=n) for n, row in enumerate(regrouped)
                  for i in row)
    return tesseract.with_words(result, words)


def _turned(shapes: Sequence[tuple[int, int, int, int]], size: tuple[int, int],
            rotation: int) -> list[tuple[int, int, int, int]]:
    """Boxes found on the page as prepared, in the frame of its words (turned upright)."""
    out = []
    for left, top, w, h in shapes:
        x, y = turned_origin((left, top, left + w, top + h), size, rotation)
        out.append((x, y, *((h, w) if rotation % 180 else (w, h))))
    return out


def _unsure_under(result: tesseract.OcrText, shapes: tuple[tuple[int, int, int, int], ...],
                  size: tuple[int, int], rotation: int,
                  cut_short: bool = False) -> tesseract.OcrText:
    """Words read where a seal's ink was taken out are marked, so that a name read
    through a seal comes back null with a doubt rather than as the garble it often is
    (and is kept when an ID of the envelope reads it alike: ocr.corroborate), while a
    date or an address, whose shape is checked, counts them at a discount
    (word_confidence)."""
    if not shapes:
        return result
    turned = _turned(shapes, size, rotation)

    def under(word: tesseract.Word) -> bool:
        # Under a seal: at least half a character of the word lies within it (a seal
        # stamped beside a name only grazes the name's box; one over its last character
        # covers that character).
        box = word.box
        char = box[2] / max(1, len(word.text))
        return any(min(box[0] + box[2], x + w) - max(box[0], x) >= 0.5 * char
                   and min(box[1] + box[3], y + h) - max(box[1], y) >= 0.3 * box[3]
                   for x, y, w, h in turned)

    def runs_under(word: tesseract.Word, last: bool) -> bool:
        # A line's last word that stops just short of a black seal on its row: the line
        # may have run on under the seal and been lost there (西村 of 西村智子). A red
        # one was taken out before reading, and what it covered was read.
        if not (last and cut_short):
            return False
        box = word.box
        char = box[2] / max(1, len(word.text))
        right = box[0] + box[2]
        return any(0 <= x - right <= 1.5 * char and x + w > right
                   and min(box[1] + box[3], y + h) - max(box[1], y) >= 0.3 * box[3]
                   for x, y, w, h in turned)

    ends: dict[int, int] = {}
    for i, w in enumerate(result.words):
        if w.text and (w.line not in ends or w.box[0] > result.words[ends[w.line]].box[0]):
            ends[w.line] = i
    last = set(ends.values())
    words = tuple(replace(w, under_seal=True) if under(w) or runs_under(w, i in last) else w
                  for i, w in enumerate(result.words))
    return replace(result, words=words)


# Lines read again alone, at most, where a letter was left unread at their end.
MAX_LINES_AGAIN = 4
_LETTER = re.compile(r"^[\u3041-\u30ff\u4e00-\u9fff々]{1,2}$")


def _lost_letters(result: tesseract.OcrText, path: Path,
                  settings: tesseract.OcrSettings) -> tesseract.OcrText:
    """A line that ends, or begins, with ink no word holds (tesseract drops a thin 一
    after 健, or the 金 of 金子, in a page's layout, not on the line alone) is read again
    as one line; the letters that reading adds after, or before, the same words are the
    line's. A line that reads otherwise keeps its words, the word beside the lost ink
    marked (`ink_after`, `ink_before`): a name from it is not trusted."""
    if result.vertical:
        return result  # what stands beside a column's end is the next column
    pixels = tesseract.read_page(path)
    lines = [w.line for w in result.words]
    lost = [(i, True) for i in unread_after(pixels, result.words, lines)] + \
        [(i, False) for i in unread_before(pixels, result.words, lines)]
    if not lost:
        return result
    words = list(result.words)
    cuts: list[tuple[int, bool, np.ndarray, int, Path]] = []
    for n, (i, after) in enumerate(sorted(lost)):
        words[i] = replace(words[i], **{"ink_after" if after else "ink_before": True})
        if n >= MAX_LINES_AGAIN:
            continue
        line = [w for w in words if w.line == words[i].line]
        height = max(w.box[3] for w in line)
        left, top = min(w.box[0] for w in line), min(w.box[1] for w in line)
        right = max(w.box[0] + w.box[2] for w in line)
        bottom = max(w.box[1] + w.box[3] for w in line)
        crop = (max(0, left - (height if after else 3 * height)), max(0, top - height // 2),
                min(pixels.shape[1], right + (3 * height if after else height)),
                min(pixels.shape[0], bottom + height // 2))
        # On a margin of paper: tesseract dies of a tiny or tight crop (SIGFPE).
        if crop[2] - crop[0] < height or crop[3] - crop[1] < height:
            continue
        cuts.append((i, after, pixels[crop[1]:crop[3], crop[0]:crop[2]], height,
                     path.with_name(f"{path.stem}-line{i}{'' if after else 'b'}.png")))
    readings = _read_alone([(cut, border, at) for _, _, cut, border, at in cuts], settings)
    for (i, after, *_), again in zip(cuts, readings, strict=True):
        if again is None:
            continue  # the line keeps its words, the lost letter marked
        # Taken again: a reading before this one may have added a letter to the line.
        line = [w for w in words if w.line == words[i].line]
        had = "".join(compact(w.text) for w in line)
        now = "".join(compact(w.text) for w in again.words)
        extra = now[len(had):] if after else now[:len(now) - len(had)]
        if (now.startswith(had) if after else now.endswith(had)) and _LETTER.match(extra):
            added = [w.confidence for w in again.words][-1 if after else 0] \
                if again.words else 0.0
            text = words[i].text + extra if after else extra + words[i].text
            words[i] = replace(words[i], text=text, ink_after=False, ink_before=False,
                               confidence=min(words[i].confidence, added))
    return tesseract.with_words(result, tuple(words))


def _read_alone(cuts: list[tuple[np.ndarray, int, Path]],
                settings: tesseract.OcrSettings) -> list[tesseract.OcrText | None]:
    """Cuts of a page each read as one line (psm 7), on a white border, by one tesseract
    process (its start costs a third of a line's reading); a cut tesseract fails on reads
    None (the caller keeps what it had). If the batch fails, each is read alone, so that
    one bad cut costs only its own line."""
    for cut, border, path in cuts:
        ImageOps.expand(Image.fromarray(cut), border=border, fill=255).save(path)
    line = replace(settings, psm=7)
    if len(cuts) > 1:
        try:
            return list(tesseract.recognize_batch([path for *_, path in cuts], line))
        except (ReadError, tesseract.EngineCrashed):
            pass
    readings: list[tesseract.OcrText | None] = []
    for *_, path in cuts:
        try:
            readings.append(tesseract.recognize(path, line))
        except (ReadError, tesseract.EngineCrashed):
            readings.append(None)
    return readings


def _page(p: _Prepared, result: tesseract.OcrText, rotation: int, path: Path) -> Page:
    result = _lost_letters(_headed(_with_marks(p, result, rotation)), path, p.ocr)
    # Word boxes refer to the whole page as stored (upright_image), not to the crop.
    dx, dy = turned_origin(p.box, p.size, rotation)
    result = _unsure_under(tesseract.moved(result, dx, dy), p.obscured, p.size, rotation,
                           cut_short=p.inked_over)
    if seal_ink := seal_read_as_letters(result.words):
        result = tesseract.with_words(result, tuple(
            w for i, w in enumerate(result.words) if i not in seal_ink))
    text, masked, forbidden = redacted(strip_rules(normalize(result.text)))
    covered: tuple[tuple[int, int, int, int], ...] = ()
    if masked or classify(text) in CODE_KINDS:
        with Image.open(path) as read:
            covered = tuple((x + dx, y + dy, w, h) for x, y, w, h in code_boxes(read))
    return Page(number=p.raw.number, text=text, confidence=result.confidence,
                rotation=rotation, skew=p.skew, method="ocr", picture=p.raw.picture,
                seals=p.seen.seals, masked=masked or bool(covered), words=result.words,
                numbers_forbidden=forbidden, covered=covered,
                seal_spots=tuple(_turned(p.seals_at, p.size, rotation)))


def _read_share(share: list[tuple[int, RawPage]], settings: ReadSettings,
                tmp: Path) -> list[tuple[int, Page]]:
    """One worker's helping of pages: prepared, read by one tesseract process per OCR
    setting (a card's Sauvola differs from a letter's), then looked at again one by one
    where the first reading is weak."""
    done: list[tuple[int, Page]] = []
    groups: dict[tesseract.OcrSettings, list[_Prepared]] = {}
    for index, raw in share:
        prepared = _prepare(index, raw, settings, tmp)
        if isinstance(prepared, Page):
            done.append((index, prepared))
        else:
            groups.setdefault(prepared.ocr, []).append(prepared)
    for ocr, group in groups.items():
        readings = tesseract.recognize_pages([p.path for p in group], ocr)
        for p, first in zip(group, readings, strict=True):
            done.append((p.index, _page(p, *_follow_up(p, first, tmp))))
    return done


class _Helpings:
    """Pages handed out to workers a few at a time: large helpings while many pages are
    left (one tesseract start for several pages), smaller ones towards the end so that no
    worker is left idle while another finishes a long one."""

    def __init__(self, pages: list[RawPage], workers: int) -> None:
        self._left = deque(enumerate(pages))
        self._workers = workers
        self._lock = threading.Lock()

    def take(self) -> list[tuple[int, RawPage]]:
        with self._lock:
            left = len(self._left)
            size = -(-left // (2 * self._workers))
            if left > self._workers:
                size = max(size, 2)
            return [self._left.popleft() for _ in range(min(size, left))]

    def stop(self) -> None:
        with self._lock:
            self._left.clear()


def read_pages(raw_pages: list[RawPage], settings: ReadSettings) -> list[Page]:
    """Pages in parallel: `workers` threads, each taking a helping of pages at a time
    and running one tesseract process at a time, so at most `workers` run at once."""
    workers = min(_workers(settings), max(1, len(raw_pages)))
    helpings = _Helpings(raw_pages, workers)
    pages: list[Page | None] = [None] * len(raw_pages)
    with tempfile.TemporaryDirectory(prefix="intake-ocr-") as tmp:

        def work() -> None:
            try:
                while share := helpings.take():
                    for index, page in _read_share(share, settings, Path(tmp)):
                        pages[index] = page
            except BaseException:
                helpings.stop()  # one unreadable page quarantines the envelope: stop early
                raise

        if workers == 1:
            work()
        else:
            with ThreadPoolExecutor(max_workers=workers) as pool:
                for future in [pool.submit(work) for _ in range(workers)]:
                    future.result()
    return [p for p in pages if p is not None]


def upright_image(page: Page) -> Image.Image | None:
    """The page image as stored and shown: straightened and turned like its OCR."""
    if page.picture is None:
        return None
    return orient(page.picture(), page.skew, page.rotation)


def kept_image(page: Page) -> Image.Image | None:
    """The page image as it may be kept: upright, and with the numbers and codes that
    must not be kept blacked out."""
    image = upright_image(page)
    if image is None or not page.masked:
        return image
    return black_out(image, sensitive_boxes(page.words, page.numbers_forbidden)
                     + list(page.covered))


def read_image(image: Image.Image, settings: ReadSettings, number: int = 1) -> Page:
    return read_pages([RawPage(number=number, image=image)], settings)[0]


# A word read through a removed seal: a value whose shape is checked afterwards (a date
# that must parse, an address against the post office's list) takes it at this share of
# its confidence; a name, which nothing checks, takes none of it.
THROUGH_SEAL = 0.75


def word_confidence(pages: Iterable[Page]) -> Confidence:
    """How sure OCR was of a value: the mean confidence, weighted by characters, of the
    words that make it up on the line it was read from. None for text that OCR did not
    produce (a text layer, a mail) or that cannot be found among the words."""
    lines = _read_lines(pages)

    def confidence(raw: str, *, checked: bool = False) -> float | None:
        want = compact(raw)
        found = _line_holding(lines, want)
        if found is None:
            return None
        line = found[1]
        held = [w for w in line if (t := compact(w.text)) and t in want]
        if not checked and any(w.ink_after or w.ink_before for w in held):
            return 0.0  # a letter of it was left unread: the name may be cut short
        if not checked and any(w.under_seal for w in held):
            # A letter of a name read through a seal: as unsure as the name, however
            # sure its other letters were (西村 + 買 read inside a ring is no name).
            return 0.0
        weights = [(len(compact(w.text)), w.confidence * (THROUGH_SEAL if checked else 0.0)
                    if w.under_seal else w.confidence) for w in held]
        total = sum(n for n, _ in weights)
        return sum(n * c for n, c in weights) / total if total else None

    return confidence


# A word tesseract believed less than this is a letter it did not read so much as guess.
WEAK_LETTER = 0.3


def weak_letters(pages: Iterable[Page]) -> Callable[[str], set[int]]:
    """Which letters of a value (by position) OCR read in words it hardly believed, on
    the line the value was read from. Empty for text OCR did not produce."""
    lines = _read_lines(pages)

    def weak(raw: str) -> set[int]:
        want = compact(raw)
        line = _line_holding(lines, want)
        if line is None:
            return set()
        text, words = line
        start, at, out = text.find(want), 0, set()
        for w in words:
            t = compact(w.text)
            for k in range(at, at + len(t)):
                if w.confidence < WEAK_LETTER and start <= k < start + len(want):
                    out.add(k - start)
            at += len(t)
        return out

    return weak


_Line = tuple[str, list[tesseract.Word]]


def _read_lines(pages: Iterable[Page]) -> list[_Line]:
    """Each line OCR read, as its text (compacted) and its words."""
    out: list[_Line] = []
    for page in pages:
        by_line: dict[int, list[tesseract.Word]] = {}
        for w in page.words:
            by_line.setdefault(w.line, []).append(w)
        out += [("".join(compact(w.text) for w in words), words)
                for words in by_line.values()]
    return out


def _line_holding(lines: list[_Line], want: str) -> _Line | None:
    """The first line whose text holds a value: the line it was read from."""
    return next((line for line in lines if want and want in line[0]), None)


def _sealed_by_the_writer(letter: Document, pages: list[Page]) -> bool:
    """Does a red seal on the letter stand by the writer's name? A red mark elsewhere
    on the page — the desk's receipt stamp, put on when the letter came — is not the
    writer's seal. Where the name is not found among a page's words, its seals count
    as before: where they stand says nothing then."""
    # The names as the page's ink has them: a name set aside as unsure still stands
    # where it was read. A name the letter has that did not read at all leaves it open,
    # and so does a representative's (the writer who seals) whose name was not found.
    writers = ("name",) if letter.fields.get("requester_role") == "self" \
        else ("name", "agent_name")
    names = [letter.fields.get(k) or letter.unsure.get(k) for k in writers]
    count = 0
    for page in pages:
        if page.number in letter.pages and page.seals:
            by = seals_by(page.words, page.seal_spots, names) if all(names) else None
            count += page.seals if by is None or not page.seal_spots else by
    return count > 0


def _old_forms_read(docs: list[Document], pages: list[Page]) -> None:
    """Names read with 高 where the page printed 髙, which the model cannot write: told
    by the glyph's shape (ocr.glyphs.taka), and left as read where the shape does not
    say."""
    by_number = {p.number: p for p in pages}
    images: dict[int, np.ndarray] = {}
    for doc in docs:
        for key, value in list(doc.fields.items()):
            if not key.endswith("name") or not isinstance(value, str) or "高" not in value:
                continue
            for number in doc.pages:
                page = by_number.get(number)
                line = _line_holding(_read_lines([page]), value) if page else None
                if page is None or line is None or page.picture is None:
                    continue
                if number not in images:
                    images[number] = np.asarray(ImageOps.grayscale(upright_image(page)))
                chars = list(value)
                for k in (k for k, c in enumerate(value) if c == "高"):
                    crop = _letter_crop(images[number], line, line[0].find(value) + k)
                    if crop is not None and glyphs.taka(crop) == "髙":
                        chars[k] = "髙"
                doc.fields[key] = "".join(chars)
                break


def _letter_crop(image: np.ndarray, line: _Line, at: int) -> np.ndarray | None:
    """The part of the page holding the line's character at `at` (of its compacted
    text): its word's box cut into as many equal parts as the word has characters."""
    seen = 0
    for word in line[1]:
        text = compact(word.text)
        if seen <= at < seen + len(text):
            start, end = letter_span(word, at - seen, len(text))
            _left, top, _width, height = word.box
            crop = image[max(0, top - 3):top + height + 3,
                         max(0, int(start) - 3):max(0, int(end) + 3)]
            return crop if crop.size else None
        seen += len(text)
    return None


def _span_crop(image: np.ndarray, line: _Line, start: int, end: int) -> np.ndarray | None:
    """The part of the page holding the letters start:end of a line (of its compacted
    text): the boxes of their words, with a margin of a third of their height."""
    seen, boxes = 0, []
    for word in line[1]:
        length = len(compact(word.text))
        if seen < end and seen + length > start:
            boxes.append(word.box)
        seen += length
    if not boxes:
        return None
    top = min(b[1] for b in boxes)
    bottom = max(b[1] + b[3] for b in boxes)
    margin = (bottom - top) // 3
    crop = image[max(0, top - margin):bottom + margin,
                 max(0, min(b[0] for b in boxes) - margin):
                 max(b[0] + b[2] for b in boxes) + margin]
    # tesseract dies of a tiny crop (SIGFPE)
    return crop if min(crop.shape, default=0) >= 8 else None


def _date_span(text: str, value: str) -> tuple[int, int] | None:
    """Where on a line the shortest run of letters reads as the date `value` (ISO)."""
    for length in range(6, min(len(text), 24) + 1):
        for start in range(len(text) - length + 1):
            if iso(parse_date(text[start:start + length])) == value:
                return start, start + length
    return None


def _value_span(key: str, text: str, value: str) -> tuple[int, int] | None:
    """Where on a line a document's value was read from: a name as its letters, a date
    as the letters that give its day."""
    if key.endswith("birth_date"):
        return _date_span(text, value)
    at = text.find(compact(value))
    return (at, at + len(compact(value))) if at >= 0 else None


def rereader(pages: Iterable[Page], settings: tesseract.OcrSettings
             ) -> Callable[[Document, str, str], str | None]:
    """Read a document's value again, alone, from the page image as stored (not as
    cleaned for the page's reading): another reading of the same ink. None where the
    value's line or image is not to be had, or tesseract fails."""
    by_number = {p.number: p for p in pages if p.method == "ocr"}

    def reread(doc: Document, key: str, value: str) -> str | None:
        for number in doc.pages:
            page = by_number.get(number)
            if page is None:
                continue
            found = next(((line, span) for line in _read_lines([page])
                          if (span := _value_span(key, line[0], value))), None)
            image = upright_image(page) if found else None
            if found is None or image is None:
                continue
            (line, (start, end)) = found
            crop = _span_crop(np.asarray(ImageOps.grayscale(image)), line, start, end)
            if crop is None:
                return None
            with tempfile.TemporaryDirectory(prefix="appi-reread-") as tmp:
                [again] = _read_alone([(crop, crop.shape[0], Path(tmp) / "value.png")], settings)
            return None if again is None else compact(again.text)
        return None

    return reread


def documents_from_pages(pages: Iterable[Page], first_kind: str | None = None,
                         ocr: tesseract.OcrSettings | None = None) -> list[Document]:
    """Group pages into documents: a page that names no kind continues the one before.
    With `ocr`, a name that disagrees with a witness by a letter or two is read again
    from its page (ocr.corroborate.settle_by_rereading)."""
    pages = list(pages)
    docs: list[Document] = []
    multi_page = ("request_letter", "power_of_attorney", "resident_record", "family_register",
                  "seal_certificate")
    for page in pages:
        if page.method == "blank":
            continue
        kind = classify(page.text)
        if kind == "other" and first_kind and not docs:
            kind = first_kind
        previous = docs[-1] if docs else None
        if previous and (kind == "other" or (kind == previous.kind and kind in multi_page)):
            previous.pages.append(page.number)
            previous.text += "\n" + page.text
            continue
        docs.append(Document(kind=kind, pages=[page.number], fields={}, text=page.text))
    seals = {p.number: p.seals for p in pages}
    for doc in docs:
        seen = [seals[n] for n in doc.pages if seals.get(n) is not None]
        found = extract_document(doc.kind, doc.text, sum(seen) if seen else None,  # type: ignore[arg-type]
                                 word_confidence([p for p in pages if p.number in doc.pages]))
        doc.fields, doc.doubts, doc.unsure = found.fields, found.doubts, found.unsure
        doc.text = mask_id_numbers(doc.text)
    corroborate(docs)
    doubt_misread_disagreements(docs, weak_letters(pages))
    if ocr is not None:
        reread = rereader(pages, ocr)
        settle_by_rereading(docs, reread)
        settle_by_reading(docs, reread)
    find_in_words(docs)
    _old_forms_read(docs, [p for p in pages if p.method == "ocr"])
    for doc in docs:
        if doc.kind == "request_letter" and doc.fields.get("seal"):
            doc.fields["seal"] = _sealed_by_the_writer(doc, pages)
    # Extraction needed the whole numbers (MRZ check digits); what is kept does not.
    for page in pages:
        page.text = mask_id_numbers(page.text)
    return docs
