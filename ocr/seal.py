"""Red 印影 (seal impressions) as a hint for the reviewer, never a verdict."""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

# Seals are 7–30 mm across; a little slack either way for smudged or cropped ones.
MIN_MM, MAX_MM = 5.0, 34.0


def is_colour(image: Image.Image) -> bool:
    """False for a grayscale scan stored as RGB (every pixel R≈G≈B)."""
    if image.mode in ("1", "L", "LA", "I", "I;16"):
        return False
    low, high = channel_extremes(np.asarray(image.convert("RGB"))[::3, ::3])  # plenty
    spread = high - low
    # Paper is never perfectly neutral in a colour scan; a grayscale one is (JPEG
    # noise aside), so a faint but widespread tint is enough to tell them apart.
    return bool((spread > 6).mean() > 0.005)


def channel_extremes(rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The least and the greatest of each pixel's three channels, in `rgb`'s own type
    (the greatest less the least never wraps). A reduction along numpy's last axis of
    three runs element by element; the channels taken pairwise run many times faster."""
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    return np.minimum(np.minimum(r, g), b), np.maximum(np.maximum(r, g), b)


def red_mask(image: Image.Image) -> np.ndarray:
    """Red and vermilion (朱肉) ink."""
    return _red(np.asarray(image.convert("RGB"), dtype=np.int16))


def _red(rgb: np.ndarray) -> np.ndarray:
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    return (r > 140) & (r - g > 60) & (r - b > 40)


def count_seals(image: Image.Image | None, dpi: int = 300,
                red: np.ndarray | None = None) -> int | None:
    """How many seal-sized red marks the page has; None when a grayscale scan can't tell.
    `red`: the image's red_mask, when the caller has it (and so knows it is colour)."""
    if red is None and (image is None or not is_colour(image)):
        return None
    mask = red_mask(image) if red is None else red
    cell = max(1, round(dpi / 25.4))  # 1 mm cells
    h, w = (mask.shape[0] // cell) * cell, (mask.shape[1] // cell) * cell
    grid = mask[:h, :w].reshape(h // cell, cell, w // cell, cell).mean(axis=(1, 3)) > 0.04
    # Close the gaps between a seal's ring and the characters inside it.
    grown = grid.copy()
    grown[1:, :] |= grid[:-1, :]
    grown[:-1, :] |= grid[1:, :]
    grown[:, 1:] |= grid[:, :-1]
    grown[:, :-1] |= grid[:, 1:]
    _n, _labels, stats, _ = cv2.connectedComponentsWithStats(grown.astype(np.uint8),
                                                             connectivity=8)
    sizes = np.maximum(stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT])
    return int(((sizes >= MIN_MM) & (sizes <= MAX_MM)).sum())


def without_red(image: Image.Image, small_red: np.ndarray | None = None) -> np.ndarray:
    """The red channel as grayscale, with what is left of red ink turned white: in the
    red channel a seal's ink is only light grey (JPEG and a scanner's tone darken it),
    and tesseract reads light grey strokes into the name beneath. Red ink, and light
    pixels just around it (its blurred edge), go white; black text — black over red
    too — stays. `small_red`: the red_mask of the page's quarter-size copy, when the
    caller has it."""
    rgb = image.convert("RGB") if image.mode != "RGB" else image
    red = np.array(rgb.getchannel("R"))
    # Found on a quarter-size copy, worked on at full size only where red ink is: a
    # whole 300-dpi page through the mask costs a tenth of a second.
    if small_red is None:
        small_red = red_mask(rgb.reduce(4))
    step = round(rgb.width / small_red.shape[1])  # the copy's scale, whoever made it
    small = cv2.dilate(small_red.astype(np.uint8), np.ones((3, 3), np.uint8))
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(small, connectivity=8)
    for n in range(1, count):
        x, y, w, h = (int(v) * step for v in stats[n][:4])
        x0, y0 = max(0, x - 8), max(0, y - 8)
        x1, y1 = min(red.shape[1], x + w + 8), min(red.shape[0], y + h + 8)
        patch = red[y0:y1, x0:x1]
        ink = red_mask(rgb.crop((x0, y0, x1, y1))).astype(np.uint8)
        near = cv2.dilate(ink, np.ones((5, 5), np.uint8)) > 0
        patch[near & (patch > 110)] = 255
    return red


def seal_boxes(image: Image.Image, dpi: int = 300,
               red: np.ndarray | None = None) -> list[tuple[int, int, int, int]]:
    """(left, top, width, height) of each seal-sized patch of red ink on a colour page
    (or a small copy of one, at its `dpi`): where the words read are read through a
    seal. `red`: the image's red_mask, when the caller has it."""
    mask = (red_mask(image) if red is None else red).astype(np.uint8)
    if not mask.any():
        return []
    joined = cv2.dilate(mask, np.ones((3, 3) if dpi < 150 else (9, 9), np.uint8))
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    least, most = MIN_MM / 25.4 * dpi, MAX_MM / 25.4 * dpi
    return [tuple(int(v) for v in stats[n][:4]) for n in range(1, count)
            if least <= max(stats[n][2], stats[n][3]) <= most]


# A seal's ring, looked for as a circle on a quarter-size copy: 9–24 mm across.
RING_MIN_MM, RING_MAX_MM = 4.5, 12.0  # radius
RING_WHOLE = 0.9  # of its circumference inked: a ring; a circle found in text is ≤ 0.7


def seal_rings(gray: np.ndarray, dpi: int = 300) -> list[tuple[int, int, int, int]]:
    """(left, top, width, height) of each round seal on a page whose colour is gone (a
    1-bit scan): a circle of a seal's size whose whole circumference is ink. Text holds
    circles too (Hough finds them in any dense line), but never one inked all round."""
    if min(gray.shape[:2]) < 2 * RING_MIN_MM * dpi / 25.4:
        return []  # a strip or a scrap: no seal fits on it
    mm = dpi / 25.4 / 4
    small = cv2.resize(gray, (gray.shape[1] // 4, gray.shape[0] // 4),
                       interpolation=cv2.INTER_AREA)
    found = cv2.HoughCircles(cv2.GaussianBlur(small, (3, 3), 0), cv2.HOUGH_GRADIENT, dp=1.5,
                             minDist=int(8 * mm), param1=120, param2=45,
                             minRadius=int(RING_MIN_MM * mm), maxRadius=int(RING_MAX_MM * mm))
    if found is None:
        return []
    ink = gray < 160
    rings = []
    for x, y, r in found[0]:
        x, y, r = 4 * float(x), 4 * float(y), 4 * float(r)
        if _ring_inked(ink, x, y, r) >= RING_WHOLE:
            rings.append((int(x - r), int(y - r), int(2 * r), int(2 * r)))
    return rings


def _ring_inked(ink: np.ndarray, x: float, y: float, r: float, band: int = 10,
                directions: int = 180) -> float:
    """The share of directions from (x, y) with ink at about distance r (within `band`)."""
    angles = np.linspace(0, 2 * np.pi, directions, endpoint=False)
    radii = np.arange(r - band, r + band + 1)
    xs = np.clip((x + np.outer(radii, np.cos(angles))).astype(int), 0, ink.shape[1] - 1)
    ys = np.clip((y + np.outer(radii, np.sin(angles))).astype(int), 0, ink.shape[0] - 1)
    return float(ink[ys, xs].any(axis=0).mean())


# How far from the ring found to look for its true centre and radius (px at 300 dpi):
# the Hough centre on a quarter-size copy is off by a few pixels, which smears the ring
# over a band twice its width.
_RING_SLACK = 8


def _band_shares(ink: np.ndarray, xs: np.ndarray, ys: np.ndarray, rs: np.ndarray,
                 angles: np.ndarray) -> np.ndarray:
    """The ink along each candidate circle, summed across a band as wide as a thin
    seal's stroke: one circle inside a thick stroke is all ink a few pixels off centre
    as well, and that tie would leave the ring's far side half outside what is
    whitened."""
    band = np.array([-3, -1.5, 0, 1.5, 3])
    radii = rs[:, None, None] + band[None, :, None]
    px = np.clip((xs[:, None, None] + radii * np.cos(angles)).astype(int), 0, ink.shape[1] - 1)
    py = np.clip((ys[:, None, None] + radii * np.sin(angles)).astype(int), 0, ink.shape[0] - 1)
    return ink[py, px].mean(axis=2).sum(axis=1)


def ring_outline(ink: np.ndarray,
                 box: tuple[int, int, int, int]) -> tuple[float, float, float, float]:
    """(x, y, inner, outer radius) of the stroke of a ring found by `seal_rings`: the
    circle with most ink along it near the one found, widened to the radii along which
    most of the way round is still ink."""
    left, top, w, _h = box
    angles = np.linspace(0, 2 * np.pi, 180, endpoint=False)
    x, y, r = left + w / 2, top + w / 2, w / 2
    # Coarse, then fine: a ring a pixel or two off centre leaves a sliver of itself.
    for reach, step in ((_RING_SLACK, 2.0), (2, 0.5)):
        offsets = np.arange(-reach, reach + step / 2, step)
        growth = np.arange(-1.5 * reach, 1.5 * reach + step / 2, step)
        dx, dy, dr = (a.ravel() for a in np.meshgrid(offsets, offsets, growth))
        best = int(np.argmax(_band_shares(ink, x + dx, y + dy, r + dr, angles)))
        x, y, r = x + dx[best], y + dy[best], r + dr[best]
    inner = outer = r
    while inner > r - 12 and _ring_inked(ink, x, y, inner - 1, band=0, directions=360) > 0.6:
        inner -= 1
    while outer < r + 12 and _ring_inked(ink, x, y, outer + 1, band=0, directions=360) > 0.6:
        outer += 1
    return float(x), float(y), float(inner), float(outer)


# Whitened beyond the stroke found, on either side: its edge is ragged on a scan.
_RING_MARGIN = 2.5


def without_seal_rings(gray: np.ndarray, rings: list[tuple[int, int, int, int]]) -> np.ndarray:
    """A 1-bit page with its seals' rings whitened: a ring through a line of text is read
    as letters of its own (大阪府 → 大阪3府, a name → `TAA`). What the seal holds, and
    the strokes of text it crossed, stay: they cannot be told apart by colour."""
    out = gray.copy()
    ink = gray < 160
    for box in rings:
        x, y, inner, outer = ring_outline(ink, box)
        reach = int(outer + _RING_MARGIN) + 1
        x0, y0 = max(0, int(x) - reach), max(0, int(y) - reach)
        x1, y1 = min(gray.shape[1], int(x) + reach + 1), min(gray.shape[0], int(y) + reach + 1)
        yy, xx = np.mgrid[y0:y1, x0:x1]
        d = np.hypot(xx - x, yy - y)
        band = (d >= inner - _RING_MARGIN) & (d <= outer + _RING_MARGIN)
        # Where a stroke of text meets the ring, its ink goes on beyond the band, inside
        # or out, in the same direction from the centre: there the band is left as it
        # is, so that the text is cut by the ring's path only where it ran along it.
        cos, sin = (xx - x) / np.maximum(d, 1), (yy - y) / np.maximum(d, 1)
        crossed = np.ones_like(band)
        for r in (inner - _RING_MARGIN - 2, outer + _RING_MARGIN + 2):
            px = np.clip((x + r * cos).astype(int), 0, ink.shape[1] - 1)
            py = np.clip((y + r * sin).astype(int), 0, ink.shape[0] - 1)
            crossed &= ink[py, px]
        out[y0:y1, x0:x1][band & ~crossed] = 255
    return out


# The desk's receipt stamp (受付印): a ring of coloured ink this many mm across.
STAMP_MIN_MM, STAMP_MAX_MM = 15.0, 34.0


def _coloured(rgb: np.ndarray) -> np.ndarray:
    """Ink of a colour that is neither red nor a shade of grey: blue or purple stamp-pad
    ink. (Black print stamped over stays grey; the paper's tint is too faint.)"""
    low, high = channel_extremes(rgb)
    return (high - low > 50) & (low < 200) & ~_red(rgb)


def stamp_boxes(image: Image.Image, dpi: int = 300) -> list[tuple[int, int, int, int]]:
    """(left, top, width, height) of round stamps in coloured ink other than red on a
    colour page (or a small copy, at its `dpi`): a ring as tall as it is wide, 15–34 mm
    across, mostly empty inside. Handwriting in a coloured pen is no such ring: a line
    of it is far wider than tall, its letters far smaller; a photo is filled."""
    ink = _coloured(np.asarray(image.convert("RGB"), dtype=np.int16)).astype(np.uint8)
    if not ink.any():
        return []
    # Joined across the black print the ring runs under, which breaks it into arcs.
    joined = cv2.dilate(ink, np.ones((5, 5), np.uint8))
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    least, most = STAMP_MIN_MM / 25.4 * dpi, STAMP_MAX_MM / 25.4 * dpi
    out = []
    for n in range(1, count):
        x, y, w, h, area = (int(v) for v in stats[n])
        if least <= min(w, h) and max(w, h) <= most and 0.75 <= w / h <= 1.33 \
                and area < 0.4 * w * h:
            out.append((x, y, w, h))
    return out


def without_stamps(gray: np.ndarray, image: Image.Image,
                   boxes: list[tuple[int, int, int, int]] | tuple[tuple[int, int, int, int], ...]
                   ) -> np.ndarray:
    """`gray` (the page as it goes to OCR, full size, as scanned) with the coloured ink
    inside each stamp's box turned white; black text stamped over stays."""
    out = gray.copy()
    for x, y, w, h in boxes:
        pad = max(8, max(w, h) // 10)
        x0, y0 = max(0, x - pad), max(0, y - pad)
        x1, y1 = min(out.shape[1], x + w + pad), min(out.shape[0], y + h + pad)
        rgb = np.asarray(image.crop((x0, y0, x1, y1)).convert("RGB"), dtype=np.int16)
        low, high = channel_extremes(rgb)
        spread = high - low
        # Black print stays black under stamp-pad ink (in any channel, whatever the
        # stamp's colour): only what is tinted goes, down to the ink's faint edges.
        black = (spread < 40) & (high < 120)
        tinted = cv2.dilate(((spread > 25) & ~black).astype(np.uint8),
                            np.ones((3, 3), np.uint8)) > 0
        patch = out[y0:y1, x0:x1]
        paper = np.percentile(patch, 90)
        patch[tinted & ~black] = paper
    return out
