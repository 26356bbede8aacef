"""髙 told from 高 by the glyph's shape, where the model can only write 高."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from ocr.glyphs import taka

FACES = ["/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf",
         "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
         "/usr/share/fonts/opentype/ipafont-mincho/ipam.ttf",
         "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf"]


def _crop(letter: str, face: str, size: int, blur: float = 0.0, paper: int = 250,
          ink: int = 20) -> np.ndarray:
    """The middle character of 山?橋 as a scan at 300 dpi cuts it out of its word."""
    image = Image.new("L", (size * 3, int(size * 1.6)), paper)
    ImageDraw.Draw(image).text((4, size // 4), f"山{letter}橋",
                               font=ImageFont.truetype(face, size), fill=ink)
    if blur:
        image = image.filter(ImageFilter.GaussianBlur(blur))
    return np.asarray(image)[:, size + 1:2 * size + 7]


@pytest.mark.parametrize("face", FACES)
@pytest.mark.parametrize("size", [40, 48, 56])
def test_a_sharp_glyph_says_which_form_was_printed(face: str, size: int) -> None:
    assert taka(_crop("高", face, size)) == "高"
    assert taka(_crop("髙", face, size)) == "髙"
    # Dim paper and grey ink are as sharp.
    assert taka(_crop("髙", face, size, paper=200, ink=70)) == "髙"


@pytest.mark.parametrize("face", FACES)
def test_a_blurred_高_is_never_taken_for_髙(face: str) -> None:
    # Blur runs strokes together and closes spaces of their own: 高 would count like 髙.
    for blur in (1.2, 1.5, 2.0):
        for size in (40, 48):
            assert taka(_crop("高", face, size, blur=blur)) in ("高", None)


def test_nothing_to_see_says_nothing() -> None:
    assert taka(np.full((40, 40), 250, np.uint8)) is None
    assert taka(np.zeros((0, 0), np.uint8)) is None
