"""The reader's bookkeeping without tesseract: crops, turns, helpings, batch output."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from ocr import tesseract
from ocr.model import Page
from ocr.pages import RawPage
from ocr.reader import (
    CROP_MARGIN,
    THUMB,
    _Helpings,
    documents_from_pages,
    ink_box,
    orient,
    turned_origin,
    word_confidence,
)


def test_ink_box_keeps_the_ink_and_a_margin_and_drops_the_paper() -> None:
    page = Image.new("L", (2480, 3508), 250)
    page.paste(0, (400, 600, 1200, 1100))  # a card copied onto an A4 sheet
    left, top, right, bottom = ink_box(np.asarray(page))
    margin = CROP_MARGIN * THUMB
    assert 400 - margin - THUMB <= left <= 400 - margin + THUMB
    assert 600 - margin - THUMB <= top <= 600 - margin + THUMB
    assert 1200 + margin - THUMB <= right <= 1200 + margin + THUMB
    assert 1100 + margin - THUMB <= bottom <= 1100 + margin + THUMB
    assert ink_box(np.full((600, 800), 250, np.uint8)) == (0, 0, 800, 600)  # nothing to cut to
    edge = Image.new("L", (800, 600), 250)
    edge.paste(0, (0, 0, 50, 50))
    assert ink_box(np.asarray(edge))[:2] == (0, 0)  # never outside the page


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_a_crop_turned_lands_where_the_turned_page_has_it(rotation: int) -> None:
    rng = np.random.default_rng(rotation)
    page = Image.fromarray(rng.integers(0, 255, (300, 200), dtype=np.uint8))
    box = (30, 50, 150, 210)
    crop = orient(page.crop(box), 0, rotation)
    x, y = turned_origin(box, page.size, rotation)
    whole = orient(page, 0, rotation)
    assert np.array_equal(np.asarray(whole.crop((x, y, x + crop.width, y + crop.height))),
                          np.asarray(crop))


def test_helpings_hand_out_every_page_once_larger_first() -> None:
    pages = [RawPage(number=n) for n in range(1, 34)]
    helpings = _Helpings(pages, workers=2)
    sizes, seen = [], []
    while share := helpings.take():
        sizes.append(len(share))
        seen += [i for i, _ in share]
    assert sorted(seen) == list(range(33))
    # A quarter of what is left for each of two workers, never fewer than two pages per
    # tesseract start while more pages are left than workers; the last ones one each.
    assert sizes == [9, 6, 5, 4, 3, 2, 2, 1, 1]
    few = _Helpings(pages[:2], workers=2)
    assert [len(few.take()), len(few.take()), len(few.take())] == [1, 1, 0]  # both cores
    stopped = _Helpings(pages, workers=2)
    stopped.stop()
    assert stopped.take() == []


def _tsv(rows: list[tuple[int, int, str, float]]) -> dict[str, list]:
    """Columns as pytesseract gives image_to_data: (page, line, text, conf)."""
    cols: dict[str, list] = {k: [] for k in ("page_num", "block_num", "par_num", "line_num",
                                             "text", "conf", "left", "top", "width", "height")}
    for n, (page, line, text, conf) in enumerate(rows):
        for k, v in zip(cols, (page, 1, 1, line, text, conf, 10 * n, 20 * line, 9, 18),
                        strict=True):
            cols[k].append(v)
    return cols


def test_a_batch_reading_is_split_by_page_and_boxes_move_with_the_crop() -> None:
    data = _tsv([(1, 1, "", -1), (1, 1, "氏名", 96), (1, 1, "山田太郎", 91), (1, 2, "住所", 90),
                 (2, 1, "運転免許証", 88), (3, 1, "", -1)])
    first, second, third = tesseract._readings(data, 3)
    assert first.text == "氏名 山田太郎\n住所" and second.text == "運転免許証"
    assert (third.text, third.words, third.score) == ("", (), 0.0)
    assert first.confidence == pytest.approx((0.96 + 0.91 + 0.90) / 3)
    moved = tesseract.moved(first, 100, 300)
    assert [w.box[:2] for w in moved.words] == [(w.box[0] + 100, w.box[1] + 300)
                                               for w in first.words]
    assert moved.text == first.text


def _page(lines: list[list[tuple[str, float]]]) -> Page:
    words = tuple(tesseract.Word(text, conf, (0, 0, 1, 1), n)
                  for n, line in enumerate(lines) for text, conf in line)
    text = "\n".join(" ".join(t for t, _ in line) for line in lines)
    return Page(number=1, text=text, method="ocr", words=words)


def test_a_value_read_from_doubtful_words_comes_back_null_with_a_doubt() -> None:
    page = _page([[("個人情報開示請求書", 0.95)],
                  [("氏名", 0.96), (":", 0.9), ("山", 0.31), ("囲太", 0.22), ("郎", 0.40)],
                  [("住所", 0.95), (":", 0.9), ("東京都世田谷区桜新町二丁目5番3号", 0.93)],
                  [("生年月日", 0.96), (":", 0.9), ("昭和60年5月1日", 0.91)]])
    (doc,) = documents_from_pages([page])
    assert doc.kind == "request_letter"
    assert doc.fields["name"] is None and "name" in doc.doubts
    assert doc.fields["address"] == "東京都世田谷区桜新町2-5-3"
    assert doc.fields["birth_date"] == "1985-05-01"
    assert "address" not in doc.doubts and "birth_date" not in doc.doubts


def test_word_confidence_weighs_the_words_of_the_value_on_its_line() -> None:
    confidence = word_confidence([_page([[("氏名", 1.0), ("山田", 0.9), ("太郎", 0.5)],
                                         [("山田", 0.1)]])])
    assert confidence("山田太郎") == pytest.approx(0.7)  # its own line, not the other 山田
    assert confidence("佐藤花子") is None  # not among the words: unknown, not doubtful
    typed = word_confidence([Page(number=1, text="氏名 : 山田太郎", method="text_layer")])
    assert typed("山田太郎") is None


def test_words_read_through_a_removed_seal_count_for_a_date_but_not_for_a_name() -> None:
    from dataclasses import replace

    from ocr.reader import THROUGH_SEAL
    page = _page([[("個人情報開示請求書", 0.95)],
                  [("氏名", 0.96), (":", 0.9), ("山田太郎", 0.95)],
                  [("生年月日", 0.96), (":", 0.9), ("昭和60年5月1日", 0.92)]])
    under = ("山田太郎", "昭和60年5月1日")
    page = replace(page, words=tuple(replace(w, under_seal=w.text in under) for w in page.words))
    confidence = word_confidence([page])
    assert confidence("山田太郎") == 0.0  # a name: nothing checks it after
    assert confidence("昭和60年5月1日", checked=True) == pytest.approx(0.92 * THROUGH_SEAL)
    (doc,) = documents_from_pages([page])
    assert doc.fields["name"] is None and "name" in doc.doubts
    assert doc.fields["birth_date"] == "1985-05-01"


def test_a_line_read_again_that_kills_tesseract_keeps_its_words(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """tesseract can die of a small crop (SIGFPE): the page is not lost for it, and the
    name on that line stays marked as missing a letter."""
    from ocr import reader
    image = np.full((300, 800), 250, dtype=np.uint8)
    image[100:140, 100:240] = 0  # the words read
    image[118:122, 246:280] = 0  # a letter left unread after them
    path = tmp_path / "page.tif"
    Image.fromarray(image).save(path)
    words = (tesseract.Word("山田", 0.9, (100, 100, 80, 40), 0),
             tesseract.Word("健", 0.9, (200, 100, 40, 40), 0))
    result = tesseract.OcrText("山田 健", 0.9, 3.0, words)

    def crash(*_a: object, **_k: object) -> tesseract.OcrText:
        raise tesseract.EngineCrashed("tesseract ended by signal 8")
    monkeypatch.setattr(tesseract, "recognize", crash)
    out = reader._lost_letters(result, path, tesseract.OcrSettings())
    assert [w.text for w in out.words] == ["山田", "健"] and out.words[1].ink_after


def test_lines_read_again_share_one_tesseract_and_a_failed_batch_costs_each_only_its_own(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Several cut lines of one page go to one tesseract process; if that batch dies
    (a tight cut's SIGFPE), each is read alone and only the bad one reads None."""
    from ocr import reader
    cuts = [(np.full((40, 200), 250, np.uint8), 40, tmp_path / f"line{i}.png") for i in range(3)]
    batches: list[int] = []

    def batch(paths: list[Path], _s: tesseract.OcrSettings) -> list[tesseract.OcrText]:
        batches.append(len(paths))
        return [tesseract.OcrText(p.stem, 0.9) for p in paths]
    monkeypatch.setattr(tesseract, "recognize_batch", batch)
    read = reader._read_alone(cuts, tesseract.OcrSettings())
    assert batches == [3] and [r.text for r in read if r] == ["line0", "line1", "line2"]

    def dies(paths: list[Path], _s: tesseract.OcrSettings) -> list[tesseract.OcrText]:
        raise tesseract.EngineCrashed("tesseract ended by signal 8")

    def alone(path: Path, settings: tesseract.OcrSettings) -> tesseract.OcrText:
        assert settings.psm == 7
        if path.stem == "line1":
            raise tesseract.EngineCrashed("tesseract ended by signal 8")
        return tesseract.OcrText(path.stem, 0.9)
    monkeypatch.setattr(tesseract, "recognize_batch", dies)
    monkeypatch.setattr(tesseract, "recognize", alone)
    read = reader._read_alone(cuts, tesseract.OcrSettings())
    assert [r.text if r else None for r in read] == ["line0", None, "line2"]


