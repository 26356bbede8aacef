"""Page clean-up before OCR: paper and shading flattened to white.

Forms shade their label column grey, paper yellows, scanners add tone; tesseract's
global threshold then turns a shaded cell into noise or into one black block, and its
labels are lost (本人氏名 read as `ne`). Dividing the page by its own background —
estimated over a window wider than any stroke — makes every shade of paper white and
keeps the ink as dark as it was relative to the paper under it.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

# At 300 dpi a stroke is 3–8 px and the gaps inside a kanji are wider than that, so a
# 31 px window always holds some paper; the title's heavy strokes too. A filled tick box
# (3–4 mm) is wider: for tesseract it may go (a box read as 画 garbles the option after
# it), but where marks are measured the window must hold paper over it too, or a faint
# scan's filled box is taken for shading and whitened.
BACKGROUND_WINDOW_MM = 2.6
MARKS_WINDOW_MM = 5.0
PAPER_ABOVE = 200


# Every clean-up takes and gives the page as an 8-bit grey array: the page passes through
# all of them, and each turn of a 300-dpi page from a PIL image into an array is a copy
# that costs as much as the look it is turned for.


def components(ink: np.ndarray) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
    """OpenCV's 8-connected shapes of an ink mask (count, labels, stats, centres), with
    16-bit labels when the page has fewer than 65536 shapes, as nearly every page has:
    half the memory to write, and half the time, on a 300-dpi page."""
    try:
        return cv2.connectedComponentsWithStats(ink, connectivity=8, ltype=cv2.CV_16U)
    except cv2.error:  # more shapes than 16 bits can number (a page of dust)
        return cv2.connectedComponentsWithStats(ink, connectivity=8, ltype=cv2.CV_32S)


# Ink is printed black (under 60) and scans as dark grey at worst; a page whose darkest
# ink stays lighter than this was printed faint (a toner running out, a light copy).
FAINT_INK_ABOVE = 90
FAINT_CONTRAST = 50  # ink at least this far below the paper, or it is no print at all


def levelled(arr: np.ndarray, levels: np.ndarray | None = None) -> np.ndarray:
    """A faint page with its levels stretched, its ink black and its paper white again
    (by `levels` when given: another copy of the same page judged by faint_levels)."""
    levels = faint_levels(arr) if levels is None else levels
    return arr if levels is None else cv2.LUT(arr, levels)


def faint_levels(arr: np.ndarray) -> np.ndarray | None:
    """The look-up table that makes a faint page's ink black and its paper white again,
    or None for a page whose ink is dark enough: the clean-ups cut ink from paper at
    fixed levels (a box's edge at 140, a stroke at 128), and faint print falls on the
    paper's side of them."""
    sample = arr[::4, ::4]
    paper = float(np.percentile(sample, 90))
    dark = sample[sample < paper - FAINT_CONTRAST]
    if dark.size < 0.001 * sample.size:
        return None  # next to no ink: nothing to tell faint print by
    # Faint when the darkest of the page is light both ways: its darkest cores (shade —
    # a scan lit unevenly, a grey cell — is darker than the paper too, and covers more
    # of it than ink does) and the darkest of what is darker than the paper (a card
    # copied onto a page is little of it, but its print is black).
    ink = min(float(np.percentile(sample, 0.3)), float(np.percentile(dark, 5)))
    if ink <= FAINT_INK_ABOVE:
        return None
    lut = np.clip((np.arange(256) - ink) * 255.0 / max(1.0, paper - ink), 0, 255)
    return lut.astype(np.uint8)


def flatten(arr: np.ndarray, dpi: int = 300,
            window_mm: float = BACKGROUND_WINDOW_MM) -> np.ndarray:
    """The page with its background (paper, shading, tone) made white: whatever is
    lighter than the darkest of its surroundings `window_mm` across."""
    size = max(3, int(window_mm / 25.4 * dpi) | 1)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (size, size))
    # A closing (the lightest value near each pixel, then the darkest of those): text
    # narrower than the window goes, while a printed band or a shaded cell keeps its
    # own level right to its edge, so its inside flattens to white without a grey rim.
    background = cv2.morphologyEx(arr, cv2.MORPH_CLOSE, kernel)
    flat = cv2.divide(arr, background, scale=255)
    # What is left that light is a band's anti-aliased edge or JPEG haze, never ink.
    flat[flat > PAPER_ABOVE] = 255
    return flat


