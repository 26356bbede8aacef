"""Red 印影 (seal impressions) as a hint for the reviewer, never a verdict."""

from __future__ import annotations

import numpy as np
from PIL import Image

# A 7 mm seal at 300 dpi is ~80 px across; its red strokes cover a few thousand
# pixels. Fewer red pixels than this are a red pen mark or noise.
MIN_RED_PIXELS = 600


def is_colour(image: Image.Image) -> bool:
    """False for a grayscale scan stored as RGB (every pixel R≈G≈B)."""
    if image.mode in ("1", "L", "LA", "I", "I;16"):
        return False
    rgb = np.asarray(image.convert("RGB").resize((200, 200)), dtype=np.int16)
    spread = rgb.max(axis=2) - rgb.min(axis=2)
    # Paper is never perfectly neutral in a colour scan; a grayscale one is (JPEG
    # noise aside), so a faint but widespread tint is enough to tell them apart.
    return bool((spread > 6).mean() > 0.005)


def red_mask(image: Image.Image) -> np.ndarray:
    rgb = np.asarray(image.convert("RGB"), dtype=np.int16)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    return (r > 140) & (r - g > 60) & (r - b > 50)


def seal_present(image: Image.Image | None) -> bool | None:
    """True when a red seal is visible, False when colour shows none, None if unknowable."""
    if image is None or not is_colour(image):
        return None
    return bool(red_mask(image).sum() >= MIN_RED_PIXELS)


def without_red(image: Image.Image) -> Image.Image:
    """The red channel as grayscale: red ink turns white, so text under a seal reads."""
    return image.convert("RGB").split()[0]
