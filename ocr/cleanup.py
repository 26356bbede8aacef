"""Page clean-up before OCR: paper and shading flattened to white.

Forms shade their label column grey, paper yellows, scanners add tone; tesseract's
global threshold then turns a shaded cell into noise or into one black block, and its
labels are lost (本人氏名 read as `ne`). Dividing the page by its own background —
estimated over a window wider than any stroke — makes every shade of paper white and
keeps the ink as dark as it was relative to the paper under it.
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

# At 300 dpi a stroke is 3–8 px and the gaps inside a kanji are wider than that, so a
# 31 px window always holds some paper; the title's heavy strokes too.
BACKGROUND_WINDOW_MM = 2.6
PAPER_ABOVE = 200


def flatten(gray: Image.Image, dpi: int = 300) -> Image.Image:
    """The page with its background (paper, shading, tone) made white."""
    arr = np.asarray(gray.convert("L"))
    size = max(3, int(BACKGROUND_WINDOW_MM / 25.4 * dpi) | 1)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (size, size))
    # A closing (the lightest value near each pixel, then the darkest of those): text
    # narrower than the window goes, while a printed band or a shaded cell keeps its
    # own level right to its edge, so its inside flattens to white without a grey rim.
    background = cv2.morphologyEx(arr, cv2.MORPH_CLOSE, kernel)
    flat = cv2.divide(arr, background, scale=255)
    # What is left that light is a band's anti-aliased edge or JPEG haze, never ink.
    flat[flat > PAPER_ABOVE] = 255
    return Image.fromarray(flat)


# A ruled line is far longer than any stroke of a character: at 300 dpi a kanji is
# ~50 px and a title's ~85 px, so straight ink runs of 10 mm are lines.
LINE_MM = 10.0


def remove_lines(gray: Image.Image, dpi: int = 300) -> Image.Image:
    """White out the ruled lines of forms, boxes and fill-in lines, of any length a
    table has: tesseract reads them as ー, | or letters and merges them into the labels
    that stand beside them."""
    arr = np.asarray(gray.convert("L"))
    ink = (arr < 160).astype(np.uint8)
    run = max(15, int(LINE_MM / 25.4 * dpi))
    lines = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, run), np.uint8))
    lines |= cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((run, 1), np.uint8))
    if not lines.any():
        return gray.convert("L")
    # The line's anti-aliased edges too.
    lines = cv2.dilate(lines, np.ones((3, 3), np.uint8))
    out = arr.copy()
    out[lines.astype(bool)] = 255
    return Image.fromarray(out)


def shaded(thumb_gray: Image.Image) -> bool:
    """Does the page have shaded areas (a form's grey cells, toned paper)? Looked at on a
    quarter-size copy with its text closed away: what stays between ink and paper is
    shading. Plain pages are left to tesseract's own threshold, which reads them best."""
    arr = np.asarray(thumb_gray.convert("L"))
    closed = cv2.morphologyEx(arr, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
    return bool(((closed > 120) & (closed < 236)).mean() > SHADED_SHARE)


SHADED_SHARE = 0.01
