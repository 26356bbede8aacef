"""Numbers that must not be kept never survive reading."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from ocr.fields import extract
from ocr.redact import MASK, my_number_valid, redact_text, sensitive_boxes
from ocr.tesseract import Word


def with_check_digit(body: str) -> str:
    for d in "0123456789":
        if my_number_valid(body + d):
            return body + d
    raise AssertionError("no check digit")


@given(st.text(alphabet="0123456789", min_size=11, max_size=11))
def test_exactly_one_check_digit_is_valid(body: str) -> None:
    assert sum(my_number_valid(body + d) for d in "0123456789") == 1


def test_my_numbers_are_masked_in_any_grouping_and_others_kept() -> None:
    rng = random.Random(7)
    for _ in range(50):
        number = with_check_digit("".join(rng.choice("0123456789") for _ in range(11)))
        for shown in (number, f"{number[:4]} {number[4:8]} {number[8:]}",
                      f"{number[:4]}-{number[4:8]}-{number[8:]}"):
            text, masked = redact_text(f"個人番号カード {shown} 山田太郎")
            assert masked and number[:4] + number[4:8] not in text.replace(" ", "")
            assert MASK * 12 in text
        wrong = number[:11] + str((int(number[11]) + 1) % 10)
        assert redact_text(f"電話 {wrong}")[0] == f"電話 {wrong}"


def test_licence_number_is_not_mistaken_for_a_my_number() -> None:
    number = with_check_digit("30123456789")
    text, masked = redact_text(f"番号 第{number}号")
    assert not masked and number in text


def test_a_long_number_whose_label_was_garbled_is_masked_and_what_the_desk_keeps_is_not(
) -> None:
    # 住民票コード read as 人必束コード: its eleven digits would have been kept.
    text, masked = redact_text("人必束コード: 1 2345678901 a\n住所 東京都")
    assert masked and "2345678901" not in text.replace(" ", "")
    kept = ("運転免許証 第 123456789012 号", "電話番号 09012345678", "TEL:0312345678",
            "会員番号 M09000", "〒125-9017 昭和41年3月22日生", "090-1234-5678")
    for line in kept:
        assert redact_text(line) == (line, False)


def test_labelled_insurance_and_pension_numbers_are_masked() -> None:
    text, masked = redact_text("記号 1234 番号 5678\n保険者番号 06139999\n基礎年金番号 1234-567890")
    assert masked
    assert "06139999" not in text and "567890" not in text


def test_forbidden_kinds_have_no_number_field_and_licence_numbers_are_masked() -> None:
    for kind in ("my_number_card", "health_insurance_card", "pension_book"):
        assert "number" not in extract(kind, "氏名 山田太郎\n番号 第123456789012号")
    fields = extract("drivers_license", "氏名 山田太郎\n番号 第301234567890号")
    assert fields["number"] == "********7890"


def _words(lines: list[str]) -> list[Word]:
    return [Word(text, 0.9, (100 * i, 50 * n, 90, 40), n)
            for n, line in enumerate(lines) for i, text in enumerate(line.split())]


def test_number_words_under_a_label_on_the_line_above_are_blacked_out() -> None:
    # One digit misread: the check digit fails, and only the label says what it is.
    words = _words(["個人番号", "1234 5678 9O18", "氏名 山田 太郎", "生年月日 昭和60年5月1日"])
    boxes = sensitive_boxes(words)
    assert boxes == [w.box for w in words if w.line == 1]
    # Read correctly it is masked for its check digit, with or without the label.
    assert sensitive_boxes(_words(["1234 5678 9018"])) != []
    assert sensitive_boxes(_words(["氏名 山田 太郎", "電話 03 1234 5678"])) == []


def test_on_a_card_whose_numbers_must_not_be_kept_every_number_but_a_date_goes() -> None:
    """An insurance card scanned grey and blurred: 記号 and 保険者番号 misread, so no
    label says the numbers are sensitive; the card's kind does."""
    text = "健康保険 資格確認書\nLj 12345市3 678\nざ全お市し06139952\n生年月日 昭和45年2月15日\n" \
           "有効期限 2027年7月31日 2027/07/31"
    assert redact_text(text)[0] == text  # the labels alone miss them
    masked, hit = redact_text(text, numbers_forbidden=True)
    assert hit and not any(n in masked for n in ("12345", "678", "06139952"))
    assert "昭和45年2月15日" in masked and "2027年7月31日" in masked and "2027/07/31" in masked