def test_a_vertical_reading_is_not_checked_for_letters_left_at_its_lines_ends(
        tmp_path: Path) -> None:
    """In 縦書き what stands beside a column's last word is the next column, not a
    letter tesseract left out (the 委任状 written vertically lost both names so)."""
    from ocr import reader
    image = np.full((300, 800), 250, dtype=np.uint8)
    image[100:140, 100:300] = 0
    path = tmp_path / "page.tif"
    Image.fromarray(image).save(path)
    words = (tesseract.Word("山田", 0.9, (100, 100, 80, 40), 0),)
    result = tesseract.OcrText("山田", 0.9, 2.0, words, vertical=True)
    assert reader._lost_letters(result, path, tesseract.OcrSettings()) == result


def test_a_seal_ring_on_a_1_bit_page_is_found_and_circles_in_text_are_not() -> None:
    from PIL import ImageDraw, ImageFont

    from ocr.seal import seal_rings
    page = Image.new("L", (2000, 1200), 255)
    d = ImageDraw.Draw(page)
    font = ImageFont.truetype("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf", 48)
    # A letter's end: lines of text, in which Hough finds circles, none inked all round.
    for y, line in ((200, "個人情報の開示を請求いたします。本人確認書類を同封します。"),
                    (400, "令和8年11月20日"), (500, "〒125-9017 大阪府大阪市北区梅田4-19-17"),
                    (600, "村上浩二 昭和41年3月22日生")):
        d.text((100, y), line, font=font, fill=0)
    assert seal_rings(np.asarray(page)) == []
    assert seal_rings(np.zeros((3, 3), np.uint8)) == []  # a scrap of a page: nothing fits
    d.ellipse((230, 560, 370, 700), outline=0, width=6)  # a seal, 12 mm, over the name
    (box,) = seal_rings(np.asarray(page))
    assert abs(box[0] - 230) <= 12 and abs(box[1] - 560) <= 12 and abs(box[2] - 140) <= 24


