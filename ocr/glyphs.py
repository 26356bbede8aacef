"""Old forms the Japanese model cannot write, told from their new forms by their shape.

tesseract's Japanese model has no 髙 (see ocr.names.UNWRITABLE): a page that prints 髙橋
is always read 高橋. The two differ in one place a scan keeps well: under its 亠, 高
holds a closed 口 standing free of the 冂 below, 髙 a ladder of two closed cells joined to
the 冂 — so 高 encloses two spaces of paper and 髙 four. Counting them on the glyph as
scanned says which was printed; where the glyph is blurred (strokes run together and
close spaces of their own) or the count is neither, it says nothing, and the reading
stays as tesseract gave it.
"""

from __future__ import annotations

import cv2
import numpy as np

# Of a glyph's grey pixels, the share that is neither paper nor ink: above this the
# strokes are smeared (a blurred scan), and the spaces between them are not to be
# trusted — a blurred 高 closes spaces of its own and counts like 髙.
MAX_BLUR = 0.6
# A space smaller than this share of the glyph's height, squared, is a speck of paper
# in a stroke, not one of the glyph's cells.
MIN_HOLE = 1 / 14


def enclosed(ink: np.ndarray) -> list[float]:
    """The spaces of paper the glyph's ink closes round, each as the height of its
    middle within the glyph (0 top, 1 bottom)."""
    ys, _xs = np.nonzero(ink)
    if not len(ys):
        return []
    top, height = int(ys.min()), int(ys.max() - ys.min() + 1)
    contours, hierarchy = cv2.findContours(ink.astype(np.uint8), cv2.RETR_CCOMP,
                                           cv2.CHAIN_APPROX_NONE)
    if hierarchy is None:
        return []
    out = []
    for contour, (_next, _prev, _child, parent) in zip(contours, hierarchy[0], strict=True):
        if parent == -1 or cv2.contourArea(contour) < (height * MIN_HOLE) ** 2:
            continue
        m = cv2.moments(contour)
        if m["m00"]:
            out.append((m["m01"] / m["m00"] - top) / height)
    return sorted(out)


def taka(gray: np.ndarray) -> str | None:
    """Was the character in this crop (grey, about one character wide) printed 高 or
    髙? None when its shape does not say."""
    if gray.size == 0:
        return None
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    ink = ink > 0
    if not ink.any():
        return None
    # Neither paper nor ink, relative to this crop's own (dim paper, grey ink).
    dark, light = np.percentile(gray, 5), np.percentile(gray, 95)
    margin = 0.25 * (light - dark)
    smeared = ((gray > dark + margin) & (gray < light - margin)).sum() / max(1, int(ink.sum()))
    if smeared > MAX_BLUR:
        return None
    spaces = enclosed(_main_glyph(ink))
    upper = [s for s in spaces if s < 0.6]
    if len(spaces) == 2 and len(upper) == 1:
        return "高"
    if len(spaces) == 4 and len(upper) == 3:
        return "髙"
    return None


def _main_glyph(ink: np.ndarray) -> np.ndarray:
    """The crop's ink without what reaches in from the characters either side: the
    shapes whose middle lies in the crop's middle half, across."""
    count, labels, stats, centres = cv2.connectedComponentsWithStats(ink.astype(np.uint8),
                                                                     connectivity=8)
    w = ink.shape[1]
    keep = [n for n in range(1, count) if w * 0.2 <= centres[n][0] <= w * 0.8
            or stats[n][cv2.CC_STAT_WIDTH] >= 0.5 * w]
    return np.isin(labels, keep)
