"""The page model without tesseract: rows from word boxes, marks from pixels, page
clean-up, and the field rules that read them."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr.classify import classify
from ocr.cleanup import flatten, remove_lines, shaded
from ocr.fields import extract_document, marked_role, request_types
from ocr.layout import rows
from ocr.marks import Mark, find_marks, find_options, rewrite
from ocr.redact import redact_text
from ocr.tesseract import Word

FONT = "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"


def w(text: str, left: int, top: int, width: int, height: int = 40, line: int = 0) -> Word:
    return Word(text, 0.9, (left, top, width, height), line)


# ---------------------------------------------------------------- rows

def test_a_label_block_and_a_value_block_make_one_row_each() -> None:
    # tesseract's order: the label column as one block, then the values.
    words = [w("氏名", 100, 100, 80), w("住所", 100, 200, 80),
             w("山田太郎", 600, 104, 160), w("東京都", 600, 198, 120)]
    assert [[words[i].text for i in row] for row in rows(words)] == \
        [["氏名", "山田太郎"], ["住所", "東京都"]]


def test_a_box_reaching_below_its_line_stays_in_its_row() -> None:
    # A last 日 whose box tesseract stretched far down, towards the next line.
    words = [w("昭和60年5月1", 100, 100, 300), w("日", 400, 100, 40, height=110),
             w("本籍", 100, 190, 80)]
    assert [[words[i].text for i in row] for row in rows(words)] == \
        [["昭和60年5月1", "日"], ["本籍"]]


# ---------------------------------------------------------------- marks

H = 40  # character height of the drawn rows


def _form(marks: list[str], ring: int | None = None) -> tuple[np.ndarray, list[Word]]:
    """One row of options — 本人, 法定代理人, 任意代理人 — each after a box drawn as
    `marks` says (empty | filled | tick), or none at all, with a ring round one option;
    the words as tesseract gives them: each box read as a character of the word."""
    image = Image.new("L", (1400, 200), 255)
    d = ImageDraw.Draw(image)
    f = ImageFont.truetype(FONT, H)
    words: list[Word] = []
    x = 60
    for n, (label, mark) in enumerate(zip(("本人", "法定代理人", "任意代理人"), marks,
                                          strict=True)):
        if mark in ("radio", "dot", "target"):  # ○ ● ◉: a form's round choices
            d.ellipse((x, 82, x + 34, 116), outline=0, width=3,
                      fill=0 if mark == "dot" else None)
            if mark == "target":
                d.ellipse((x + 10, 92, x + 24, 106), fill=0)
            x += 46
        elif mark != "none":
            d.rectangle((x, 82, x + 34, 116), outline=0, width=3)
            if mark == "filled":
                d.rectangle((x + 3, 85, x + 31, 113), fill=0)
            elif mark == "tick":
                d.line((x + 6, 100, x + 14, 110, x + 30, 86), fill=0, width=6)
            x += 46
        width = int(d.textlength(label, font=f))
        d.text((x, 78), label, font=f, fill=0)
        if ring == n:
            d.ellipse((x - 18, 60, x + width + 18, 140), outline=0, width=4)
        glyph = {"filled": "画", "tick": "口", "empty": "口", "none": "", "radio": "○",
                 "dot": "●", "target": "◎"}[mark]
        words.append(w(glyph + label, x - (46 if glyph else 0), 80, width + (46 if glyph else 0)))
        x += width + 70
    return np.asarray(image), words


def _texts(gray: np.ndarray, words: list[Word]) -> str:
    return " ".join(x.text for x in rewrite(gray, words, [list(range(len(words)))]))


def test_a_filled_box_is_marked_whatever_glyph_tesseract_read() -> None:
    gray, words = _form(["empty", "empty", "filled"])
    assert _texts(gray, words) == "□本人 □法定代理人 ■任意代理人"
    assert marked_role(_texts(gray, words)) == (True, "agent")


def test_an_option_misread_by_one_character_is_written_as_the_option() -> None:
    from dataclasses import replace
    gray, words = _form(["empty", "empty", "filled"])
    words[2] = replace(words[2], text="画任意代理目")  # 人 read as 目
    assert _texts(gray, words) == "□本人 □法定代理人 ■任意代理人"


def test_round_choices_are_marks_too_the_filled_and_the_dotted_one_chosen() -> None:
    for chosen in ("dot", "target"):
        gray, words = _form(["radio", chosen, "radio"])
        assert _texts(gray, words) == "□本人 ■法定代理人 □任意代理人"


def test_a_tick_in_a_box_is_marked() -> None:
    gray, words = _form(["tick", "empty", "empty"])
    assert _texts(gray, words) == "■本人 □法定代理人 □任意代理人"


def test_a_ring_round_an_option_marks_it_and_not_the_others() -> None:
    gray, words = _form(["none", "none", "none"], ring=1)
    assert _texts(gray, words) == "□本人 ■法定代理人 □任意代理人"


def test_in_a_list_one_to_a_row_the_options_not_circled_are_not_chosen() -> None:
    image = Image.new("L", (900, 420), 255)
    d = ImageDraw.Draw(image)
    f = ImageFont.truetype(FONT, H)
    words = []
    for n, label in enumerate(("本人", "法定代理人", "任意代理人")):
        y = 60 + n * 110
        width = int(d.textlength(label, font=f))
        d.text((100, y), label, font=f, fill=0)
        if n == 1:
            d.ellipse((82, y - 18, 100 + width + 18, y + H + 22), outline=0, width=4)
        words.append(w(label, 100, y + 2, width, line=n))
    words.append(w("本人確認書類を同封します", 100, 390, 500, line=3))
    out = rewrite(np.asarray(image), words, [[0], [1], [2], [3]])
    assert [x.text for x in out] == \
        ["□本人", "■法定代理人", "□任意代理人", "本人確認書類を同封します"]
    assert marked_role("\n".join(x.text for x in out)) == (True, "legal_representative")


def test_the_boxes_of_the_row_below_are_not_paired_with_a_rows_options() -> None:
    """Two rows of options a line and a half apart (B 4007), the words of the first given
    by tesseract the height of both: the second row's boxes fell in the first's band,
    and every mark of the first was left unknown."""
    image = Image.new("L", (1000, 300), 255)
    d = ImageDraw.Draw(image)
    f = ImageFont.truetype(FONT, H)
    words: list[Word] = []
    for line, (y, options) in enumerate(((80, [("開示", ""), ("訂正", ""), ("削除", "")]),
                                         (165, [("利用停止", "filled"),
                                                ("第三者提供の停止", "")]))):
        x = 60
        for label, mark in options:
            d.rectangle((x, y + 2, x + 34, y + 36), outline=0, width=3)
            if mark:
                d.rectangle((x + 3, y + 5, x + 31, y + 33), fill=0)
            width = int(d.textlength(label, font=f))
            d.text((x + 46, y - 2), label, font=f, fill=0)
            words.append(w("画" if mark else "口", x, y, 40, line=line))
            words.append(w(label, x + 46, y, width, line=line))
            x += 46 + width + 60
    for k in (1, 3, 5):  # into the next row
        words[k] = w(words[k].text, words[k].box[0], 80, words[k].box[2], height=89)
    out = rewrite(np.asarray(image), words, [list(range(6)), list(range(6, 10))])
    text = " ".join(x.text for x in out if x.text)
    assert text == "□開示 □訂正 □削除 ■利用停止 □第三者提供の停止"
    assert request_types(text) == ["suspension"]


@pytest.mark.parametrize(("chosen", "types"), [(0, ["disclosure"]), (1, ["correction"]),
                                              (2, ["suspension"])])
def test_訂正_追加_削除_is_one_option_with_one_box_and_no_消去(chosen: int,
                                                           types: list[str]) -> None:
    """The issue's own form: ■開示 □訂正・追加・削除 □利用停止. Its words were three options
    with one box, and unmarked they still gave 訂正 and 削除 (消去) as requested."""
    image = Image.new("L", (1300, 200), 255)
    d = ImageDraw.Draw(image)
    f = ImageFont.truetype(FONT, H)
    words: list[Word] = []
    x = 60
    for n, label in enumerate(("開示", "訂正・追加・削除", "利用停止")):
        d.rectangle((x, 82, x + 34, 116), outline=0, width=3)
        if n == chosen:
            d.rectangle((x + 3, 85, x + 31, 113), fill=0)
        width = int(d.textlength(label, font=f))
        d.text((x + 46, 78), label, font=f, fill=0)
        words.append(w(("画" if n == chosen else "口") + label, x, 80, width + 46))
        x += width + 46 + 70
    text = _texts(np.asarray(image), words)
    assert request_types(text) == types, text
    assert "request_types" not in extract_document("request_letter", text).doubts


def test_an_option_with_no_box_before_it_cannot_be_told_nor_can_its_choice() -> None:
    gray, words = _form(["filled", "none", "empty"])
    text = _texts(gray, words)
    # Each box goes with the option just right of it; the option without one is ？,
    # and so the choice is unknown, never 本人 for being the one marked box found.
    assert text == "■本人 ？法定代理人 □任意代理人"
    assert marked_role(text) == (True, None)


def test_a_box_before_an_option_that_was_not_read_decides_by_what_it_holds() -> None:
    # 削除 read as 削際 (no option): its box is left over. Empty, it says the options
    # read are decided by their own boxes; marked, the choice is unknown.
    for fill, want in ((0.0, [("開示", "□"), ("訂正", "■")]),
                       (0.9, [("開示", "？"), ("訂正", "？")])):
        marks = [Mark(x, 100, x + 35, 135, "box", f)
                 for x, f in ((40, 0.0), (300, 0.9), (560, fill))]
        words = [w("開示", 80, 100, 80), w("訂正", 340, 100, 80), w("削際", 600, 100, 80)]
        options = find_options(words, [0, 1, 2], marks)
        assert [(o.word, o.verdict) for o in options] == want


def test_options_in_prose_are_left_as_they_are() -> None:
    gray, words = _form(["none", "none", "none"])
    assert _texts(gray, words) == "本人 法定代理人 任意代理人"


def test_a_box_whose_tick_runs_out_of_it_up_to_its_word_is_a_marked_box() -> None:
    image = Image.new("L", (700, 160), 255)
    d = ImageDraw.Draw(image)
    f = ImageFont.truetype(FONT, H)
    for x, ticked in ((40, True), (300, False)):
        d.rectangle((x, 60, x + 36, 96), outline=0, width=3)
        if ticked:  # a quick tick whose long stroke leaves the box up and to the right
            d.line((x + 6, 76, x + 14, 90, x + 46, 46), fill=0, width=6)
        d.text((x + 49, 58), "本人", font=f, fill=0)
    boxes = [m for m in find_marks(np.asarray(image), H) if m.kind == "box"]
    assert [(abs(m.left - x) <= 3 and abs(m.top - 60) <= 3) for m, x in
            zip(sorted(boxes, key=lambda m: m.left), (40, 300), strict=True)] == [True, True]
    fills = [m.fill for m in sorted(boxes, key=lambda m: m.left)]
    assert fills[0] >= 0.08 and fills[1] <= 0.03


def test_kanji_that_hold_a_box_with_strokes_leaving_it_are_not_boxes() -> None:
    # 門 of 開 or 問: a box with legs run out of it at both ends of a side; 日 and 目 a
    # box crossed straight by a bar. A pen's tick leaves by one corner, aslant.
    for font in (FONT, "/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf"):
        image = Image.new("L", (600, 120), 255)
        ImageDraw.Draw(image).text((20, 30), "開 問 間 聞 日 目", font=ImageFont.truetype(font, H),
                                   fill=0)
        assert [m for m in find_marks(np.asarray(image), H) if m.kind == "box"] == []


def test_round_or_narrow_kanji_are_not_boxes() -> None:
    # (A square kanji such as 口 or 回 is a box by shape: only its place before an
    # option word, paired in order, makes it one — see find_options.)
    image = Image.new("L", (400, 120), 255)
    d = ImageDraw.Draw(image)
    d.text((20, 30), "の日目", font=ImageFont.truetype("/usr/share/fonts/opentype/ipaexfont-mincho/"
                                                     "ipaexm.ttf", H), fill=0)
    assert [m for m in find_marks(np.asarray(image), H) if m.kind == "box"] == []


def test_the_little_squares_inside_kanji_are_not_boxes() -> None:
    # 記, 個, 言 hold a 口 of their own; a prose line must keep its words.
    image = Image.new("L", (1400, 160), 255)
    f = ImageFont.truetype(FONT, H)
    line = "下記の本人の法定代理人として、個人情報の訂正を請求します"
    ImageDraw.Draw(image).text((20, 60), line, font=f, fill=0)
    words = [w(line, 20, 60, int(f.getlength(line)))]
    assert _texts(np.asarray(image), words) == line


def test_an_option_read_with_one_wrong_character_is_still_the_option() -> None:
    marks = [Mark(x, 100, x + 35, 135, "box", fill) for x, fill in ((40, 0.0), (400, 0.9))]
    words = [w("□利用停止", 40, 100, 300), w("■第三者提供の停目", 400, 100, 400)]
    options = find_options(words, [0, 1], marks)
    assert [(o.word, o.verdict) for o in options] == \
        [("利用停止", "□"), ("第三者提供の停止", "■")]


def test_an_option_word_inside_a_label_is_not_an_option() -> None:
    box = Mark(40, 100, 75, 135, "box", 0.9)
    assert find_options([w("代理人住所大阪府", 100, 100, 400)], [0], [box]) == []


def test_a_box_read_as_any_kanji_between_two_options_is_their_box() -> None:
    marks = [Mark(x, 100, x + 35, 135, "box", fill)
             for x, fill in ((40, 0.0), (300, 0.0), (700, 0.9))]
    words = [w("口本人防法定代理人", 40, 100, 560), w("罰任意代理人", 700, 100, 330)]
    options = find_options(words, [0, 1], marks)
    assert [(o.word, o.verdict) for o in options] == \
        [("本人", "□"), ("法定代理人", "□"), ("任意代理人", "■")]
    assert [o.box_chars for o in options] == [(0,), (3,), (9,)]  # 口, 防, 罰


def test_a_glyph_standing_on_a_box_ends_the_option_before_it() -> None:
    # 利用停止 is followed by 防 — the next box as read — and then an option misread
    # by one character: the box under 防 says where 利用停止 ends.
    marks = [Mark(x, 100, x + 35, 135, "box", fill)
             for x, fill in ((40, 0.0), (300, 0.9))]
    words = [w("口", 40, 100, 35), w("利用停止", 80, 100, 200), w("防", 300, 100, 35),
             w("第三者提供の停目", 340, 100, 300)]
    options = find_options(words, [0, 1, 2, 3], marks)
    assert [(o.word, o.verdict) for o in options] == \
        [("利用停止", "□"), ("第三者提供の停止", "■")]


# ---------------------------------------------------------------- fields from marks

def test_only_marked_request_types_count_and_an_unsure_mark_gives_none() -> None:
    assert request_types("請求の内容 □開示 ■訂正 □削除\n■利用停止 □第三者提供の停止") == \
        ["correction", "suspension"]
    # One option per line (a list of boxes) is a form too.
    assert request_types("□開示\n■削除\n□利用停止") == ["deletion"]
    for marks in ("□？■", "？？？"):  # one mark not told, or none (boxes and options apart)
        letter = "個人情報開示等請求書\n請求の内容 {}開示 {}訂正 {}削除".format(*marks)
        assert request_types(letter) == []
        assert "request_types" in extract_document("request_letter", letter).doubts


def test_a_lone_option_read_unmarked_is_no_request_and_leaves_the_choice_unknown() -> None:
    """Tuning E 11026: the row of the marked types lost, the next row's 利用停止 read with
    its empty box and 第三者提供の停止 misread. The option's own word was taken for a
    request written in prose: 利用停止, which the person had not asked for."""
    letter = "個人情報開示等請求書\n請求の内容\n□利用停止□第三者提供しの停止\n以上"
    assert request_types(letter) == []
    assert "request_types" in extract_document("request_letter", letter).doubts
    # A request written in prose, and a date before it, still names its type.
    assert request_types("令和8年11月20日開示を請求いたします。") == ["disclosure"]


@pytest.mark.parametrize("line", [
    "請求の内容開示ゾソ■訂正□削除",  # D 7025: 開示's tick read ゾソ after it, 開示 unfound
    "請求の内容□開示訂正湯際",  # D 7003: 訂正 and 削除 (湯際) not found as options
    "ご請求□開示■訂正□削除□利用停止■第三者提供の",  # H 14006: 停止 lost after the marks
])
def test_a_type_the_marks_reader_did_not_decide_leaves_the_choice_unknown(line: str) -> None:
    """A line whose marks ocr.marks decided, with a type that carries no verdict, or a
    marked box whose option did not come through: the type beside a label's last letter
    was taken for marked, the others for the whole choice."""
    letter = f"個人情報開示等請求書\n{line}\n以上"
    assert request_types(letter) == []
    assert "request_types" in extract_document("request_letter", letter).doubts


def test_the_marked_role_wins_over_the_words_of_the_options() -> None:
    assert marked_role("請求者 ■本人 □法定代理人 □任意代理人") == (True, "self")
    # Not a form: the prose rule still reads the role.
    assert marked_role("代理人として請求します") == (False, None)
    letter = "開示等請求書\n請求者 □本人 □法定代理人 □任意代理人\n氏名 山田太郎"
    found = extract_document("request_letter", letter)
    assert found.fields["requester_role"] is None and "requester_role" in found.doubts


# ---------------------------------------------------------------- labels and values

def test_a_label_that_took_the_options_is_passed_over_for_the_name() -> None:
    for row in ("■本人 □法定代理人 □任意代理人", "画木人 □法定代理人 □任意代理人"):
        # The second: the first option's box read as 画 and 本人 as 木人.
        text = f"開示等請求書\n請求者 {row}\n氏名 山田太郎\n生年月日 昭和60年5月1日"
        assert extract_document("request_letter", text).fields["name"] == "山田太郎"


def test_long_labels_allow_one_misread_character_and_short_ones_none() -> None:
    for label in ("生年月目", "生畠月日"):
        text = f"開示等請求書\n氏名 山田太郎\n{label} 昭和45年2月15日"
        assert extract_document("request_letter", text).fields["birth_date"] == "1970-02-15"
    text = "開示等請求書\n紅名 山田太郎\n生年月日 昭和45年2月15日"
    assert extract_document("request_letter", text).fields["name"] is None


def test_a_caption_above_its_box_gives_the_value_below() -> None:
    text = "開示等請求書\n請求者のお名前\n山田太郎\n生年月日\n昭和60年5月1日"
    fields = extract_document("request_letter", text).fields
    assert (fields["name"], fields["birth_date"]) == ("山田太郎", "1985-05-01")


def test_a_forms_agent_rows_are_the_agents() -> None:
    text = ("開示等請求書\n請求者 □本人 □法定代理人 ■任意代理人\n氏名 伊藤拓也\n"
            "生年月日 昭和45年2月15日\n代理人氏名 木村裕子\n"
            "代理人住所 京都府京都市左京区下鴨8-5-15\n"
            "代理人生年月日 昭和52年3月2日")
    f = extract_document("request_letter", text).fields
    assert (f["name"], f["agent_name"], f["agent_birth_date"], f["requester_role"]) == \
        ("伊藤拓也", "木村裕子", "1977-03-02", "agent")


def test_a_letter_that_asks_about_personal_data_is_a_request_letter() -> None:
    asking = "個人情報に関するご請求\n私の個人情報の利用停止をお願いします"
    assert classify(asking) == "request_letter"
    assert classify("会員規約の改定について\n個人情報の取扱いは変わりません") == "other"


def test_a_garbled_resident_record_code_label_still_masks_the_number() -> None:
    text, masked = redact_text("住民京コード : 12345678901")
    assert masked and "12345678901" not in text


# ---------------------------------------------------------------- clean-up

def _cell_page() -> Image.Image:
    image = Image.new("L", (900, 400), 250)
    d = ImageDraw.Draw(image)
    d.rectangle((0, 0, 400, 400), fill=205)  # a grey label column
    d.text((40, 150), "氏名", font=ImageFont.truetype(FONT, H), fill=20)
    return image


def test_a_shaded_cell_flattens_to_paper_and_its_text_stays_dark() -> None:
    page = _cell_page()
    flat = flatten(np.asarray(page))
    assert flat[20:60, 300:380].min() == 255  # the shading
    assert flat[150:195, 40:120].min() < 60  # the label's ink
    assert shaded(page.reduce(4))
    text_only = Image.new("L", (900, 400), 250)
    ImageDraw.Draw(text_only).text((40, 150), "氏名", font=ImageFont.truetype(FONT, H), fill=20)
    assert not shaded(text_only.reduce(4))
    # A passport's photo: a grey block with no text in it is not shading.
    photo = text_only.copy()
    ImageDraw.Draw(photo).rectangle((500, 50, 850, 380), fill=190)
    assert not shaded(photo.reduce(4))


def test_ruled_lines_go_and_a_tick_box_stays() -> None:
    image = Image.new("L", (800, 300), 255)
    d = ImageDraw.Draw(image)
    d.line((0, 50, 799, 50), fill=0, width=3)  # a table's rule
    d.line((400, 0, 400, 299), fill=0, width=3)
    d.rectangle((100, 150, 140, 190), outline=0, width=3)  # a box, 3.4 mm
    out = remove_lines(np.asarray(image))
    assert out[48:53, :].min() == 255 and out[:, 398:403].min() == 255
    assert out[150:191, 100:141].min() == 0


def test_a_seal_counts_as_the_writers_only_by_the_writers_name() -> None:
    from ocr.layout import seals_by
    words = [w("令和8年11月20日", 1700, 300, 500, line=0),
             w("氏", 300, 1200, 40, line=1), w("名", 380, 1200, 40, line=1),
             w("清水", 700, 1200, 90, line=1), w("亮", 800, 1200, 45, line=1),
             w("住所", 300, 1300, 80, line=2), w("東京都中央区晴海1-8-12", 700, 1300, 900, line=2)]
    beside, over_the_date = (880, 1170, 120, 120), (1900, 230, 320, 320)
    # Stamped after the name, or over its last letter: the writer's.
    assert seals_by(words, [beside], ["清水亮"]) == 1
    assert seals_by(words, [(790, 1180, 110, 110)], ["清水亮"]) == 1
    # The desk's receipt stamp over the date, or anywhere off the name's row, is not.
    assert seals_by(words, [over_the_date], ["清水亮"]) == 0
    assert seals_by(words, [over_the_date, beside], ["清水亮"]) == 1
    assert seals_by(words, [(700, 1600, 120, 120)], ["清水亮"]) == 0
    # Left of where the name starts (by the label): not by the name.
    assert seals_by(words, [(100, 1170, 120, 120)], ["清水亮"]) == 0
    # The agent signs for the person: by either name.
    assert seals_by(words, [beside], ["山田花子", "清水亮"]) == 1
    # None by the names found, and one name found nowhere: the seal may be by that one.
    assert seals_by(words, [over_the_date], ["山田花子", "清水亮"]) is None
    # A name found on no row: where it stands is not known.
    assert seals_by(words, [over_the_date], ["山田花子"]) is None
    assert seals_by(words, [over_the_date], []) is None


def test_a_seals_ring_read_as_a_tall_letter_after_a_name_is_no_letter() -> None:
    from ocr.layout import seal_read_as_letters

    def line(last: Word) -> list[Word]:
        return [Word("山口", 0.82, (1245, 1201, 78, 40), 0),
                Word("優子", 0.95, (1339, 1200, 83, 41), 0), last, Word("電話", 0.9,
                                                                  (1245, 1300, 80, 40), 1)]
    seal = Word("寺", 0.0, (1498, 1193, 29, 71), 0, under_seal=True)
    assert seal_read_as_letters(line(seal)) == {2}
    # A letter read through a seal at the letters' height is a letter (西村智子 under 印),
    # and so is one OCR believed, or one not under the seal, or one glued to the name.
    for kept in (Word("寺", 0.0, (1498, 1198, 40, 42), 0, under_seal=True),
                 Word("寺", 0.8, (1498, 1193, 29, 71), 0, under_seal=True),
                 Word("寺", 0.0, (1498, 1193, 29, 71), 0),
                 Word("寺", 0.0, (1425, 1193, 29, 71), 0, under_seal=True)):
        assert seal_read_as_letters(line(kept)) == set()
    # A word alone on its line is left as it is: nothing beside it to measure it by.
    assert seal_read_as_letters([seal]) == set()


# ---------------------------------------------------------------- corroborate, never invent

def _envelope(letter_unsure: dict, letter_fields: dict, id_fields: dict,
              id_doubts: list[str] | None = None) -> list:
    from ocr.model import Document
    letter = Document("request_letter", [1], {"name": None, **letter_fields},
                      doubts=list(letter_unsure), unsure=dict(letter_unsure))
    card = Document("drivers_license", [2], id_fields, doubts=id_doubts or [])
    return [letter, card]


def test_an_unsure_value_the_id_reads_alike_is_confirmed_and_still_doubted() -> None:
    from ocr.corroborate import corroborate
    docs = _envelope({"name": "藤原奈々"}, {}, {"name": "藤原奈々"})
    corroborate(docs)
    assert docs[0].fields["name"] == "藤原奈々" and docs[0].confirmed == ["name"]
    assert "name" in docs[0].doubts  # a person still looks
    assert "unsure" not in str(docs[0].to_json()) and "confirmed" not in docs[0].to_json()
    # 旧字体 on one of them is the same name.
    docs = _envelope({"name": "髙橋翔太"}, {}, {"name": "高橋翔太"})
    corroborate(docs)
    assert docs[0].fields["name"] == "髙橋翔太"


def test_nothing_is_copied_in_and_a_disagreement_confirms_nothing() -> None:
    from ocr.corroborate import corroborate
    # The letter did not state a birth date: the ID's is not copied into it.
    docs = _envelope({}, {"birth_date": None}, {"name": "藤原奈々", "birth_date": "1983-11-11"})
    corroborate(docs)
    assert docs[0].fields["birth_date"] is None and docs[0].confirmed == []
    # The letter read 高格交 under a seal; the ID says 高橋翔太: no match, stays null.
    docs = _envelope({"name": "高格交"}, {}, {"name": "高橋翔太"})
    corroborate(docs)
    assert docs[0].fields["name"] is None
    # A stray mark after the name the ID reads is dropped; a kanji after it is a name.
    docs = _envelope({}, {"name": "長谷川俊介ペ"}, {"name": "長谷川俊介"})
    corroborate(docs)
    assert docs[0].fields["name"] == "長谷川俊介" and "name" in docs[0].doubts
    docs = _envelope({}, {"name": "山田太郎子"}, {"name": "山田太郎"})
    corroborate(docs)
    assert docs[0].fields["name"] == "山田太郎子"
    # An ID that was itself unsure of the name confirms nothing.
    docs = _envelope({"name": "藤原奈々"}, {}, {"name": "藤原奈々"}, id_doubts=["name"])
    corroborate(docs)
    assert docs[0].fields["name"] is None


def test_a_reading_apart_by_a_known_confusion_is_confirmed_as_the_name_it_can_be() -> None:
    from ocr.corroborate import corroborate
    # 降 is no name's character: the ID's 藤原隆 is the name the letter's words hold.
    docs = _envelope({}, {"name": "藤原降"}, {"name": "藤原隆"})
    corroborate(docs)
    assert docs[0].fields["name"] == "藤原隆" and "name" in docs[0].doubts
    # 太郎 and 大郎 could both be names: nothing is decided, the rules see a mismatch.
    docs = _envelope({}, {"name": "山田大郎"}, {"name": "山田太郎"})
    corroborate(docs)
    assert docs[0].fields["name"] == "山田大郎" and docs[0].confirmed == []
    # An unsure reading (through a seal) that is the name where the ID misread it
    # (降 for 隆) is the letter's own name, confirmed; the doubt stays.
    docs = _envelope({"name": "高橋隆"}, {}, {"name": "高橋降"})
    corroborate(docs)
    assert docs[0].fields["name"] == "高橋隆" and docs[0].confirmed == ["name"]
    assert "name" in docs[0].doubts
    docs = _envelope({"name": "山田大郎"}, {}, {"name": "山田太郎"})
    corroborate(docs)
    assert docs[0].fields["name"] is None


def test_an_ids_unsure_name_the_letter_reads_alike_is_kept_and_nothing_else() -> None:
    from ocr.corroborate import corroborate
    from ocr.model import Document
    for letter_reads, kept in (("渡邊誠", "渡邊誠"), ("渡邊誡", None)):
        letter = Document("request_letter", [1], {"name": "渡邊拓也", "agent_name": letter_reads})
        card = Document("drivers_license", [2], {"name": None}, doubts=["name"],
                        unsure={"name": "渡邊誠"})
        corroborate([letter, card])
        assert card.fields["name"] == kept and "name" in card.doubts
    # A letter's own unsure reading confirms no ID: two unsure readings are no witness.
    letter = Document("request_letter", [1], {"agent_name": None}, doubts=["agent_name"],
                      unsure={"agent_name": "渡邊誠"})
    card = Document("drivers_license", [2], {"name": None}, doubts=["name"],
                    unsure={"name": "渡邊誠"})
    corroborate([letter, card])
    assert card.fields["name"] is None and letter.fields["agent_name"] is None


def test_a_name_read_as_only_the_start_of_the_ids_is_no_name() -> None:
    from ocr.corroborate import corroborate
    docs = _envelope({}, {"name": "西村"}, {"name": "西村智子"})
    corroborate(docs)
    assert docs[0].fields["name"] is None and "name" in docs[0].doubts
    # One more letter on the ID's side may be a stray mark of its own: the name stands.
    docs = _envelope({}, {"name": "西村智子"}, {"name": "西村智子ペ"})
    corroborate(docs)
    assert docs[0].fields["name"] == "西村智子"


def test_an_address_with_one_letter_of_a_place_lost_is_confirmed_never_a_number() -> None:
    from ocr.corroborate import corroborate
    docs = _envelope({}, {"address": "東京都世田谷区新町9-17-6"},
                     {"name": "藤原奈々", "address": "東京都世田谷区桜新町9-17-6"})
    corroborate(docs)
    assert docs[0].fields["address"] == "東京都世田谷区桜新町9-17-6"
    assert "address" in docs[0].doubts
    # 1-2-3 and 1-2-4 are two homes: nothing is changed.
    docs = _envelope({}, {"address": "東京都中央区晴海1-2-3"},
                     {"name": "藤原奈々", "address": "東京都中央区晴海1-2-4"})
    corroborate(docs)
    assert docs[0].fields["address"] == "東京都中央区晴海1-2-3" and docs[0].confirmed == []


def _reread_as(text: str | None) -> tuple[list[str], object]:
    asked: list[str] = []

    def reread(_doc: object, _key: str, value: str) -> str | None:
        asked.append(value)
        return text
    return asked, reread


def test_a_name_a_letter_apart_from_the_ids_is_read_again_and_settled_by_its_own_ink() -> None:
    from ocr.corroborate import settle_by_rereading
    # Read again from the letter's page as the ID's name: the letter said it.
    docs = _envelope({}, {"name": "関口知美"}, {"name": "関口智美"})
    asked, reread = _reread_as("関口智美")
    settle_by_rereading(docs, reread)
    assert asked == ["関口知美"]
    assert docs[0].fields["name"] == "関口智美" and docs[0].confirmed == ["name"]
    assert "name" in docs[0].doubts
    # Read as something else again: the first reading was not to be trusted.
    docs = _envelope({}, {"name": "刃山愛"}, {"name": "丸山愛"})
    settle_by_rereading(docs, _reread_as("TE")[1])
    assert docs[0].fields["name"] is None and docs[0].unsure == {"name": "刃山愛"}
    assert "name" in docs[0].doubts
    # Read alike twice: a disagreement the rules act on (an ID of someone else).
    docs = _envelope({}, {"name": "関口知美"}, {"name": "関口智美"})
    settle_by_rereading(docs, _reread_as("関口知美")[1])
    assert docs[0].fields["name"] == "関口知美" and not docs[0].doubts
    # Not to be read again (no line, no image): nothing changes.
    docs = _envelope({}, {"name": "関口知美"}, {"name": "関口智美"})
    settle_by_rereading(docs, _reread_as(None)[1])
    assert docs[0].fields["name"] == "関口知美" and not docs[0].doubts


def test_only_a_near_miss_of_a_sure_witness_is_read_again() -> None:
    from ocr.corroborate import settle_by_rereading
    for letter, card, doubts in (("関口智美", "関口智美", []),        # alike already
                                 ("佐藤健一", "関口智美", []),        # another name
                                 ("関口知美", "関口智美", ["name"]),  # the ID unsure itself
                                 ("関口知", "関口智美", [])):         # not one length
        docs = _envelope({}, {"name": letter}, {"name": card}, id_doubts=doubts)
        asked, reread = _reread_as(card)
        settle_by_rereading(docs, reread)
        assert asked == [] and docs[0].fields["name"] == letter
    # Two letters of four apart is half the name: another name, not a misreading.
    docs = _envelope({}, {"name": "山田太郎"}, {"name": "山本次郎"})
    asked, reread = _reread_as("山本次郎")
    settle_by_rereading(docs, reread)
    assert asked == [] and docs[0].fields["name"] == "山田太郎"


def test_an_ids_unsure_name_may_show_a_letters_reading_unstable_never_confirm_it() -> None:
    from ocr.corroborate import settle_by_rereading

    def unsure_card(letter: str) -> list:
        docs = _envelope({}, {"name": letter}, {"name": None}, id_doubts=["name"])
        docs[1].unsure["name"] = "大塚運"  # the card read its name two ways
        return docs
    # Read as something else again: the letter's first reading is not to be trusted.
    docs = unsure_card("大塚夢")
    asked, reread = _reread_as("大塚萝")
    settle_by_rereading(docs, reread)
    assert asked == ["大塚夢"] and docs[0].fields["name"] is None
    assert docs[0].unsure["name"] == "大塚夢"
    # Read as the card's unsure reading: that confirms nothing, and the letter's own
    # two readings disagree.
    docs = unsure_card("大塚夢")
    settle_by_rereading(docs, _reread_as("大塚運")[1])
    assert docs[0].fields["name"] is None and docs[0].confirmed == []
    # Read alike twice: it stands (the card can neither confirm nor contradict it).
    docs = unsure_card("大塚夢")
    settle_by_rereading(docs, _reread_as("大塚夢")[1])
    assert docs[0].fields["name"] == "大塚夢" and not docs[0].doubts


def test_a_disagreement_stands_only_when_the_witness_reads_alike_twice_too() -> None:
    from ocr.corroborate import settle_by_rereading
    from ocr.model import Document

    def by_kind(letter: str, card: str | None) -> object:
        def reread(doc: Document, _key: str, _value: str) -> str | None:
            return letter if doc.kind == "request_letter" else card
        return reread
    # The letter reads 三浦遥 twice; the licence 三浦暫, then otherwise: not sure of it.
    docs = _envelope({}, {"name": "三浦遥"}, {"name": "三浦暫"})
    settle_by_rereading(docs, by_kind("三浦遥", "三浦遥"))
    assert docs[0].fields["name"] == "三浦遥" and docs[0].confirmed == []
    assert docs[1].fields["name"] is None and docs[1].unsure == {"name": "三浦暫"}
    assert "name" in docs[1].doubts  # a person compares the two
    # Both read alike twice: a disagreement (an ID of someone else), left to the rules.
    docs = _envelope({}, {"name": "三浦遥"}, {"name": "三浦暫"})
    settle_by_rereading(docs, by_kind("三浦遥", "三浦暫"))
    assert docs[1].fields["name"] == "三浦暫" and not docs[1].doubts
    # The card not to be read again: nothing changes.
    docs = _envelope({}, {"name": "三浦遥"}, {"name": "三浦暫"})
    settle_by_rereading(docs, by_kind("三浦遥", None))
    assert docs[1].fields["name"] == "三浦暫" and not docs[1].doubts


def test_a_name_its_reading_doubted_is_kept_when_read_again_as_the_reading_has_it() -> None:
    from ocr.corroborate import settle_by_reading
    from ocr.model import Document

    def letter() -> list[Document]:
        return [Document("request_letter", [1], {"name": None, "kana": "ヤマグチリョウ"},
                         doubts=["name"], unsure={"name": "山口高"})]
    docs = letter()
    asked, reread = _reread_as("山口亮")
    settle_by_reading(docs, reread)
    assert asked == ["山口高"]
    assert docs[0].fields["name"] == "山口亮" and docs[0].confirmed == ["name"]
    assert "name" in docs[0].doubts  # a person still looks
    # Read again as something the reading does not account for either, or not at all.
    for again in ("山口高", "山口夢", None):
        docs = letter()
        settle_by_reading(docs, _reread_as(again)[1])
        assert docs[0].fields["name"] is None and docs[0].confirmed == []


def test_a_name_whose_label_was_lost_is_found_in_the_letters_words_by_the_ids_name() -> None:
    from ocr.corroborate import find_in_words
    from ocr.model import Document

    def envelope(fields: dict, text: str, card: str, kind: str = "request_letter") -> list:
        return [Document(kind, [1], dict(fields), text=text),
                Document("drivers_license", [2], {"name": card})]
    docs = envelope({"name": "佐藤拓也", "agent_name": None},
                    "氏名佐藤拓也\n3. 代理人\n殺放7名田中花子\n", "田中花子")
    find_in_words(docs)
    assert docs[0].fields["agent_name"] == "田中花子" and docs[0].confirmed == ["agent_name"]
    assert "agent_name" in docs[0].doubts
    # Part of a name the letter gives (the other party's, misread): not found.
    docs = envelope({"principal_name": "人遠藤健一", "agent_name": None},
                    "委任状\n人遠藤健一\n", "遠藤健一", "power_of_attorney")
    find_in_words(docs)
    assert docs[0].fields["agent_name"] is None
    # A letter or two from a name it gives (清水売 for 清水亮): that party's, misread.
    docs = envelope({"name": None, "agent_name": "清水売"}, "代理人 清水亮", "清水亮")
    find_in_words(docs)
    assert docs[0].fields["name"] is None
    # Both names missing (whose is it?), a name too short to look for, or twice.
    for fields, text, card in (({"name": None, "agent_name": None}, "田中花子", "田中花子"),
                               ({"name": "佐藤拓也", "agent_name": None}, "森葵", "森葵"),
                               ({"name": "佐藤拓也", "agent_name": None},
                                "田中花子 田中花子", "田中花子")):
        docs = envelope(fields, text, card)
        find_in_words(docs)
        assert docs[0].fields == fields and docs[0].confirmed == []


def test_a_birth_date_a_digit_or_two_apart_from_the_ids_is_settled_by_rereading() -> None:
    from ocr.corroborate import settle_by_rereading
    # The letter's 昭和62年 read as 昭和60年; read again, it gives the ID's day.
    docs = _envelope({}, {"birth_date": "1985-06-23"},
                     {"name": "大塚蓮", "birth_date": "1987-06-23"})
    settle_by_rereading(docs, _reread_as("昭和62年6月23日")[1])
    assert docs[0].fields["birth_date"] == "1987-06-23" and "birth_date" in docs[0].doubts
    # Another day again, or none: not to be trusted.
    for again in ("昭和61年6月23日", "昭和6"):
        docs = _envelope({}, {"birth_date": "1985-06-23"},
                         {"name": "大塚蓮", "birth_date": "1987-06-23"})
        settle_by_rereading(docs, _reread_as(again)[1])
        assert docs[0].fields["birth_date"] is None
        assert docs[0].unsure["birth_date"] == "1985-06-23"
    # The same day twice (as 1985年): a disagreement; and a day far off is never asked.
    docs = _envelope({}, {"birth_date": "1985-06-23"},
                     {"name": "大塚蓮", "birth_date": "1987-06-23"})
    settle_by_rereading(docs, _reread_as("1985年6月23日")[1])
    assert docs[0].fields["birth_date"] == "1985-06-23" and not docs[0].doubts
    docs = _envelope({}, {"birth_date": "1962-03-15"},
                     {"name": "大塚蓮", "birth_date": "1987-06-23"})
    asked, reread = _reread_as("1987-06-23")
    settle_by_rereading(docs, reread)
    assert asked == [] and docs[0].fields["birth_date"] == "1962-03-15"


def test_a_dates_letters_on_a_line_are_found_by_the_day_they_give() -> None:
    from ocr.reader import _date_span, _value_span
    line = "生年月日昭和62年6月23日(満39歳)"
    start, end = _date_span(line, "1987-06-23")  # type: ignore[misc]
    assert line[start:end] == "昭和62年6月23日"[:end - start] and line[start:start + 2] == "昭和"
    assert _date_span(line, "1987-06-24") is None
    assert _value_span("agent_name", "氏名関口智美", "関口智美") == (2, 6)
    assert _value_span("name", "氏名関口智美", "山田") is None


def test_an_unsure_name_is_not_read_again() -> None:
    from ocr.corroborate import settle_by_rereading
    # A fax's blur made the ID and a second reading of the letter err alike (鞭 for 葵):
    # the letter's unsure reading was the right one, and it stays aside, null.
    docs = _envelope({"name": "佐々木葵"}, {}, {"name": "佐々木鞭"})
    asked, reread = _reread_as("佐々木鞭")
    settle_by_rereading(docs, reread)
    assert asked == [] and docs[0].fields["name"] is None


def test_a_value_the_power_of_attorney_reads_alike_is_not_undone_by_one_id() -> None:
    from ocr.corroborate import settle_by_rereading
    from ocr.model import Document
    letter = Document("request_letter", [1], {"agent_birth_date": "1999-08-10"})
    poa = Document("power_of_attorney", [2], {"agent_birth_date": "1999-08-10"})
    card = Document("drivers_license", [3], {"name": "吉田健一", "birth_date": "1999-08-01"})
    settle_by_rereading([letter, poa, card], _reread_as("幸成1年8月16日")[1])
    assert letter.fields["agent_birth_date"] == "1999-08-10"
    assert poa.fields["agent_birth_date"] == "1999-08-10"


def test_a_known_confusion_is_only_ever_confirmed_by_rereading() -> None:
    from ocr.corroborate import settle_by_rereading
    docs = _envelope({}, {"name": "高野健大"}, {"name": "高野健太"})
    settle_by_rereading(docs, _reread_as("高野健太")[1])
    assert docs[0].fields["name"] == "高野健太" and docs[0].confirmed == ["name"]
    # 大/太 the rules already take for one name, with a review point: not nulled.
    docs = _envelope({}, {"name": "高野健大"}, {"name": "高野健太"})
    settle_by_rereading(docs, _reread_as("高野健人")[1])
    assert docs[0].fields["name"] == "高野健大" and not docs[0].doubts


# ---------------------------------------------------------------- mail

def test_a_reply_is_read_without_the_message_it_quotes() -> None:
    from intake.mail import own_text
    body = ("承知しました。郵送いたします。\n山田太郎\n\n"
            "2026年11月28日(土) 10:00 お客様相談室 <desk@onet.example>:\n"
            "> 開示等のご請求は郵送でお願いいたします。\n> 株式会社オーネット 担当 鈴木一郎")
    assert own_text(body) == "承知しました。郵送いたします。\n山田太郎"
    assert own_text("開示をお願いします。\n-----Original Message-----\n個人情報の開示") == \
        "開示をお願いします。"
    assert own_text("よろしく\n> 引用\n＞ 引用") == "よろしく"


def test_the_writer_who_introduces_themself_is_named() -> None:
    text = ("開示のお願い\nお世話になっております。会員の山田太郎と申します。\n"
            "私の個人情報の開示をお願いします。")
    assert extract_document("request_letter", text).fields["name"] == "山田太郎"
    assert extract_document("request_letter", "開示請求\nよろしくお願いいたしますと申します") \
        .fields["name"] is None


def test_red_ink_goes_white_and_black_text_under_it_stays() -> None:
    import numpy as np
    from PIL import Image, ImageDraw

    from ocr.seal import without_red
    page = Image.new("RGB", (300, 200), (250, 248, 240))
    draw = ImageDraw.Draw(page)
    draw.rectangle((40, 90, 260, 110), fill=(10, 10, 10))  # a stroke of black text
    draw.ellipse((100, 40, 200, 160), outline=(205, 35, 40), width=8)  # a seal's ring
    # JPEG-like fringe: lighter, less saturated red just outside the ring
    draw.ellipse((96, 36, 204, 164), outline=(225, 120, 120), width=2)
    draw.rectangle((140, 95, 160, 105), fill=(60, 10, 10))  # black under red ink
    out = np.asarray(without_red(page))
    ring = np.asarray(page)[..., 0] > 180
    ring &= np.asarray(page)[..., 1] < 80
    assert (out[ring] == 255).all()  # the seal's ink is gone
    assert (out[90:111, 40:90] < 40).all() and (out[95:106, 140:161] < 80).all()  # text stays


def test_two_columns_split_where_the_label_comes_again_even_misread_and_wraps_split_too() -> None:
    from ocr.fields import extract_document
    text = ("開示等のご請求\n2026年11月20日\n株式会社オーネット御中\n【ご本人】 【代理人】\n"
            "氏名 : 木村さくら殿名 : 山田雄一\n"
            "生年月日昭和34年4月3日生年月日昭和45年10月24日\n"
            "住所 : 大阪府大阪市北区梅田8-12住所 : 愛知県名古屋市中区栄6丁目2\n"
            "-11 3番11号\n"
            "請求者 □本人 □法定代理人 ■任意代理人\n"
            "ご請求 □開示 ■訂正 ■削除 ■利用停止 □第三者提供の停止\n")
    from ocr.classify import classify
    assert classify(text) == "request_letter"  # asks, and offers the request types
    f = extract_document("request_letter", text, seals=1).fields
    assert (f["name"], f["agent_name"]) == ("木村さくら", "山田雄一")
    assert (f["address"], f["agent_address"]) == ("大阪府大阪市北区梅田8-12-11",
                                                  "愛知県名古屋市中区栄6-23-11")


def test_labels_heading_their_columns_give_the_values_in_the_row_below() -> None:
    from ocr.fields import is_header_label
    from ocr.layout import headed_columns
    # お名前 | 生年月日 | 電話番号 | 印, centred in their cells; values left in theirs.
    words = [w("お名前", 300, 100, 120), w("|", 700, 100, 4), w("生年月日", 980, 100, 160),
             w("電話番号", 1620, 100, 160), w("印", 2060, 100, 40),
             w("吉田", 120, 200, 80), w("奈々", 210, 200, 80), w("|", 700, 200, 4),
             w("昭和34年6月24日", 800, 200, 420), w("080-7684-8077", 1450, 200, 380),
             w("ご住所", 120, 300, 120), w("東京都杉並区", 500, 300, 300)]
    lines = [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9], [10, 11]]
    got = [[words[i].text for i in row] for row in
           headed_columns(words, lines, is_header_label)]
    assert got == [["お名前", "吉田", "奈々"], ["生年月日", "昭和34年6月24日"],
                   ["電話番号", "080-7684-8077"], ["印"], ["ご住所", "東京都杉並区"]]
    # A row of words that are not labels is left as it is.
    prose = [[5, 6, 8], [10, 11]]
    assert headed_columns(words, prose, is_header_label) == prose


def test_rings_are_whitened_and_the_words_inside_them_kept() -> None:
    from ocr.marks import without_rings
    gray, _words = _form(["none", "none", "none"], ring=1)
    cleared, rings = without_rings(gray, H)
    assert len(rings) == 1
    assert [m.kind for m in find_marks(cleared, H)] == []  # the ring is gone
    # Every letter stays: only the ring's own pixels turned white.
    letters = np.asarray(_form(["none", "none", "none"])[0])
    assert np.array_equal(cleared, letters)
    # A page without rings comes back as it was.
    assert without_rings(letters, H) == (letters, [])


def test_a_ring_marks_only_the_words_it_holds_up_and_down_too() -> None:
    # A ring round 本人 in the role row; the heading below it, ご本人, is no option.
    image = Image.new("L", (900, 300), 255)
    d = ImageDraw.Draw(image)
    f = ImageFont.truetype(FONT, H)
    d.text((100, 60), "本人", font=f, fill=0)
    d.text((400, 60), "法定代理人", font=f, fill=0)
    d.ellipse((82, 42, 200, 122), outline=0, width=4)
    d.text((100, 150), "請求者（ご本人）", font=f, fill=0)
    words = [w("本人", 100, 62, 84, line=0), w("法定代理人", 400, 62, 200, line=0),
             w("請求者(ご本人)", 100, 152, 360, line=1)]
    out = rewrite(np.asarray(image), words, [[0, 1], [2]])
    assert [x.text for x in out] == ["■本人", "□法定代理人", "請求者(ご本人)"]


def test_the_stroke_width_of_a_page_tells_thin_strokes_from_bold() -> None:
    from ocr.reader import THIN_STROKE_PX, stroke_width
    mincho = "/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf"
    bold = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
    widths = {}
    for name, font, size in (("thin", mincho, 46), ("bold", bold, 46)):
        image = Image.new("L", (1200, 200), 255)
        ImageDraw.Draw(image).text((20, 40), "個人情報の開示を請求します", font=ImageFont.truetype(
            font, size), fill=0)
        widths[name] = stroke_width(np.asarray(image.point(lambda v: 255 if v > 128 else 0)))
    # Thin 1-bit strokes (a Mincho at 11 pt) are thickened before OCR; a bold face's are
    # left as they are.
    assert widths["thin"] < THIN_STROKE_PX <= widths["bold"], widths


def test_ink_after_a_lines_last_word_that_no_word_holds_is_a_letter_left_unread() -> None:
    from ocr.layout import unread_after
    words = [Word("山田", 0.9, (100, 100, 80, 40), 0), Word("健", 0.9, (200, 100, 40, 40), 0),
             Word("電話", 0.9, (100, 200, 80, 40), 1)]
    ink = np.zeros((400, 600), dtype=bool)
    ink[100:140, 100:240] = True  # the words read
    ink[200:240, 100:180] = True
    ink[118:122, 246:280] = True  # a thin 一 after 健, which tesseract dropped
    assert unread_after(ink, words, [w.line for w in words]) == {1}
    # A seal beside the name is taller than the line: no letter left out.
    ink[118:122, 246:280] = False
    ink[60:180, 250:254] = True
    assert unread_after(ink, words, [w.line for w in words]) == set()
    # One stamped over the name's end (black, on a 1-bit scan) may hide more of it.
    ink[60:180, 250:254] = False
    ink[60:180, 238:300] = True
    assert unread_after(ink, words, [w.line for w in words]) == {1}
    ink[60:180, 238:300] = False
    # Nor is a rule that runs on past the name.
    ink[60:180, 250:254] = False
    ink[136:139, 246:600] = True
    assert unread_after(ink, words, [w.line for w in words]) == set()


def test_ink_before_a_lines_first_word_that_no_word_holds_is_a_letter_left_unread() -> None:
    from ocr.layout import unread_before
    words = [Word("子恵美", 0.9, (200, 100, 120, 40), 0), Word("電話", 0.9, (200, 200, 80, 40), 1)]
    lines = [w.line for w in words]
    ink = np.zeros((400, 600), dtype=bool)
    ink[100:140, 200:320] = True  # the words read
    ink[200:240, 200:280] = True
    ink[100:140, 150:190] = True  # the 金 of 金子恵美, which tesseract dropped
    assert unread_before(ink, words, lines) == {0}
    # A rule running in from the left margin, a seal taller than the line, a speck:
    # no letter.
    ink[100:140, 150:190] = False
    for cut in ((slice(136, 139), slice(0, 196)), (slice(40, 200), slice(170, 176)),
                (slice(118, 122), slice(180, 184))):
        ink[cut] = True
        assert unread_before(ink, words, lines) == set()
        ink[cut] = False
    # Ink far before the word (a label across the gap of a form) is no lost letter.
    ink[100:140, 20:60] = True
    assert unread_before(ink, words, lines) == set()


def test_a_page_written_in_columns_is_told_from_one_in_rows_and_faint_print_is_no_blank() -> None:
    from ocr.reader import is_blank, looks_vertical
    rows_page = Image.new("L", (600, 800), 250)
    d = ImageDraw.Draw(rows_page)
    for y in range(100, 700, 60):
        d.rectangle((60, y, 540, y + 25), fill=150)  # lines of faint print across
    cols_page = rows_page.transpose(Image.Transpose.ROTATE_90)
    assert not looks_vertical(rows_page) and looks_vertical(cols_page)
    assert not is_blank(rows_page)
    assert is_blank(Image.new("L", (600, 800), 250))


def test_option_words_in_a_sentence_are_no_list_to_tick() -> None:
    from ocr.marks import find_options
    ink = np.zeros((200, 1200), dtype=bool)
    ink[40:80, 100:1100] = True  # a line of prose: ink everywhere before every word
    words = [Word("下記の本人の法定代理人として、本人の個人情報の", 0.9, (100, 40, 1000, 40), 0)]
    options = find_options(words, [0], [], ink)
    assert options and all(o.verdict is None for o in options)
    # The same words as a list, one ticked in the space before it.
    words = [Word("本人", 0.9, (300, 40, 80, 40), 0),
             Word("法定代理人", 0.9, (500, 40, 200, 40), 0),
             Word("任意代理人", 0.9, (800, 40, 200, 40), 0)]
    ink[:] = False
    ink[45:78, 460:490] = True  # a tick before 法定代理人
    verdicts = [o.verdict for o in find_options(words, [0, 1, 2], [], ink)]
    assert verdicts == ["□", "■", "□"]


def _two_party_table(agent_name: list[Word]) -> list[str]:
    """A table with the person's column and the agent's, the agent's name read as the
    words given, and a sentence under it: its rows as party_columns gives them."""
    from ocr.fields import is_header_label, party_caption
    from ocr.layout import party_columns
    words = [Word("請求者本人", 0.9, (600, 100, 200, 40), 0),
             Word("代理人", 0.9, (1400, 100, 120, 40), 0),
             Word("氏名", 0.9, (100, 180, 80, 40), 1),
             Word("長谷川七海", 0.9, (420, 180, 200, 40), 1), *agent_name,
             Word("生年月日", 0.9, (100, 260, 160, 40), 2),
             Word("平成2年7月17日", 0.9, (420, 260, 300, 40), 2),
             Word("昭和62年11月8日", 0.9, (1220, 260, 300, 40), 2),
             Word("本人確認書類の写しを添付します。", 0.9, (100, 600, 700, 40), 3)]
    n = len(agent_name)
    lines = [[0, 1], [2, 3, *range(4, 4 + n)], [4 + n, 5 + n, 6 + n], [7 + n]]
    got = party_columns(words, lines, party_caption, is_header_label)
    return ["".join(words[i].text for i in row) for row in got]


def test_a_table_with_the_person_and_the_agent_side_by_side_becomes_two_sections() -> None:
    text = _two_party_table([Word("千葉大和", 0.9, (1220, 180, 160, 40), 1)])
    assert text == ["請求者本人", "氏名長谷川七海", "生年月日平成2年7月17日", "代理人",
                    "氏名千葉大和", "生年月日昭和62年11月8日", "本人確認書類の写しを添付します。"]
    f = extract_document("request_letter", "請求書\n" + "\n".join(text), 1).fields
    assert (f["name"], f["agent_name"], f["agent_birth_date"]) == ("長谷川七海", "千葉大和",
                                                                 "1987-11-08")


def test_a_row_of_ruled_cells_round_a_date_is_whitened_and_its_text_kept() -> None:
    from ocr.cleanup import without_cell_rows
    page = Image.new("L", (1200, 400), 250)
    d = ImageDraw.Draw(page)
    x = 200
    for w in (150, 110, 70, 90, 70, 90, 70):  # 昭和 | 60 | 年 | 5 | 月 | 1 | 日
        d.rectangle((x, 100, x + w, 160), outline=0, width=2)
        d.rectangle((x + w // 2 - 8, 115, x + w // 2 + 8, 145), fill=0)  # the value
        x += w
    d.rectangle((300, 250, 340, 290), outline=0, width=3)  # a tick box: a mark, kept
    out = without_cell_rows(np.asarray(page))
    assert out[100, 210:840].min() == 255 and out[130, 200] == 255  # the rules are gone
    assert out[130, 275] == 0 and out[270, 300] == 0  # the values and the tick box stay


def test_a_tables_column_rules_are_whitened_and_a_lone_stroke_and_the_text_kept() -> None:
    from ocr.cleanup import without_column_rules
    page = Image.new("L", (1400, 700), 250)
    d = ImageDraw.Draw(page)
    for top in (100, 220, 340):  # three rows 9 mm high, their horizontal rules gone
        for x in (100, 400, 1300):
            d.line((x, top + 6, x, top + 100), fill=0, width=3)
        d.rectangle((440, top + 30, 700, top + 70), fill=0)  # the value in its cell
    d.line((900, 500, 900, 590), fill=0, width=6)  # a title's long stroke: alone, kept
    d.rectangle((300, 520, 340, 560), outline=0, width=3)  # a tick box, kept
    out = without_column_rules(np.asarray(page))
    assert out[150, 400] == 255 and out[270, 100] == 255 and out[400, 1300] == 255
    assert out[150, 500] == 0 and out[545, 900] == 0 and out[540, 300] == 0


def test_a_filled_box_on_a_faint_scan_stays_ink_when_the_page_is_flattened() -> None:
    # A faint scan prints at mid grey: a box filled solid that grey is no shading.
    page = Image.new("L", (600, 300), 250)
    d = ImageDraw.Draw(page)
    d.rectangle((100, 100, 145, 145), fill=120)  # a filled tick box, 4 mm
    d.rectangle((300, 100, 345, 145), outline=120, width=3)  # an empty one
    from ocr.cleanup import MARKS_WINDOW_MM
    flat = flatten(np.asarray(page), window_mm=MARKS_WINDOW_MM)
    assert flat[110:135, 110:135].mean() < 200
    boxes = sorted((m.left, m.fill) for m in find_marks(flat, 45))
    assert [left for left, _ in boxes] == [100, 300] and boxes[0][1] > 0.5 > boxes[1][1]


def _underlined_row(under: str, touching: bool = False) -> tuple[list[Word], np.ndarray]:
    """Three options in a row, the last set lower as on a page turned a little; `under`
    names the option a line is drawn under (run into its letters' feet, as a fax
    thickens it, if `touching`), or is empty."""
    image = Image.new("L", (1200, 220), 255)
    d = ImageDraw.Draw(image)
    f = ImageFont.truetype(FONT, H)
    words = []
    for n, (label, x) in enumerate((("開示", 100), ("訂正", 400), ("削除", 700))):
        y = 60 + 6 * n
        d.text((x, y), label, font=f, fill=0)
        width = int(d.textlength(label, font=f))
        if label in under.split(","):
            low = y + H - (4 if touching else -3)
            d.line((x - 4, low, x + width + 4, low + 2), fill=0, width=6 if touching else 4)
        words.append(w(label, x, y, width))
    return words, np.asarray(image) < 140


def test_a_line_under_an_option_marks_it_and_the_feet_of_letters_do_not() -> None:
    for under, touching in (("開示", False), ("削除", False), ("開示", True), ("訂正", True)):
        words, ink = _underlined_row(under, touching)
        verdicts = [o.verdict for o in find_options(words, [0, 1, 2], [], ink)]
        assert verdicts == ["■" if label == under else "□" for label in ("開示", "訂正", "削除")]
    # No line at all: the lowest option's own strokes (削除, set lower) are no underline.
    words, ink = _underlined_row("")
    assert all(o.verdict is None for o in find_options(words, [0, 1, 2], [], ink))
    # A line under every one: a printed rule, or all chosen — not told (tuning D 7007:
    # the row left as prose, the page's other row made them unchosen).
    words, ink = _underlined_row("開示,訂正,削除")
    assert [o.verdict for o in find_options(words, [0, 1, 2], [], ink)] == ["？"] * 3


def test_a_typed_forms_choices_are_read_as_marks() -> None:
    from ocr.marks import typed_choices
    text = typed_choices("請求者 ☑本人 ☐法定代理人 ☐任意代理人\n請求の内容 ○開示 ●訂正 ◉削除\n"
                         "●住所：東京都")
    assert marked_role(text) == (True, "self")
    assert request_types(text) == ["correction", "deletion"]
    assert text.endswith("●住所：東京都")  # a bullet before what is no option stays


def test_an_option_word_opening_a_phrase_is_no_option_even_beside_box_shapes() -> None:
    # 日 and 0 are box-like shapes in a row of a label and a date: 本人の is a phrase.
    words = [Word("本人の生年月日", 0.9, (50, 1537, 320, 42), 0),
             Word("昭和44年10月27日", 0.9, (448, 1537, 390, 42), 0)]
    marks = [Mark(336, 1541, 367, 1578, "box", 0.16), Mark(796, 1541, 827, 1578, "box", 0.16)]
    assert find_options(words, [0, 1], marks) == []
    # Options one after another with nothing between are still options.
    words = [Word("開示訂正削除", 0.9, (400, 100, 240, 40), 0)]
    assert [o.word for o in find_options(words, [0], [])] == ["開示", "訂正", "削除"]


def _circled(size: tuple[int, int], texts: list[tuple[str, int, int]],
             rings: list[tuple[int, int, int, int]],
             width: int = 4) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    """A page of words drawn where `texts` says, with loops drawn round the boxes in
    `rings`; and its drawing, for more to be added."""
    image = Image.new("L", size, 255)
    d = ImageDraw.Draw(image)
    f = ImageFont.truetype(FONT, H)
    for text, x, y in texts:
        d.text((x, y), text, font=f, fill=0)
    for box in rings:
        d.ellipse(box, outline=0, width=width)
    return image, d


def test_a_ring_round_no_option_that_was_read_makes_that_choice_unknown() -> None:
    # The requester's kind circled, and two request types; reading lost the second
    # type's row but for its ring.
    image, _d = _circled((1400, 700), [("本人", 100, 80), ("法定代理人", 500, 80),
                                       ("開示", 100, 380), ("削除", 500, 380),
                                       ("利用停止", 100, 560)],
                         [(80, 60, 220, 140), (480, 360, 620, 440), (80, 540, 300, 620)])
    words = [w("本人", 100, 82, 80, line=0), w("法定代理人", 500, 82, 200, line=0),
             w("開示", 100, 382, 80, line=1), w("削除", 500, 382, 80, line=1)]
    out = rewrite(np.asarray(image), words, [[0, 1], [2, 3]])  # 利用停止 was not read
    assert [x.text for x in out] == ["■本人", "□法定代理人", "？開示", "？削除"]
    text = " ".join(x.text for x in out)
    assert request_types(text) == [] and marked_role(text) == (True, "self")


def test_a_loop_run_into_the_letters_it_rounds_is_a_ring_and_only_it_is_whitened() -> None:
    from ocr.marks import without_rings
    image, d = _circled((900, 300), [("利用停止", 112, 110)], [(100, 80, 290, 180)], width=5)
    d.line((100, 128, 118, 128), fill=0, width=5)  # the loop runs into 利's first stroke
    gray = np.asarray(image)
    out, rings = without_rings(gray, H)
    assert len(rings) == 1 and rings[0].kind == "ring"
    assert out[130, 100] == 255 and out[82, 195] == 255  # the loop is gone
    letters = gray[112:150, 125:280] < 140
    assert (out[112:150, 125:280] < 140).sum() >= 0.95 * letters.sum()  # the letters stay


def test_a_header_row_with_dust_between_its_labels_still_heads_its_columns() -> None:
    from ocr.fields import is_header_label
    from ocr.layout import headed_columns
    words = [w("氏名", 100, 100, 60, 30, 0), w('3"', 400, 100, 20, 30, 0),
             w("フリガナ", 1200, 100, 110, 30, 0),
             w("三浦遥", 140, 160, 150, 40, 1), w("ミウラハルカ", 1240, 160, 220, 40, 1)]
    rows = headed_columns(words, [[0, 1, 2], [3, 4]], is_header_label)
    texts = ["".join(words[i].text for i in row) for row in rows]
    assert "氏名三浦遥" in texts and "フリガナミウラハルカ" in texts


def _leader_page(paper: int = 255) -> Image.Image:
    image = Image.new("L", (1600, 400), paper)
    d = ImageDraw.Draw(image)
    f = ImageFont.truetype(FONT, H)
    d.text((100, 100), "氏　名", font=f, fill=0)
    for x in range(260, 760, 22):  # a leader of dots to the value
        d.ellipse((x, 132, x + 4, 136), fill=0)
    d.text((780, 100), "山田太郎", font=f, fill=0)
    d.text((100, 250), "ご本人の、ご住所・お電話。「記」", font=f, fill=0)  # dots of text
    return image


def test_a_dotted_leader_is_whitened_and_the_dots_of_text_are_kept() -> None:
    from ocr.cleanup import without_dotted_lines
    for paper in (255, 200):
        page = _leader_page(paper)
        out = without_dotted_lines(np.asarray(page))
        before = np.asarray(page)
        assert (out[120:150, 250:770] < paper - 60).sum() == 0  # the leader is gone
        assert (out[:, :250] == before[:, :250]).all() and (out[:, 770:] == before[:, 770:]).all()
        assert (out[200:] == before[200:]).all()  # 、・。「」 of a line of text stay


def test_dust_is_whitened_on_a_dusty_page_and_a_clean_or_faint_page_is_left_alone() -> None:
    from ocr.cleanup import despeckled
    rng = np.random.default_rng(3)
    page = Image.new("L", (1200, 1200), 250)
    ImageDraw.Draw(page).text((100, 100), "個人情報の開示を請求します。",
                              font=ImageFont.truetype(FONT, H), fill=0)
    clean = np.asarray(page)
    assert despeckled(clean) is clean
    # Light print: its strokes stay.
    faint = np.asarray(page.point(lambda v: 250 - (250 - v) * 0.4))
    assert despeckled(faint) is faint
    dusty = clean.copy()
    ys, xs = rng.integers(0, 1190, 3000), rng.integers(0, 1190, 3000)
    for y, x in zip(ys, xs, strict=True):
        dusty[y:y + 2, x:x + 2] = 0
    text = clean < 128
    out = despeckled(dusty)
    assert ((out < 128) & ~text).sum() < 0.1 * ((dusty < 128) & ~text).sum()
    assert ((out < 128) & text).sum() >= 0.98 * text.sum()


def test_shapes_are_numbered_in_16_bits_and_a_page_of_more_shapes_than_that_still_counts() -> None:
    from ocr.cleanup import components
    few = np.zeros((300, 300), np.uint8)
    few[10:20, 10:20] = few[50:60, 200:210] = 1
    count, labels, stats, _ = components(few)
    assert count == 3 and labels.dtype == np.uint16 and stats[1:, 4].tolist() == [100, 100]
    dust = np.zeros((1000, 1000), np.uint8)
    dust[::3, ::3] = 1  # 111,556 specks: more than 16 bits can number
    count, labels, _stats, _ = components(dust)
    assert count == 111_557 and labels.max() == 111_556


def test_dust_on_a_box_or_in_it_neither_hides_the_box_nor_marks_it() -> None:
    image = Image.new("L", (700, 160), 255)
    d = ImageDraw.Draw(image)
    f = ImageFont.truetype(FONT, H)
    for x, hatched in ((40, True), (260, False), (480, False)):
        if hatched:  # a pen's hatching across the box, aslant
            for k in range(0, 72, 8):
                d.line((x + k - 36, 96, x + k, 60), fill=0, width=2)
            d.rectangle((x - 40, 50, x - 1, 100), fill=255)
            d.rectangle((x + 37, 50, x + 80, 100), fill=255)
        d.rectangle((x, 60, x + 36, 96), outline=0, width=3)
        d.text((x + 49, 58), "本人", font=f, fill=0)
    d.rectangle((40, 53, 43, 59), fill=0)  # a speck on the hatched box's top edge
    d.rectangle((254, 75, 259, 78), fill=0)  # one on the empty box's side
    d.rectangle((490, 72, 492, 74), fill=0)  # and two in the last box
    d.rectangle((500, 84, 501, 85), fill=0)
    boxes = sorted((m for m in find_marks(np.asarray(image), H) if m.kind == "box"),
                   key=lambda m: m.left)
    assert [abs(m.left - x) <= 3 and abs(m.top - 60) <= 3
            for m, x in zip(boxes, (40, 260, 480), strict=True)] == [True, True, True]
    assert boxes[0].fill >= 0.08 and boxes[1].fill <= 0.03 and boxes[2].fill <= 0.03


def test_an_underline_is_whitened_and_a_loop_a_table_and_the_letters_kept() -> None:
    from ocr.cleanup import without_underlines
    # A hand's loop drawn wide and flat: its bottom arc runs straight for a while.
    image, d = _circled((1400, 700), [("第三者提供の停止", 100, 100), ("利用停止", 812, 110)],
                        [(660, 88, 1130, 178)], width=5)
    d.line((95, 143, 420, 143), fill=0, width=4)  # under the words, touching their feet
    d.rectangle((100, 300, 1300, 600), outline=0, width=3)  # a table
    d.line((100, 450, 1300, 450), fill=0, width=3)
    d.text((150, 380), "氏名", font=ImageFont.truetype(FONT, H), fill=0)
    gray = np.asarray(image)
    out = without_underlines(gray)
    assert out[143, 110:400].min() == 255  # the underline is gone
    assert out[176, 895] < 140 and out[450, 700] < 140 and out[300, 700] < 140  # loop, table
    letters = gray[100:138, 100:420] < 140
    assert (out[100:138, 100:420] < 140).sum() >= 0.9 * letters.sum()
    assert (out[380:430, 150:240] < 140).sum() == (gray[380:430, 150:240] < 140).sum()


def test_a_word_box_stretched_over_a_seal_does_not_end_the_two_party_table() -> None:
    # The agent's name read with a seal's ink left of it: its box reaches back across
    # the middle of the table, far wider than its two letters.
    text = _two_party_table([Word("千葉", 0.9, (1000, 180, 330, 40), 1),
                             Word("大和", 0.9, (1340, 180, 80, 40), 1)])
    assert text[3:5] == ["代理人", "氏名千葉大和"]


def test_a_cross_drawn_bigger_than_its_box_marks_it_and_kanji_with_legs_are_no_boxes() -> None:
    image = Image.new("L", (900, 200), 255)
    d = ImageDraw.Draw(image)
    f = ImageFont.truetype(FONT, H)
    for x, crossed in ((60, True), (360, False)):
        d.rectangle((x, 80, x + 36, 116), outline=0, width=3)
        if crossed:  # an X whose arms reach well beyond the box's corners
            d.line((x - 14, 66, x + 50, 130), fill=0, width=4)
            d.line((x - 12, 128, x + 48, 68), fill=0, width=4)
        d.text((x + 70, 78), "本人", font=f, fill=0)
    d.text((600, 78), "開 問 門", font=f, fill=0)
    boxes = sorted((m for m in find_marks(np.asarray(image), H) if m.kind == "box"),
                   key=lambda m: m.left)
    assert [(abs(m.left - x) <= 3, abs(m.top - 80) <= 3) for m, x in
            zip(boxes, (60, 360), strict=True)] == [(True, True), (True, True)]
    assert boxes[0].fill >= 0.08 and boxes[1].fill <= 0.03


def test_a_loop_drawn_round_an_empty_box_and_its_word_is_a_ring_that_marks_it() -> None:
    import random

    from ocr.marks import find_options
    from tests.corpus.variety import _loop
    image, d = _circled((1000, 220), [("本人", 130, 80), ("法定代理人", 430, 80)], [])
    for x in (88, 388):
        d.rectangle((x, 86, x + 34, 120), outline=0, width=3)
    # A hand's loop, its ends overrunning, drawn close round the box and the word.
    _loop(d, (160, 103), 92, 38, random.Random("c"))  # (it runs into the box)
    marks = find_marks(np.asarray(image), H)
    assert [m.kind for m in marks if m.kind == "ring"] == ["ring"]
    words = [w("口本人", 88, 80, 90), w("口法定代理人", 388, 80, 240)]
    options = find_options(words, [0, 1], marks)
    assert [(o.word, o.verdict) for o in options] == [("本人", "■"), ("法定代理人", "□")]


def test_strokes_run_out_of_a_box_are_whitened_and_the_box_and_letters_kept() -> None:
    from ocr.marks import without_overruns
    image = Image.new("L", (900, 200), 255)
    d = ImageDraw.Draw(image)
    f = ImageFont.truetype(FONT, H)
    d.rectangle((60, 80, 96, 116), outline=0, width=3)
    d.line((46, 66, 110, 130), fill=0, width=4)  # an X overrunning the box up to 開示
    d.line((46, 130, 110, 66), fill=0, width=4)
    d.text((108, 78), "開示", font=f, fill=0)
    d.rectangle((360, 80, 396, 116), outline=0, width=3)  # an empty box, untouched
    d.text((404, 78), "訂正", font=f, fill=0)
    gray = np.asarray(image)
    out, count, boxes = without_overruns(gray, H)
    assert (count, boxes) == (1, 2)
    assert out[66:72, 46:52].min() == 255 and out[129, 47] == 255  # the arms are gone
    assert out[98, 60] == 0 and out[80, 78] == 0 and out[98, 78] == 0  # box and cross stay
    assert (out[:, 360:480] == gray[:, 360:480]).all()


def test_a_loops_end_read_as_letters_after_its_word_still_makes_the_word_its_option() -> None:
    from ocr.marks import find_options
    image, _d = _circled((1000, 220), [("開示", 112, 80), ("訂正", 430, 80)],
                         [(90, 56, 230, 146)], width=4)
    marks = find_marks(np.asarray(image), H)
    # The loop's right end read as ココ after 開示.
    words = [w("開示ココ", 112, 80, 120), w("訂正", 430, 80, 80)]
    options = find_options(words, [0, 1], marks)
    assert [(o.word, o.verdict) for o in options] == [("開示", "■"), ("訂正", "□")]


def test_empty_boxes_with_a_pens_stroke_along_their_row_cannot_be_told() -> None:
    from ocr.marks import find_options
    image = Image.new("L", (1000, 240), 255)
    d = ImageDraw.Draw(image)
    f = ImageFont.truetype(FONT, H)
    for x, word in ((60, "開示"), (360, "訂正")):
        d.rectangle((x, 86, x + 34, 120), outline=0, width=3)
        d.text((x + 46, 80), word, font=f, fill=0)
    words = [w("口開示", 60, 80, 126), w("口訂正", 360, 80, 126)]
    plain = find_options(words, [0, 1], find_marks(np.asarray(image), H),
                         np.asarray(image) < 140)
    assert [o.verdict for o in plain] == ["□", "□"]
    # The bottom of a loop that ran into the next row's (so no ring was found whole).
    d.arc((40, 40, 220, 150), 20, 160, fill=0, width=4)
    d.line((60, 150, 200, 150), fill=0, width=4)
    gray = np.asarray(image)
    stroked = find_options(words, [0, 1], find_marks(gray, H), gray < 140)
    assert [o.verdict for o in stroked] == ["？", "？"]


def test_a_header_split_into_lines_of_its_own_with_dust_after_it_still_heads_its_columns() -> None:
    from ocr.fields import is_header_label
    from ocr.layout import headed_columns
    # tesseract gave each label a line, read 生年月日 without its 日, a speck as ・ beside
    # it, and a speck under 印 as a line of its own before the values.
    words = [w("お名前", 500, 920, 110, 36, 0), w("生年月", 1180, 920, 130, 36, 1),
             w("・", 1330, 940, 6, 4, 1), w("電話番号", 1750, 920, 150, 36, 2),
             w("印", 2130, 920, 32, 34, 3), w(";", 2150, 1000, 8, 1, 4),
             w("遠藤健一", 250, 1020, 200, 45, 5), w("昭和48年2月5日", 940, 1020, 360, 45, 5),
             w("070-7131-5822", 1620, 1020, 360, 36, 5)]
    lines = [[0], [1, 2], [3], [4], [5], [6, 7, 8]]
    texts = ["".join(words[i].text for i in row)
             for row in headed_columns(words, lines, is_header_label)]
    assert "お名前遠藤健一" in texts and "生年月昭和48年2月5日" in texts
    assert "電話番号070-7131-5822" in texts
    # Words that only stand in one row are not a header: lines of labels alone, each
    # the only one on its row, stay as they are.
    stacked = [w("氏名", 100, 100, 60), w("住所", 100, 200, 60), w("山田", 300, 300, 60)]
    assert headed_columns(stacked, [[0], [1], [2]], is_header_label) == [[0], [1], [2]]


def test_a_label_of_four_letters_with_its_last_lost_still_heads_a_column() -> None:
    from ocr.fields import is_header_label
    assert is_header_label("生年月") and is_header_label("生年月日")
    assert not is_header_label("生年") and not is_header_label("名")


def test_an_option_that_ends_its_row_without_its_last_letter_is_the_option() -> None:
    # 第三者提供の停止 circled, its 止 lost where the loop's end ran over it.
    image, _d = _circled((1200, 220), [("第三者提供の停止", 120, 80)], [(90, 56, 560, 146)])
    words = [w("第三者提供の停", 120, 80, 360)]
    got = " ".join(x.text for x in rewrite(np.asarray(image), words, [[0]]))
    assert got == "■第三者提供の停止"
    # A row that merely ends like an option's start is left as it was.
    words = [w("利用停", 120, 80, 150)]
    assert [x.text for x in rewrite(np.asarray(image), words, [[0]])] == ["利用停"]


def test_a_faint_page_is_levelled_to_black_ink_and_a_dark_one_left_as_it_is() -> None:
    from ocr.cleanup import levelled
    page = Image.new("L", (800, 200), 250)
    ImageDraw.Draw(page).text((40, 60), "山田太郎", font=ImageFont.truetype(FONT, 60), fill=140)
    faint = np.asarray(page)
    out = levelled(faint)
    assert out.min() < 30 and np.percentile(out, 50) == 255  # ink black, paper white
    dark = np.where(faint < 200, 30, faint).astype(np.uint8)
    assert levelled(dark) is dark
    # A scan lit unevenly is darker across one side, but its ink is black.
    ramp = (dark * np.linspace(1.0, 0.75, 800)[None, :]).astype(np.uint8)
    assert levelled(ramp) is ramp
    # A card copied onto a page: little of the page, its print black on its grey.
    card = np.full((800, 800), 250, np.uint8)
    card[100:300, 100:420] = 160
    for y in range(120, 290, 30):
        card[y:y + 6, 120:400] = 10
    assert levelled(card) is card
    blank = np.full((200, 800), 250, np.uint8)
    assert levelled(blank) is blank


def test_channel_extremes_are_each_pixels_least_and_greatest_channel() -> None:
    from ocr.seal import channel_extremes
    rng = np.random.default_rng(7)
    for dtype in (np.uint8, np.int16):
        rgb = rng.integers(0, 256, size=(37, 53, 3)).astype(dtype)
        low, high = channel_extremes(rgb)
        assert (low == rgb.min(axis=2)).all() and (high == rgb.max(axis=2)).all()
        assert ((high - low) == rgb.max(axis=2).astype(int) - rgb.min(axis=2)).all()


def test_choices_written_out_after_their_label_are_no_ticks() -> None:
    """請求の内容：開示・第三者提供の停止 — the types the writer asks for, written in
    words: the colon and the ・ before them are print, not ticks (until 2026-12-04 they
    were taken for ticks before some of the words and not others)."""
    from ocr.marks import find_options
    ink = np.zeros((200, 1400), dtype=bool)
    words = [Word("請求の内容", 0.9, (100, 40, 250, 40), 0), Word(":", 0.9, (360, 44, 16, 32), 0),
             Word("開示・第三者提供の停止", 0.9, (400, 40, 561, 40), 0)]
    for x in [*range(100, 350, 9), *range(400, 502, 9), *range(553, 960, 9)]:
        ink[42:78, x:x + 3] = True  # the letters' strokes
    ink[48:58, 362:380] = ink[62:72, 362:380] = True  # the colon, read as a word of its own
    ink[57:64, 524:531] = True  # the ・
    assert all(o.verdict is None for o in find_options(words, [0, 1, 2], [], ink))
    # A list with a tick in the blank before one word is still read as ticked.
    words = [Word("開示", 0.9, (400, 40, 80, 40), 0), Word("訂正", 0.9, (600, 40, 80, 40), 0),
             Word("削除", 0.9, (800, 40, 80, 40), 0)]
    ink[:] = False
    ink[45:78, 560:590] = True
    assert [o.verdict for o in find_options(words, [0, 1, 2], [], ink)] == ["□", "■", "□"]


def test_an_id_read_alike_does_not_confirm_a_name_its_own_reading_cannot_account_for(
) -> None:
    """Tuning J 16010: 伊藤和也 printed in one face on the letter and on the card, read
    伊藤和選 on both. The letter's reading イトウカズヤ has no 選 in it: the two readings
    alike are one misreading, and the name stays aside — neither kept as unsure nor
    found in the words."""
    from ocr.corroborate import corroborate, find_in_words
    from ocr.model import Document

    def envelope(kana: str) -> list[Document]:
        return [Document("request_letter", [1], {"name": None, "kana": kana},
                         doubts=["name"], unsure={"name": "伊藤和選"},
                         text="氏名伊藤和選\nフリガナ" + kana),
                Document("health_insurance_card", [2], {"name": "伊藤和選"})]
    for step in (corroborate, find_in_words):
        docs = envelope("イトウカズヤ")
        step(docs)
        assert docs[0].fields["name"] is None and docs[0].confirmed == [], step
    # Its reading fitting (a name OCR was unsure of, read so by the card too): kept.
    docs = envelope("イトウカズセン")
    corroborate(docs)
    assert docs[0].fields["name"] == "伊藤和選" and docs[0].confirmed == ["name"]


def test_a_name_the_ids_with_one_letter_inside_it_lost_is_set_aside() -> None:
    from ocr.corroborate import corroborate
    docs = _envelope({}, {"agent_name": "岡綾香"}, {"name": "岡田綾香"})
    corroborate(docs)
    letter = docs[0]
    assert letter.fields["agent_name"] is None and letter.unsure["agent_name"] == "岡綾香"
    assert "agent_name" in letter.doubts
    # Another name of the same length, or one two letters apart: not this rule's.
    for read in ("岡本綾香", "岡香"):
        docs = _envelope({}, {"agent_name": read}, {"name": "岡田綾香"})
        corroborate(docs)
        assert docs[0].fields["agent_name"] == read, read
