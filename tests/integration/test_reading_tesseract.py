"""The real tesseract on letters and ID copies rendered in the test, against their truth."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytesseract
import pytest
from PIL import Image, ImageOps

from ocr import tesseract
from ocr.model import ReadError
from ocr.reader import ReadSettings, documents_from_pages, read_image, upright_image
from tests.corpus.render import (
    HANAKO,
    TARO,
    LetterSpec,
    LicenceSpec,
    Person,
    degrade,
    render_letter,
    render_licence_copy,
)

pytestmark = pytest.mark.tesseract
SETTINGS = ReadSettings(workers=1)


def letter_truth(spec: LetterSpec) -> dict[str, object]:
    p = spec.person
    return {"date": spec.date, "name": p.name_truth, "address": p.address,
            "birth_date": p.birth_date if spec.with_birth_date else None,
            "seal": spec.with_seal, "request_types": ["disclosure"],
            "requester_role": "self", "phone": p.phone}


@pytest.mark.parametrize("person", [TARO, HANAKO], ids=["taro", "hanako"])
@pytest.mark.parametrize("face", ["mincho", "gothic"])
def test_request_letter_fields_match_truth(person: Person, face: str) -> None:
    spec = LetterSpec(person, face=face)
    page = read_image(render_letter(spec), SETTINGS)
    (doc,) = documents_from_pages([page])
    assert doc.kind == "request_letter"
    fields = {k: doc.fields[k] for k in letter_truth(spec)}
    assert fields == letter_truth(spec)


def test_degraded_letter_missing_birth_date_reads_as_missing() -> None:
    spec = LetterSpec(HANAKO, with_birth_date=False)
    page = read_image(degrade(render_letter(spec), seed=3, skew=0.8), SETTINGS)
    (doc,) = documents_from_pages([page])
    assert doc.fields["birth_date"] is None
    assert doc.fields["name"] == HANAKO.name_truth
    assert doc.fields["address"] == HANAKO.address


def test_licence_fields_match_truth_and_number_is_masked() -> None:
    spec = LicenceSpec(TARO)
    page = read_image(render_licence_copy(spec), SETTINGS, number=2)
    (doc,) = documents_from_pages([page])
    assert doc.kind == "drivers_license"
    assert doc.fields == {"name": TARO.name_truth, "birth_date": TARO.birth_date,
                          "address": TARO.address, "expiry_date": spec.expiry_date,
                          "issue_date": spec.issue_date, "number": "********" + spec.number[-4:]}


def test_upside_down_page_is_turned_and_read() -> None:
    page = read_image(render_letter(LetterSpec(TARO)).rotate(180), SETTINGS)
    assert page.rotation == 180
    (doc,) = documents_from_pages([page])
    assert doc.fields["name"] == TARO.name_truth


def test_seal_seen_in_colour_and_unknowable_in_grayscale() -> None:
    with_seal = read_image(render_letter(LetterSpec(TARO)), SETTINGS)
    without = read_image(render_letter(LetterSpec(TARO, with_seal=False)), SETTINGS)
    gray = read_image(ImageOps.grayscale(render_letter(LetterSpec(TARO))).convert("RGB"), SETTINGS)
    assert (with_seal.seals, without.seals, gray.seals) == (1, 0, None)


def test_skewed_page_is_straightened_and_read() -> None:
    from ocr.reader import skew_angle
    # A scanner's optics give smooth edges: skew the page the way a scan is skewed.
    image = render_letter(LetterSpec(TARO)).rotate(4, expand=False, fillcolor=(250, 247, 238),
                                                   resample=Image.BICUBIC)
    assert abs(skew_angle(ImageOps.grayscale(image)) + 4) <= 0.5
    (doc,) = documents_from_pages([read_image(image, SETTINGS)])
    assert (doc.fields["name"], doc.fields["birth_date"]) == (TARO.name_truth, TARO.birth_date)


def test_page_turned_a_quarter_is_detected_by_osd() -> None:
    page = read_image(render_letter(LetterSpec(HANAKO)).rotate(90, expand=True), SETTINGS)
    assert page.rotation in (90, 270)
    (doc,) = documents_from_pages([page])
    assert doc.fields["name"] == HANAKO.name_truth


def test_blank_pages_are_skipped() -> None:
    blank = read_image(Image.new("RGB", (2480, 3508), (250, 247, 238)), SETTINGS, number=2)
    letter = read_image(render_letter(LetterSpec(TARO)), SETTINGS, number=1)
    assert blank.method == "blank"
    docs = documents_from_pages([letter, blank])
    assert [(d.kind, d.pages) for d in docs] == [("request_letter", [1])]


def test_numbers_are_blacked_out_where_they_are_on_a_card_copied_upside_down() -> None:
    """Word boxes come from a crop of the page, turned: they must land on the number in
    the page as stored, or the blacking out misses it."""
    from ocr.redact import black_out, sensitive_boxes
    from tests.corpus.catalog import MY_NUMBER
    from tests.corpus.documents import my_number_card

    page = read_image(my_number_card(TARO, "gothic", MY_NUMBER).image.rotate(180), SETTINGS)
    assert page.rotation == 180 and page.masked
    upright = upright_image(page)
    assert upright is not None

    def digits(image: Image.Image) -> str:
        return re.sub(r"\D", "", pytesseract.image_to_string(image, lang="Japanese"))

    assert MY_NUMBER in digits(upright)  # the test can fail: unmasked, it reads
    again = digits(black_out(upright, sensitive_boxes(page.words)))
    assert MY_NUMBER not in again and MY_NUMBER[:8] not in again


def test_pages_read_in_one_batch_read_as_they_do_alone(tmp_path: Path) -> None:
    paths = []
    for n, image in enumerate([render_letter(LetterSpec(TARO)),
                               render_licence_copy(LicenceSpec(HANAKO))]):
        paths.append(tmp_path / f"p{n}.tif")
        ImageOps.grayscale(image).save(paths[-1])
    ocr = SETTINGS.ocr
    together = tesseract.recognize_pages(paths, ocr)
    alone = [tesseract.recognize(p, ocr) for p in paths]
    assert [r.text for r in together] == [r.text for r in alone]
    assert [r.words for r in together] == [r.words for r in alone]
    assert TARO.name_truth in together[0].text.replace(" ", "")


def test_lines_cut_from_a_page_read_in_one_batch_as_they_do_alone(tmp_path: Path) -> None:
    """The lost-letter check's cuts go to one tesseract process (psm 7): what it reads is
    what each cut reads by itself."""
    import numpy as np

    from ocr import reader
    page = np.asarray(ImageOps.grayscale(render_letter(LetterSpec(TARO))))
    first = tesseract.recognize(tesseract.write_page(tmp_path / "page.tif", page), SETTINGS.ocr)
    named = next(w for w in first.words if TARO.name_truth[:2] in w.text)
    rows = [*sorted({w.line for w in first.words if w.text})[:3], named.line]
    cuts = []
    for n, row in enumerate(rows):
        boxes = [w.box for w in first.words if w.line == row and w.text]
        top = min(b[1] for b in boxes) - 10
        bottom = max(b[1] + b[3] for b in boxes) + 10
        left, right = min(b[0] for b in boxes) - 10, max(b[0] + b[2] for b in boxes) + 10
        cuts.append((page[top:bottom, left:right], bottom - top, tmp_path / f"line{n}.png"))
    together = reader._read_alone(cuts, SETTINGS.ocr)
    alone = [reader._read_alone([cut], SETTINGS.ocr)[0] for cut in cuts]
    assert all(together) and [r.text for r in together] == [r.text for r in alone if r]
    assert TARO.name_truth[:2] in together[-1].text.replace(" ", "")


def test_a_broken_page_in_a_batch_fails_as_itself(tmp_path: Path) -> None:
    good, broken = tmp_path / "good.tif", tmp_path / "broken.tif"
    ImageOps.grayscale(render_letter(LetterSpec(TARO))).save(good)
    broken.write_bytes(b"II*\x00" + b"\x00" * 64)  # a TIFF header and nothing behind it
    with pytest.raises(ReadError) as err:
        tesseract.recognize_pages([good, broken], SETTINGS.ocr)
    assert err.value.code == "ocr_failed"


def test_a_page_that_takes_too_long_stops_the_reading_with_a_timeout() -> None:
    from ocr.pages import RawPage
    from ocr.reader import read_pages

    quick = ReadSettings(ocr=tesseract.OcrSettings(timeout=0.05), workers=2)
    pages = [RawPage(number=n, image=render_letter(LetterSpec(TARO))) for n in (1, 2, 3)]
    with pytest.raises(ReadError) as err:
        read_pages(pages, quick)
    assert err.value.code == "ocr_timeout" and "秒以内" in err.value.message


def test_a_scribbled_over_name_is_left_null_not_guessed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Strokes across the name: tesseract reads other kanji (必本光一) that pass every
    check a name has, but at confidence ~0; only the words' confidence tells."""
    import random

    from PIL import ImageDraw

    from ocr import fields

    image = render_letter(LetterSpec(TARO, with_seal=False))
    draw, rng = ImageDraw.Draw(image), random.Random(1)
    for _ in range(14):
        x, y = rng.randint(420, 640), rng.randint(900, 950)
        draw.line((x, y, x + rng.randint(-60, 60), y + rng.randint(-30, 30)), fill="black",
                  width=3)
    page = read_image(image, SETTINGS)
    (doc,) = documents_from_pages([page])
    assert doc.fields["name"] is None and "name" in doc.doubts
    assert (doc.fields["address"], doc.fields["birth_date"]) == (TARO.address, TARO.birth_date)
    monkeypatch.setattr(fields, "FIELD_MIN_CONFIDENCE", 0.0)
    (trusting,) = documents_from_pages([page])
    assert trusting.fields["name"] not in (None, TARO.name_truth)  # what would have been kept


