"""Pages from scans, and bad input refused with a reason a person can read."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from reportlab.pdfgen import canvas

from ocr.model import ReadError
from ocr.pages import PageLimits, load_pages, sniff

LIMITS = PageLimits()


def tiff(frames: list[Image.Image]) -> bytes:
    buf = io.BytesIO()
    frames[0].save(buf, "TIFF", save_all=True, append_images=frames[1:])
    return buf.getvalue()


def text_pdf(text: str, password: str | None = None) -> bytes:
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, encrypt=password)
    pdf.drawString(72, 720, text)
    pdf.save()
    return buf.getvalue()


def test_multipage_cmyk_and_16bit_images_become_rgb_pages() -> None:
    frames = [Image.new("CMYK", (50, 40), (0, 0, 0, 0)), Image.new("L", (50, 40), 255)]
    pages = load_pages(tiff(frames), LIMITS)
    assert [p.number for p in pages] == [1, 2]
    assert all(p.picture().mode == "RGB" for p in pages)
    sixteen = Image.new("I;16", (30, 20), 65535)
    buf = io.BytesIO()
    sixteen.save(buf, "PNG")
    (page,) = load_pages(buf.getvalue(), LIMITS)
    assert page.picture().getpixel((0, 0)) == (255, 255, 255)


def test_text_layer_pdf_is_read_without_ocr() -> None:
    (page,) = load_pages(text_pdf("Request for disclosure of personal data, 2026-11-20"), LIMITS)
    assert not page.scanned and "disclosure" in (page.text or "")


@pytest.mark.parametrize(("data", "code"), [
    (b"%PDF-1.4\n1 0 obj broken", "pdf_corrupt"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "image_corrupt"),
    (b"just some text", "unsupported_file"),
])
def test_broken_files_give_a_code_and_a_readable_reason(data: bytes, code: str) -> None:
    with pytest.raises(ReadError) as info:
        load_pages(data, LIMITS)
    assert info.value.code == code and len(info.value.message) > 5


def test_encrypted_pdf_is_refused_as_encrypted() -> None:
    with pytest.raises(ReadError) as info:
        load_pages(text_pdf("secret", password="pw"), LIMITS)
    assert info.value.code in ("pdf_encrypted",)


def test_decompression_bomb_is_refused_before_decoding() -> None:
    buf = io.BytesIO()
    Image.new("1", (20000, 20000)).save(buf, "PNG")  # 400 Mpx, a few kB compressed
    assert len(buf.getvalue()) < 200_000
    with pytest.raises(ReadError) as info:
        load_pages(buf.getvalue(), LIMITS)
    assert info.value.code == "decompression_bomb"


def test_page_limit() -> None:
    frames = [Image.new("L", (10, 10), 255) for _ in range(4)]
    with pytest.raises(ReadError) as info:
        load_pages(tiff(frames), PageLimits(max_pages=3))
    assert info.value.code == "too_many_pages"


def test_sniffing_goes_by_content_not_name() -> None:
    assert sniff(text_pdf("x")) == "pdf"
    assert sniff(tiff([Image.new("L", (5, 5))])) == "image"
    assert sniff(b"From: a@example.jp\r\n") == "unknown"


def test_a_text_layer_of_cid_soup_is_not_believed() -> None:
    from ocr.pages import sensible_text
    assert sensible_text("個人情報開示請求書 令和8年11月20日 山田太郎", 10)
    assert not sensible_text("(cid:12)(cid:40)(cid:77)(cid:12)(cid:40)(cid:77)", 10)
    assert not sensible_text("abc", 10)


def scanned_pdf(pages: list[Image.Image]) -> bytes:
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", resolution=300, save_all=True, append_images=pages[1:])
    return buf.getvalue()


def test_scanned_pdf_pages_are_rendered_when_read_not_when_loaded() -> None:
    white, black = Image.new("RGB", (2480, 3508), "white"), Image.new("RGB", (2480, 3508), "black")
    pages = load_pages(scanned_pdf([white, black]), LIMITS)
    assert [(p.number, p.image, p.scanned) for p in pages] == [(1, None, True), (2, None, True)]
    second = pages[1].picture()
    assert second.mode == "RGB" and abs(second.width - 2480) <= 1 and abs(second.height - 3508) <= 1
    assert second.getpixel((1000, 1000)) == (0, 0, 0)
    assert pages[0].picture().getpixel((1000, 1000)) == (255, 255, 255)


def test_a_pdf_page_too_large_to_render_is_refused_as_a_bomb() -> None:
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=(14400, 14400))  # 5 m square: 3.7 Gpx at 300 dpi
    pdf.rect(10, 10, 100, 100, fill=1)
    pdf.save()
    with pytest.raises(ReadError) as info:
        load_pages(buf.getvalue(), LIMITS)
    assert info.value.code == "decompression_bomb"


def test_multipage_tiff_frames_are_decoded_when_read() -> None:
    frames = [Image.new("L", (40, 30), 255), Image.new("L", (40, 30), 0),
              Image.new("1", (40, 30), 1)]
    pages = load_pages(tiff(frames), LIMITS)
    assert [p.image for p in pages] == [None, None, None]
    assert [p.picture().getpixel((5, 5)) for p in pages] == [(255, 255, 255), (0, 0, 0),
                                                              (255, 255, 255)]