# A ruled line is far longer than any stroke of a character: at 300 dpi a kanji is
# ~50 px and a title's ~85 px, so straight ink runs of 10 mm are lines.
LINE_MM = 10.0


def remove_lines(arr: np.ndarray, dpi: int = 300, across_mm: float = LINE_MM,
                 down_mm: float = LINE_MM) -> np.ndarray:
    """White out the ruled lines of forms, boxes and fill-in lines, of any length a
    table has: tesseract reads them as ー, | or letters and merges them into the labels
    that stand beside them. Straight runs `across_mm` long across, `down_mm` down."""
    ink = (arr < 160).astype(np.uint8)
    across, down = (max(15, int(mm / 25.4 * dpi)) for mm in (across_mm, down_mm))
    lines = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, across), np.uint8))
    lines |= cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((down, 1), np.uint8))
    if not lines.any():
        return arr
    # The line's anti-aliased edges too.
    lines = cv2.dilate(lines, np.ones((3, 3), np.uint8))
    out = arr.copy()
    out[lines.astype(bool)] = 255
    return out


def shaded(thumb_gray: Image.Image) -> bool:
    """Does the page have shaded areas (a form's grey cells, toned paper)? Looked at on a
    quarter-size copy with its text closed away: what stays between ink and paper is
    shading. Plain pages are left to tesseract's own threshold, which reads them best."""
    arr = np.asarray(thumb_gray if thumb_gray.mode == "L" else thumb_gray.convert("L"))
    closed = cv2.morphologyEx(arr, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
    grey = (closed > 120) & (closed < 236)
    if grey.mean() <= SHADED_SHARE:
        return False
    # Shading holds text (a label cell, toned paper); a photo or a printed block of
    # uniform grey holds none, and tesseract reads round it well as it is.
    ink = arr < 110
    return bool((grey & ink).sum() > SHADED_INK * grey.sum())


SHADED_SHARE = 0.01
SHADED_INK = 0.002


Box = tuple[int, int, int, int]  # left, top, width, height


def without_grey_ink(arr: np.ndarray, dpi: int = 300) -> tuple[np.ndarray, list[Box]]:
    """A grayscale scan with its mid-grey ink taken out where it forms large shapes, and
    where those were: a red seal scans as mid-grey (luma ~90) over black text (~20), and
    tesseract drops whole lines under it. The grey edges of black strokes stay (they
    touch black), and so does anything small. Whether there was a seal is still not
    told (grey could be any colour), and what was read under one is not trusted."""
    black = (arr < 55).astype(np.uint8)
    edges = cv2.dilate(black, np.ones((5, 5), np.uint8)).astype(bool)
    grey = ((arr >= 55) & (arr < 175) & ~edges).astype(np.uint8)
    # Only where the text is black: on a blurred or faint page the text itself is grey.
    if not grey.any() or 2 * int(grey.sum()) > int(black.sum()):
        return arr, []
    # Join a seal's ring — cut where it crosses black text, whose grey edges are kept —
    # and its characters, then keep only seal-shaped ones: 5-34 mm and round (a blurred
    # scan's small text is grey too, but its lines are long).
    joined = cv2.dilate(grey, np.ones((15, 15), np.uint8))
    count, labels, stats, _ = components(joined)
    least, most = int(5 / 25.4 * dpi), int(34 / 25.4 * dpi)
    big = [n for n in range(1, count)
           if least <= max(stats[n][2], stats[n][3]) <= most
           and 0.6 <= stats[n][2] / stats[n][3] <= 1.6]
    if not big:
        return arr, []
    out = arr.copy()
    out[np.isin(labels, big) & (arr >= 55) & ~(black.astype(bool))] = 255
    return out, [tuple(int(v) for v in stats[n][:4]) for n in big]


@dataclass(frozen=True)
class HalfShapes:
    """The ink's shapes on a half-size copy of a page, found once for the clean-ups
    that look at shapes (a page's connected shapes cost a tenth of a second at full
    size)."""

    labels: np.ndarray
    stats: np.ndarray
    centres: np.ndarray


def half_shapes(arr: np.ndarray) -> HalfShapes:
    _count, labels, stats, centres = components(_half_ink(arr))
    return HalfShapes(labels, stats, centres)


def without_cell_rows(arr: np.ndarray, dpi: int = 300,
                      shapes: HalfShapes | None = None) -> np.ndarray:
    """A row of ruled cells around short values (the era, year, month and day of a birth
    date written into boxes) whitened: its rules are one shape — a strip, one to three
    lines high, ruled along its top and bottom, hollow — whose short verticals tesseract
    reads as | and 1 among the digits. The text inside stands apart and stays; a tick box
    (a square of its own) and a whole table (taller) are other shapes. Looked for on a
    half-size copy, whitened at full size."""
    stats = (shapes or half_shapes(arr)).stats
    mm = dpi / 25.4 / 2
    level = _ink_level(arr)
    ws, hs, areas = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT], stats[:, 4]
    candidates = np.flatnonzero((ws >= 20 * mm) & (hs >= 3.5 * mm) & (hs <= 12 * mm)
                                & (ws >= 3 * hs) & (areas < 0.3 * ws * hs))
    out = None
    for n in candidates[candidates > 0]:
        x, y, w, h = (2 * int(v) for v in stats[n][:4])
        x0, y0 = max(0, x - 4), max(0, y - 4)
        ink = (arr[y0:y + h + 4, x0:x + w + 4] < level).astype(np.uint8)
        _c, labels, own_stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
        if len(own_stats) < 2:
            continue
        big = 1 + int(np.argmax(own_stats[1:, 4]))  # the strip itself, whole at full size
        own = labels == big
        oy, ox, oh, ow = (int(own_stats[big][k]) for k in (1, 0, 3, 2))
        own = own[oy:oy + oh, ox:ox + ow]
        band = max(2, oh // 10)
        if own[:band].any(axis=0).mean() >= 0.9 and own[-band:].any(axis=0).mean() >= 0.9 \
                and own[:, :band].any(axis=1).mean() >= 0.8:
            out = arr.copy() if out is None else out
            region = out[y0 + oy:y0 + oy + oh, x0 + ox:x0 + ox + ow]
            region[cv2.dilate(own.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0] = 255
    return arr if out is None else out


def _ink_level(arr: np.ndarray, step: int = 8) -> int:
    # Faint print's rules are light grey: ink is what is well darker than the paper.
    return max(160, int(np.median(arr[::step, ::step])) - 70)


def _half_ink(arr: np.ndarray) -> np.ndarray:
    return (arr[::2, ::2] < _ink_level(arr)).astype(np.uint8)


# An underline is longer than any stroke of a character (a title's kanji is 7 mm wide)
# and thin; the shape it belongs to — the line alone, or with the letters it touches —
# is no taller than a line of text, where a table's rule is one shape with its frame.
UNDERLINE_MM, UNDERLINE_THICK_MM, UNDERLINE_SHAPE_MM = 8.0, 1.2, 10.0


def without_underlines(arr: np.ndarray, dpi: int = 300,
                       shapes: HalfShapes | None = None) -> np.ndarray:
    """Lines drawn under words whitened — a hand's underline marking a choice, a
    fill-in line under a value: tesseract reads the letters that touch one as other
    letters (第三者提供の停止 read as 共の僧) or loses the row. The marks are decided
    from the page as scanned, where the line still is. Looked for at half size."""
    found = shapes or half_shapes(arr)
    half = (found.labels > 0).astype(np.uint8)
    mm = dpi / 25.4 / 2
    lines = cv2.morphologyEx(half, cv2.MORPH_OPEN, np.ones((1, int(UNDERLINE_MM * mm)), np.uint8))
    if not lines.any():
        return arr
    count, labels, stats, _ = components(lines)
    ws, hs, areas = (found.stats[:, k] for k in (cv2.CC_STAT_WIDTH, cv2.CC_STAT_HEIGHT,
                                                 cv2.CC_STAT_AREA))
    # A table's frame (tall), or a printed band or a black block (solid): no underline.
    tall = (hs > UNDERLINE_SHAPE_MM * mm) | ((areas > 0.5 * ws * hs) & (hs > 2 * mm))
    keep = []
    for n in range(1, count):
        x, y, w, h = (int(v) for v in stats[n][:4])
        if h > UNDERLINE_THICK_MM * mm:
            continue
        owner = np.unique(found.labels[y:y + h, x:x + w][labels[y:y + h, x:x + w] == n])
        if not tall[owner].any() and not any(_encloses(found, int(o), mm) for o in owner):
            keep.append(n)
    if not keep:
        return arr
    mask = cv2.dilate(np.isin(labels, keep).astype(np.uint8), np.ones((3, 3), np.uint8))
    full = np.repeat(np.repeat(mask, 2, axis=0), 2, axis=1)[:arr.shape[0], :arr.shape[1]]
    out = arr.copy()
    out[:full.shape[0], :full.shape[1]][full > 0] = 255
    return out


def _encloses(found: HalfShapes, n: int, mm: float) -> bool:
    """Does shape n close round a space wider than a character (a hand's loop round a
    word, whose flat bottom arc is no underline)? The spaces inside letters are smaller."""
    x, y, w, h = (int(v) for v in found.stats[n][:4])
    paper = (found.labels[y:y + h, x:x + w] != n).astype(np.uint8)
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(paper, connectivity=4)
    for k in range(1, count):
        left, top, width, height = (int(v) for v in stats[k][:4])
        inside = left > 0 and top > 0 and left + width < w and top + height < h
        if inside and width >= ENCLOSED_MM * mm:
            return True
    return False


# A space closed round by one shape this wide or wider is no letter's (a kanji is 4 mm).
ENCLOSED_MM = 6.0


# A table's column rule runs a row high (8 mm or more); no stroke of a character that
# size does, and a title's long strokes stand alone rather than one under another.
COLUMN_RULE_MM = 5.0


def without_column_rules(arr: np.ndarray, dpi: int = 300) -> np.ndarray:
    """A table's vertical rules whitened: the short upright lines between its cells,
    each a row high, which tesseract reads into the label or the value beside them (氏名
    read as 兵名). A rule is a straight thin upright run of ink 5 mm or longer that stands
    in line with another one (the same column in the next row) or is twice that long.
    Looked for on a half-size copy, whitened at full size."""
    half = _half_ink(arr)
    mm = dpi / 25.4 / 2
    upright = cv2.morphologyEx(half, cv2.MORPH_OPEN,
                               np.ones((int(COLUMN_RULE_MM * mm), 1), np.uint8))
    if not upright.any():
        return arr
    count, labels, stats, _ = components(upright)
    thin = [n for n in range(1, count) if stats[n][cv2.CC_STAT_WIDTH] <= mm]
    middles = {n: stats[n][0] + stats[n][2] / 2 for n in thin}
    rules = [n for n in thin
             if stats[n][cv2.CC_STAT_HEIGHT] >= 2 * COLUMN_RULE_MM * mm
             or any(m != n and abs(middles[m] - middles[n]) <= 0.7 * mm for m in thin)]
    if not rules:
        return arr
    mask = np.isin(labels, rules).astype(np.uint8)
    mask = cv2.dilate(mask, np.ones((3, 3), np.uint8))
    full = np.repeat(np.repeat(mask, 2, axis=0), 2, axis=1)[:arr.shape[0], :arr.shape[1]]
    out = arr.copy()
    out[:full.shape[0], :full.shape[1]][full > 0] = 255
    return out


# Dust on the glass and toner spatter: specks no wider than this. Even a full stop or a
# dakuten at 9 pt is wider (0.5 mm and more), so no letter loses a part.
SPECK_MM = 0.3
# Specks per sampled tile (256 px square) above which a page is dusty: a clean page has
# a handful in all; a dusty one dozens in every tile.
DUSTY_PER_TILE = 6


def _specks(ink: np.ndarray, side: int) -> tuple[np.ndarray, np.ndarray]:
    """Labels of the ink's shapes, and which of them are specks."""
    _n, labels, stats, _ = components(ink)
    w, h = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    speck = (w <= side) & (h <= side)
    speck[0] = False
    return labels, speck


def despeckled(arr: np.ndarray, dpi: int = 300) -> np.ndarray:
    """A dusty page with its specks whitened: tesseract reads each one near a letter as
    a mark of its own (、 ' . 」), and a line of them as a word. A clean page is left as
    it is; whether a page is dusty is judged on a few tiles of it first, because looking
    at every shape of a page costs a tenth of its OCR."""
    side = max(1, int(SPECK_MM / 25.4 * dpi))
    ys = np.linspace(0, max(0, arr.shape[0] - 256), 4, dtype=int)
    xs = np.linspace(0, max(0, arr.shape[1] - 256), 3, dtype=int)
    # Shapes are cut at a light level: the strokes of faint print hold together there,
    # where at a dark one only their cores are left, each a speck.
    tiles = [arr[y:y + 256, x:x + 256] for y in ys for x in xs]
    level = _ink_level(np.vstack(tiles), step=1)
    found = sum(int(_specks((t < level).astype(np.uint8), side)[1].sum()) for t in tiles)
    if found < DUSTY_PER_TILE * len(ys) * len(xs):
        return arr
    labels, speck = _specks((arr < level).astype(np.uint8), side)
    out = arr.copy()
    out[speck[labels]] = 255
    return out


# A leader's dots (……, or a dotted line to write on): each no wider than this, no
# further apart than DOT_GAP_MM, at least LEADER_DOTS of them in a row, evenly spaced.
DOT_MM, DOT_GAP_MM, LEADER_DOTS = 0.8, 3.5, 6


def without_dotted_lines(arr: np.ndarray, dpi: int = 300,
                         shapes: HalfShapes | None = None) -> np.ndarray:
    """A form's dotted leaders (氏名……山田太郎) whitened: tesseract reads a row of dots as
    letters (SSSS, 了0 0) that join the label to its value. A leader is a row of dots of
    one size at one height, evenly spaced, with nothing else between them — which no
    line of text has, for all its dakuten and full stops. Looked for at half size."""
    found = shapes or half_shapes(arr)
    labels, stats, centres = found.labels, found.stats, found.centres
    dot = DOT_MM / 25.4 * dpi / 2
    w, h = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    dots = np.flatnonzero((w <= dot) & (h <= dot))
    dots = dots[dots > 0]
    if len(dots) < LEADER_DOTS:
        return arr
    gap = DOT_GAP_MM / 25.4 * dpi / 2
    order = dots[np.lexsort((centres[dots, 0], np.round(centres[dots, 1] / 2)))]
    runs: list[list[int]] = []
    for k in order:
        last = runs[-1][-1] if runs else None
        if last is not None and abs(centres[k, 1] - centres[last, 1]) <= 1.5 and \
                1.2 * max(w[k], w[last]) <= centres[k, 0] - centres[last, 0] <= gap:
            runs[-1].append(int(k))
        else:
            runs.append([int(k)])
    out: np.ndarray | None = None
    for run in runs:
        if len(run) < LEADER_DOTS:
            continue
        steps = np.diff(centres[run, 0])
        if steps.max() > 1.6 * np.median(steps):
            continue  # not evenly spaced: letters' dots that happen to line up
        x0, x1 = int(stats[run, 0].min()), int((stats[run, 0] + w[run]).max())
        y0, y1 = int(stats[run, 1].min()), int((stats[run, 1] + h[run]).max())
        band = labels[y0:y1, x0:x1]
        if np.isin(band[band > 0], run, invert=True).any():
            continue  # something else stands among the dots: a line of text
        if out is None:
            out = arr.copy()
            paper = int(np.percentile(out[::8, ::8], 90))  # dim paper stays dim
        for k in run:
            x, y = int(stats[k, 0]) * 2, int(stats[k, 1]) * 2
            out[max(0, y - 1):y + 2 * int(h[k]) + 2,
                max(0, x - 1):x + 2 * int(w[k]) + 2] = paper
    return arr if out is None else out
