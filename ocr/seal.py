"""Red 印影 (seal impressions) as a hint for the reviewer, never a verdict."""

from __future__ import annotations

from collections import deque

import cv2
import numpy as np
from PIL import Image

# Seals are 7–30 mm across; a little slack either way for smudged or cropped ones.
MIN_MM, MAX_MM = 5.0, 34.0


def is_colour(image: Image.Image) -> bool:
    """False for a grayscale scan stored as RGB (every pixel R≈G≈B)."""
    if image.mode in ("1", "L", "LA", "I", "I;16"):
        return False
    rgb = np.asarray(image.convert("RGB"))[::3, ::3]  # every third pixel is plenty
    spread = rgb.max(axis=2) - rgb.min(axis=2)
    # Paper is never perfectly neutral in a colour scan; a grayscale one is (JPEG
    # noise aside), so a faint but widespread tint is enough to tell them apart.
    return bool((spread > 6).mean() > 0.005)


def red_mask(image: Image.Image) -> np.ndarray:
    """Red and vermilion (朱肉) ink."""
    rgb = np.asarray(image.convert("RGB"), dtype=np.int16)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    return (r > 140) & (r - g > 60) & (r - b > 40)


def _components(grid: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Bounding boxes (top, left, bottom, right) of 8-connected true cells."""
    seen = np.zeros_like(grid, dtype=bool)
    boxes = []
    rows, cols = grid.shape
    for y, x in zip(*np.nonzero(grid), strict=True):
        if seen[y, x]:
            continue
        seen[y, x] = True
        queue = deque([(y, x)])
        top, left, bottom, right = y, x, y, x
        while queue:
            cy, cx = queue.popleft()
            top, left, bottom, right = min(top, cy), min(left, cx), max(bottom, cy), max(right, cx)
            for ny in (cy - 1, cy, cy + 1):
                for nx in (cx - 1, cx, cx + 1):
                    if 0 <= ny < rows and 0 <= nx < cols and grid[ny, nx] and not seen[ny, nx]:
                        seen[ny, nx] = True
                        queue.append((ny, nx))
        boxes.append((top, left, bottom, right))
    return boxes


def count_seals(image: Image.Image | None, dpi: int = 300) -> int | None:
    """How many seal-sized red marks the page has; None when a grayscale scan can't tell."""
    if image is None or not is_colour(image):
        return None
    mask = red_mask(image)
    cell = max(1, round(dpi / 25.4))  # 1 mm cells
    h, w = (mask.shape[0] // cell) * cell, (mask.shape[1] // cell) * cell
    grid = mask[:h, :w].reshape(h // cell, cell, w // cell, cell).mean(axis=(1, 3)) > 0.04
    # Close the gaps between a seal's ring and the characters inside it.
    grown = grid.copy()
    grown[1:, :] |= grid[:-1, :]
    grown[:-1, :] |= grid[1:, :]
    grown[:, 1:] |= grid[:, :-1]
    grown[:, :-1] |= grid[:, 1:]
    count = 0
    for top, left, bottom, right in _components(grown):
        size = max(bottom - top + 1, right - left + 1)
        if MIN_MM <= size <= MAX_MM:
            count += 1
    return count


def without_red(image: Image.Image) -> Image.Image:
    """The red channel as grayscale, with what is left of red ink turned white: in the
    red channel a seal's ink is only light grey (JPEG and a scanner's tone darken it),
    and tesseract reads light grey strokes into the name beneath. Red ink, and light
    pixels just around it (its blurred edge), go white; black text — black over red
    too — stays."""
    rgb = image.convert("RGB")
    red = np.asarray(rgb.split()[0]).copy()
    # Found on a quarter-size copy, worked on at full size only where red ink is: a
    # whole 300-dpi page through the mask costs a tenth of a second.
    step = 4
    small = cv2.dilate(red_mask(rgb.reduce(step)).astype(np.uint8), np.ones((3, 3), np.uint8))
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(small, connectivity=8)
    for n in range(1, count):
        x, y, w, h = (int(v) * step for v in stats[n][:4])
        x0, y0 = max(0, x - 8), max(0, y - 8)
        x1, y1 = min(red.shape[1], x + w + 8), min(red.shape[0], y + h + 8)
        patch = red[y0:y1, x0:x1]
        ink = red_mask(rgb.crop((x0, y0, x1, y1))).astype(np.uint8)
        near = cv2.dilate(ink, np.ones((5, 5), np.uint8)) > 0
        patch[near & (patch > 110)] = 255
    return Image.fromarray(red)


def seal_boxes(image: Image.Image, dpi: int = 300) -> list[tuple[int, int, int, int]]:
    """(left, top, width, height) of each seal-sized patch of red ink on a colour page
    (or a small copy of one, at its `dpi`): where the words read are read through a
    seal."""
    mask = red_mask(image).astype(np.uint8)
    if not mask.any():
        return []
    joined = cv2.dilate(mask, np.ones((3, 3) if dpi < 150 else (9, 9), np.uint8))
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    least, most = MIN_MM / 25.4 * dpi, MAX_MM / 25.4 * dpi
    return [tuple(int(v) for v in stats[n][:4]) for n in range(1, count)
            if least <= max(stats[n][2], stats[n][3]) <= most]