def test_a_killed_engine_is_a_crash_in_every_kind_of_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Orientation and MRZ runs, too: a killed OSD is not 'cannot tell the turn'."""
    from tests.faults import killed_tesseract

    page = tmp_path / "page.tif"
    ImageOps.grayscale(render_letter(LetterSpec(TARO))).save(page)
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd",
                        str(killed_tesseract(tmp_path / "bin")))
    for run in (lambda: tesseract.osd_rotation(page, 30), lambda: tesseract.recognize_mrz(
            page, SETTINGS.ocr), lambda: tesseract.recognize_pages([page, page], SETTINGS.ocr)):
        with pytest.raises(tesseract.EngineCrashed, match="signal 9"):
            run()


@pytest.mark.parametrize("container", ["tiff_group4", "png_1bit", "pdf_1bit"])
def test_a_black_and_white_scan_reads_in_every_container(container: str) -> None:
    """The office scanner's 1-bit mode: a group4 TIFF once failed to be read at all
    (its compression stayed with the page, and an 8-bit copy cannot carry it); and its
    thin strokes read 郎 as 婦 until they were thickened."""
    import io

    from ocr.pages import PageLimits, load_pages
    from ocr.reader import read_pages

    spec = LetterSpec(TARO)
    bw = render_letter(spec).convert("L").point(lambda v: 255 if v > 160 else 0).convert("1")
    buf = io.BytesIO()
    if container == "tiff_group4":
        bw.save(buf, "TIFF", compression="group4", dpi=(300, 300))
    elif container == "png_1bit":
        bw.save(buf, "PNG")
    else:
        bw.save(buf, "PDF", resolution=300)
    pages = read_pages(load_pages(buf.getvalue(), PageLimits()), SETTINGS)
    (doc,) = documents_from_pages(pages)
    truth = letter_truth(spec)
    assert {k: doc.fields[k] for k in ("name", "birth_date", "address")} == \
        {k: truth[k] for k in ("name", "birth_date", "address")}


def test_a_blurred_grey_card_is_read_and_its_numbers_do_not_survive() -> None:
    """Blur turns a card's small black print mid-grey: taking out grey ink of a seal's
    size once erased its text lines, and the unlabelled numbers were kept."""
    import random

    from tests.corpus.documents import health_insurance
    from tests.corpus.variety import scan

    card = health_insurance(HANAKO, "gothic")
    page = read_image(scan(card.image, "gray_blur", random.Random(3)), SETTINGS)
    (doc,) = documents_from_pages([page])
    assert doc.kind == "health_insurance_card"
    assert (doc.fields["name"], doc.fields["birth_date"]) == (HANAKO.name_truth,
                                                             HANAKO.birth_date)
    flat = re.sub(r"\s", "", page.text)
    assert not any(number in flat for number in card.sensitive)


def test_the_old_forms_taken_as_unwritable_are_absent_from_the_installed_model(
        tmp_path: Path) -> None:
    """ocr.names.UNWRITABLE is what the Japanese model cannot output: checked against the
    model's own character set, so an upgraded model that learns 髙 is noticed."""
    from ocr.names import UNWRITABLE
    listed = subprocess.run([pytesseract.pytesseract.tesseract_cmd, "--list-langs"],
                            capture_output=True, text=True, check=True).stdout
    tessdata = Path(re.search(r'"(.+?)"', listed).group(1))  # type: ignore[union-attr]
    subprocess.run(["combine_tessdata", "-u", str(tessdata / f"{SETTINGS.ocr.lang}.traineddata"),
                    str(tmp_path / "m.")], capture_output=True, check=True)
    charset = {line.split(" ", 1)[0]
               for line in (tmp_path / "m.lstm-unicharset").read_text().splitlines()[1:]}
    assert "高" in charset and "邊" in charset
    assert not UNWRITABLE & charset