def test_a_seal_ring_on_a_1_bit_page_is_whitened_and_the_text_it_crossed_kept() -> None:
    from PIL import ImageDraw, ImageFont

    from ocr.seal import ring_outline, seal_rings, without_seal_rings
    page = Image.new("L", (1600, 900), 255)
    d = ImageDraw.Draw(page)
    font = ImageFont.truetype("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf", 48)
    d.text((100, 400), "村上浩二 昭和41年3月22日生", font=font, fill=0)
    text = np.asarray(page).copy()
    # A seal stamped over the name's end, its centre a little off the one Hough gives.
    d.ellipse((303, 352, 463, 512), outline=0, width=7)
    gray = np.asarray(page)
    rings = seal_rings(gray)
    x, y, inner, outer = ring_outline(gray < 160, rings[0])
    assert abs(x - 383) <= 3 and abs(y - 432) <= 3 and inner <= 76 and 78 <= outer <= 84
    out = without_seal_rings(gray, rings)
    angles = np.linspace(0, 2 * np.pi, 360, endpoint=False)
    on_ring = out[(432 + 77 * np.sin(angles)).astype(int), (383 + 77 * np.cos(angles)).astype(int)]
    assert (on_ring < 160).mean() < 0.1  # the ring is gone but where text crosses it
    letters = text < 160
    kept = (out < 160) & letters
    assert kept.sum() >= 0.85 * letters.sum()  # the text stays, but for the ring's path
    assert ((out < 160) & ~letters).sum() == 0  # and nothing of the ring is left
    assert (without_seal_rings(gray, []) == gray).all()


