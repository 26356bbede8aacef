"""Finding 2D codes (QR) in page images, and not finding text, photos or bands."""

from __future__ import annotations

import io

import numpy as np
import pytest
import segno
from PIL import Image, ImageDraw, ImageFilter

from ocr.redact import code_boxes
from tests.corpus.documents import PAPER, font, qr_symbol

PAGE = (1400, 1200)


def page_with() -> Image.Image:
    return Image.new("RGB", PAGE, PAPER)


def covers(found: tuple[int, int, int, int], box: tuple[int, int, int, int]) -> bool:
    x, y, w, h = found
    return x <= box[0] and y <= box[1] and x + w >= box[2] and y + h >= box[3]


def test_a_qr_code_is_found_and_covered_whole_at_several_sizes() -> None:
    for module, seed in ((5, 1), (8, 2), (12, 3)):
        image = page_with()
        box = qr_symbol(image, (300, 200), seed=seed, module=module)
        found = code_boxes(image.convert("L"))
        assert len(found) == 1 and covers(found[0], box), (module, found, box)


def test_a_blurred_qr_code_is_still_found() -> None:
    image = page_with()
    box = qr_symbol(image, (500, 500), seed=9)
    found = code_boxes(image.filter(ImageFilter.GaussianBlur(1.2)).convert("L"))
    assert len(found) == 1 and covers(found[0], box)


def test_text_photos_and_bands_are_not_codes() -> None:
    image = page_with()
    d = ImageDraw.Draw(image)
    small = font(8, "gothic")
    for row in range(12):  # a dense paragraph of small, bold-ish text
        d.text((60, 60 + row * 36), "個人情報の開示請求書 東京都世田谷区桜新町二丁目5番3号 ①髙橋",
               font=small, fill="black")
    d.text((60, 560), "1234 5678 9018", font=font(14, "gothic"), fill="black")
    rng = np.random.default_rng(4)  # a photo: continuous tone
    photo = (rng.normal(120, 40, (300, 240)).clip(0, 255)).astype("uint8")
    image.paste(Image.fromarray(photo).filter(ImageFilter.GaussianBlur(2)).convert("RGB"),
                (900, 600))
    d.rectangle((0, 1050, PAGE[0], 1140), fill=(200, 120, 160))  # a printed card band
    d.rectangle((100, 700, 400, 1000), fill="black")  # a solid block: nothing to hide in it
    assert code_boxes(image.convert("L")) == []


def test_a_page_without_anything_has_no_codes() -> None:
    assert code_boxes(Image.new("L", (10, 10), 255)) == []
    assert code_boxes(page_with().convert("L")) == []


@pytest.mark.parametrize(("payload", "mm"), [
    ("123456789018", 12),  # version 1: a short number
    ("個人番号 123456789018 山田太郎 昭和60年5月1日", 15),  # a card's own size
    ("x" * 200, 25),  # version 9, dense
])
def test_real_qr_codes_are_found_also_after_jpeg(payload: str, mm: int) -> None:
    qr = segno.make(payload, micro=False)
    side = qr.symbol_size(scale=1, border=0)[0]
    buf = io.BytesIO()
    qr.save(buf, kind="png", scale=max(1, round(mm / 25.4 * 300 / side)), border=0)
    code = Image.open(buf).convert("RGB")
    page = page_with()
    page.paste(code, (400, 300))
    box = (400, 300, 400 + code.width, 300 + code.height)
    jpeg = io.BytesIO()
    page.save(jpeg, "JPEG", quality=60)
    for image in (page, Image.open(jpeg)):
        found = code_boxes(image.convert("L"))
        assert len(found) == 1 and covers(found[0], box), (qr.version, found, box)