def test_a_form_whose_choices_are_round_marks_reads_the_filled_ones() -> None:
    # ○ / ● before each option, the style of many printed forms: the filled one is chosen.
    from PIL import ImageDraw, ImageFont
    font = ImageFont.truetype("/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf", 42)
    page = Image.new("RGB", (2480, 3507), "white")
    d = ImageDraw.Draw(page)
    d.text((900, 200), "個人情報開示等請求書", font=font, fill="black")
    d.text((200, 400), "令和8年11月20日", font=font, fill="black")

    def choices(y: int, label: str, options: list[str], chosen: set[str]) -> None:
        d.text((200, y), label, font=font, fill="black")
        x = 600
        for option in options:
            d.ellipse((x, y + 6, x + 36, y + 42), outline="black", width=3,
                      fill="black" if option in chosen else None)
            x += 50
            d.text((x, y), option, font=font, fill="black")
            x += int(d.textlength(option, font=font)) + 70

    choices(600, "請求者の区分", ["本人", "法定代理人", "任意代理人"], {"本人"})
    d.text((200, 720), "氏名　山田太郎", font=font, fill="black")
    d.text((200, 820), "生年月日　昭和60年5月1日", font=font, fill="black")
    choices(1040, "請求の内容", ["開示", "訂正", "削除"], {"訂正"})
    choices(1140, "", ["利用停止", "第三者提供の停止"], {"第三者提供の停止"})
    doc = documents_from_pages([read_image(page, SETTINGS)])[0]
    assert doc.fields["requester_role"] == "self"
    assert doc.fields["request_types"] == ["correction", "third_party_stop"]
    assert doc.fields["name"] == "山田太郎"