def test_a_lines_last_word_stopping_short_of_a_seal_is_read_as_cut_under_it() -> None:
    from ocr.reader import _unsure_under
    words = (tesseract.Word("氏名", 0.95, (100, 300, 90, 40), 0),
             tesseract.Word("西村", 0.95, (220, 300, 90, 40), 0),
             tesseract.Word("令和8年11月20日", 0.95, (100, 200, 400, 40), 1))
    result = tesseract.OcrText("氏名 西村\n令和8年11月20日", 0.95, words=words)
    # A black seal 12 mm across, stamped where the name went on (智子 lost under it).
    out = _unsure_under(result, ((330, 270, 140, 140),), (2000, 1000), 0, cut_short=True)
    assert [w.under_seal for w in out.words] == [False, True, False]
    # A red one was taken out before reading; stamped well after the name, it says
    # nothing of it either.
    out = _unsure_under(result, ((330, 270, 140, 140),), (2000, 1000), 0)
    assert not any(w.under_seal for w in out.words)
    out = _unsure_under(result, ((600, 270, 140, 140),), (2000, 1000), 0, cut_short=True)
    assert not any(w.under_seal for w in out.words)


def test_a_card_whose_band_swallowed_its_expiry_is_read_again_flattened(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A licence read without its expiry (the band took it at tesseract's threshold)
    would pass for valid: it is read once more with its bands flattened, and that
    reading is kept when it shows the expiry."""
    from ocr import reader
    card = np.full((400, 700), 240, dtype=np.uint8)
    card[150:200, 40:500] = 150  # the expiry's band
    path = tmp_path / "page0.tif"
    Image.fromarray(card).save(path)
    first = "運転免許証\n氏名 清水真由美 昭和57年10月4日生\n交付 令和5年4月10日"
    read_flat = first + "\n令和7年6月1日まで有効"
    seen: list[str] = []

    def recognize(image: Path, settings: tesseract.OcrSettings,
                  vertical: bool = False) -> tesseract.OcrText:
        seen.append(image.name)
        return tesseract.OcrText(read_flat if "flat" in image.name else first, 0.9, 60.0)
    monkeypatch.setattr(tesseract, "recognize", recognize)
    p = reader._Prepared(0, RawPage(number=1, image=Image.fromarray(card)),
                         reader._Look(blank=False, bands=True, seals=None), 0.0,
                         tesseract.OcrSettings(thresholding=2), path, (0, 0, 700, 400),
                         (700, 400))
    result, _rotation, read = reader._follow_up(p, tesseract.OcrText(first, 0.9, 60.0),
                                                tmp_path)
    assert "まで有効" in result.text and read.name == "page0-flat.tif"
    (doc,) = documents_from_pages([Page(number=1, text=result.text, method="ocr")])
    assert doc.fields["expiry_date"] == "2025-06-01"


def test_a_name_apart_from_the_ids_only_at_a_letter_ocr_did_not_believe_is_no_mismatch(
        ) -> None:
    letter = _page([[("個人情報開示請求書", 0.95)],
                    [("氏名", 0.96), ("五十", 0.92), ("慮", 0.0), ("七海", 0.95)],
                    [("生年月日", 0.96), ("昭和29年7月9日", 0.93)]])
    card = Page(number=2, text="運転免許証\n氏名 五十嵐七海 昭和29年7月9日生\n"
                "番号 第123456789012号", method="ocr",
                words=(tesseract.Word("五十嵐七海", 0.95, (0, 0, 1, 1), 1),))
    docs = documents_from_pages([letter, card])
    doc = next(d for d in docs if d.kind == "request_letter")
    assert doc.fields["name"] is None and doc.unsure["name"] == "五十慮七海"
    assert "name" in doc.doubts
    # Apart at a letter OCR was sure of: a disagreement, left for the rules' mismatch.
    sure = _page([[("個人情報開示請求書", 0.95)],
                  [("氏名", 0.96), ("五十", 0.92), ("慮", 0.9), ("七海", 0.95)]])
    docs = documents_from_pages([sure, card])
    assert next(d for d in docs if d.kind == "request_letter").fields["name"] == "五十慮七海"


def test_a_sheet_scanned_coarse_is_read_at_300_dpi_and_a_card_or_a_fine_scan_as_it_is() -> None:
    from ocr.pages import RawPage
    from ocr.reader import at_300_dpi, sheet_dpi
    assert round(sheet_dpi((1240, 1754))) == 150 and round(sheet_dpi((3507, 2480))) == 300
    assert sheet_dpi((1012, 638)) is None  # a card copy cut out: no sheet to measure by
    coarse = Image.new("RGB", (1240, 1754), "white")
    ImageDraw.Draw(coarse).rectangle((100, 100, 140, 140), fill="black")
    raw = RawPage(number=1, image=coarse)
    enlarged, big = at_300_dpi(raw, coarse)
    assert enlarged.picture().size == big.size
    assert big.size == (2480, 3508) and big.getpixel((240, 240)) == (0, 0, 0)
    # A 1-bit scan at 150 dpi is enlarged pixel for pixel: it stays 1-bit.
    bits = Image.new("1", (1240, 1754), 1)
    ImageDraw.Draw(bits).line((100, 100, 900, 700), fill=0, width=3)
    grown = at_300_dpi(RawPage(number=1, image=bits.convert("RGB")), bits.convert("RGB"))[1]
    assert grown.size[0] == 2480 and len(grown.convert("L").getcolors(256)) == 2
    # 200 dpi and finer read as well as they are (a fax's fine mode is 200 dpi).
    for kept in (Image.new("RGB", (2480, 3508), "white"), Image.new("RGB", (1012, 638)),
                 Image.new("RGB", (1654, 2339), "white")):
        raw = RawPage(number=1, image=kept)
        got = at_300_dpi(raw, kept)
        assert got[0] is raw and got[1] is kept


def test_a_page_is_written_for_tesseract_as_a_tiff_and_read_back_pixel_for_pixel(
        tmp_path: Path) -> None:
    from ocr.tesseract import write_page
    rng = np.random.default_rng(5)
    pixels = rng.integers(0, 256, (301, 417), dtype=np.uint8)  # odd sizes: no padding
    path = write_page(tmp_path / "page1", pixels[::-1])  # not contiguous as given
    assert path.suffix == ".tif"
    with Image.open(path) as read:
        assert read.mode == "L" and read.size == (417, 301)
        assert (np.asarray(read) == pixels[::-1]).all()
    # Read back as written, and any other page image through PIL.
    from ocr.tesseract import read_page
    assert (read_page(path) == pixels[::-1]).all()
    Image.fromarray(pixels).save(tmp_path / "other.png")
    assert (read_page(tmp_path / "other.png") == pixels).all()


def test_a_blue_receipt_stamp_is_found_and_taken_out_and_blue_handwriting_is_not() -> None:
    from ocr.seal import stamp_boxes, without_stamps
    page = Image.new("RGB", (1200, 800), (248, 246, 240))
    d = ImageDraw.Draw(page)
    d.rectangle((300, 180, 900, 220), fill=(10, 10, 10))  # a line of black print
    d.ellipse((500, 60, 800, 360), outline=(60, 70, 170), width=5)  # the stamp, 25 mm
    d.line((520, 160, 780, 160), fill=(60, 70, 170), width=3)
    d.rectangle((560, 240, 740, 270), fill=(60, 70, 170))  # the day received
    for x in range(100, 1100, 40):  # a line written in blue pen: wide, not a ring
        d.line((x, 600, x + 25, 640), fill=(40, 60, 160), width=4)
    boxes = [(x * 4, y * 4, w * 4, h * 4) for x, y, w, h in stamp_boxes(page.reduce(4), 75)]
    assert len(boxes) == 1
    x, y, w, h = boxes[0]
    assert abs(x - 500) < 30 and abs(y - 60) < 30 and abs(w - 300) < 40 and abs(h - 300) < 40
    gray = np.asarray(page.convert("L"))
    out = without_stamps(gray, page, boxes)
    assert out[250, 650] > 200 and out[100:170, 495:506].min() > 200  # the stamp's ink goes
    assert out[200, 510] < 60 and out[200, 650] < 60  # the print it crossed stays
    assert (out[600:640] == gray[600:640]).all()  # the pen's line is left alone
    # A red seal is not this stamp (red ink has its own handling), nor is a grey page.
    red = Image.new("RGB", (400, 400), "white")
    ImageDraw.Draw(red).ellipse((50, 50, 350, 350), outline=(210, 40, 30), width=6)
    assert stamp_boxes(red.reduce(4), 75) == []