def test_a_seal_ring_stamped_over_a_1_bit_letters_lines_does_not_garble_them() -> None:
    # A signed letter's end, scanned 1-bit: the seal, black like the text, is stamped
    # across the address and the name's line. Its ring read as letters voided both
    # (大阪府 → 大阪3府, 昭和 → 人0), and with it taken out they read; the name under
    # the seal is still not trusted alone.
    from PIL import ImageDraw, ImageFont
    font = ImageFont.truetype("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf", 42)
    page = Image.new("L", (2480, 3507), 255)
    d = ImageDraw.Draw(page)
    d.text((900, 300), "請求書", font=font, fill=0)
    d.text((200, 450), "株式会社オーネット お客様相談室 御中", font=font, fill=0)
    d.text((200, 600), "私は、貴社が保有する私の個人情報について、開示を請求いたします。",
           font=font, fill=0)
    d.text((1700, 800), "令和8年11月20日", font=font, fill=0)
    d.text((1100, 950), "〒530-0001 大阪府大阪市北区梅田4-19-17", font=font, fill=0)
    d.text((1400, 1040), "村上浩二   昭和41年3月22日生", font=font, fill=0)
    d.ellipse((1560, 930, 1720, 1090), outline=0, width=7)
    small = ImageFont.truetype("/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf", 16)
    for n, ch in enumerate("村上"):  # a seal's letters, thin and small beside the text's
        d.text((1632, 975 + 60 * n), ch, font=small, fill=0)
    # In RGB, as ocr.pages gives every scan to the reader.
    bw = page.point(lambda v: 255 if v > 128 else 0).convert("1").convert("RGB")
    read = read_image(bw, SETTINGS)
    doc = documents_from_pages([read])[0]
    # Both lines were lost whole with the ring in them. Letters the ring ran along are
    # cut (梅 may read as another kanji): the address is then null, never wrong.
    assert "大阪府大阪市北区" in read.text and "村上浩二" in read.text
    assert doc.fields["birth_date"] == "1966-03-22"
    assert doc.fields["address"] in (None, "大阪府大阪市北区梅田4-19-17")
    assert doc.fields["name"] in (None, "村上浩二")


def test_a_name_printed_with_髙_is_read_so_and_one_printed_with_高_is_left_as_it_is() -> None:
    # The model writes 高 for both; the reader looks at the glyph on the page.
    from PIL import ImageDraw, ImageFont
    font = ImageFont.truetype("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf", 46)
    for printed in ("髙橋太郎", "高橋太郎"):
        page = Image.new("RGB", (2480, 3507), "white")
        d = ImageDraw.Draw(page)
        d.text((900, 200), "個人情報開示請求書", font=font, fill="black")
        d.text((200, 400), "令和8年11月20日", font=font, fill="black")
        d.text((200, 600), f"氏名　{printed}", font=font, fill="black")
        d.text((200, 700), "生年月日　昭和60年5月1日", font=font, fill="black")
        doc = documents_from_pages([read_image(page, SETTINGS)])[0]
        assert doc.fields["name"] == printed
