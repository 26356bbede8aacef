"""Japanese normalisation: NFKC, spacing, 和暦, addresses, names."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocr.address import normalize_address, same_address
from ocr.dates import ERAS, parse_date, to_wareki
from ocr.names import normalize_name, same_name
from ocr.text import join_cjk, kanji_number, normalize, unify_digit_dashes


@pytest.mark.parametrize(("raw", "expected"), [
    ("令和6年5月1日", dt.date(2024, 5, 1)),
    ("令和元年5月1日", dt.date(2019, 5, 1)),
    ("令和 ６年 ５月 １日", dt.date(2024, 5, 1)),
    ("平成三十一年四月三十日", dt.date(2019, 4, 30)),
    ("昭和60年5月1日生", dt.date(1985, 5, 1)),
    ("H2.11.23", dt.date(1990, 11, 23)),
    ("S60.5.1", dt.date(1985, 5, 1)),
    ("R6.5.1", dt.date(2024, 5, 1)),
    ("大正15年12月24日", dt.date(1926, 12, 24)),
    ("明治45年7月29日", dt.date(1912, 7, 29)),
    ("2024年5月1日", dt.date(2024, 5, 1)),
    ("２０２４／０５／０１", dt.date(2024, 5, 1)),
    ("令和十年六月一日まで有効", dt.date(2028, 6, 1)),
])
def test_dates_parse(raw: str, expected: dt.date) -> None:
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw", [
    "平成32年1月1日",   # 平成 ended in its 31st year
    "令和元年4月30日",  # before 令和 began
    "昭和64年1月8日",   # 昭和 ended on 1月7日
    "令和6年2月30日",   # no such day
    "住所不定",
])
def test_dates_outside_their_era_are_none(raw: str) -> None:
    assert parse_date(raw) is None


@given(st.dates(min_value=dt.date(1868, 1, 25), max_value=dt.date(2100, 12, 31)))
def test_wareki_round_trip(day: dt.date) -> None:
    assert parse_date(to_wareki(day)) == day


def test_era_table_is_contiguous() -> None:
    for newer, older in itertools.pairwise(ERAS):
        assert older[3] is not None and older[3] + dt.timedelta(days=1) == newer[2]


@pytest.mark.parametrize(("raw", "expected"), [
    ("東京都中央区晴海一丁目8番12号", "東京都中央区晴海1-8-12"),
    ("東京都中央区晴海1丁目8番地12", "東京都中央区晴海1-8-12"),
    ("東京都 中央区 晴海 １－８－１２", "東京都中央区晴海1-8-12"),
    ("〒104-0053 東京都中央区晴海1ー8ー12", "東京都中央区晴海1-8-12"),
    ("東京都世田谷区桜新町二丁目5番3号", "東京都世田谷区桜新町2-5-3"),
    ("大阪府大阪市北区梅田三丁目十二番四号", "大阪府大阪市北区梅田3-12-4"),
])
def test_addresses_normalise(raw: str, expected: str) -> None:
    assert normalize_address(raw) == expected


def test_same_address_ignores_notation() -> None:
    assert same_address("東京都中央区晴海一丁目8番12号", "東京都中央区晴海1-8-12")
    assert not same_address("東京都中央区晴海1-8-12", "東京都中央区晴海1-8-13")
    assert not same_address(None, "東京都中央区晴海1-8-12")


@given(st.integers(min_value=1, max_value=99), st.integers(min_value=1, max_value=99),
       st.integers(min_value=1, max_value=99))
def test_address_block_numbers_any_notation(a: int, b: int, c: int) -> None:
    kanji = "〇一二三四五六七八九"

    def k(n: int) -> str:
        tens, ones = divmod(n, 10)
        return (("" if tens == 1 else kanji[tens]) + "十" if tens else "") + \
            (kanji[ones] if ones else "")

    expected = f"東京都港区芝{a}-{b}-{c}"
    assert normalize_address(f"東京都港区芝{k(a)}丁目{b}番{c}号") == expected
    assert normalize_address(f"東京都港区芝{a}丁目{k(b)}番地{k(c)}号") == expected
    full = str.maketrans("0123456789-", "０１２３４５６７８９－")
    assert normalize_address(f"東京都港区芝{a}-{b}-{c}".translate(full)) == expected


def test_names_have_no_spaces_and_old_forms_compare_equal() -> None:
    assert normalize_name("山田　太郎") == "山田太郎"
    assert normalize_name(" 山田 太郎 様") == "山田太郎"
    assert same_name("髙橋一郎", "高橋 一郎")
    assert same_name("渡邊", "渡辺")
    assert not same_name("山田太郎", "山田太朗")


def test_no_space_between_kana_and_kanji_but_ascii_words_keep_theirs() -> None:
    assert join_cjk("個人 情報 の 開示") == "個人情報の開示"
    assert normalize("Dear  Sir 開示 を") == "Dear Sir 開示を"


def test_nfkc_full_width_and_dashes() -> None:
    assert normalize("ＡＢＣ１２３") == "ABC123"
    assert unify_digit_dashes("090ー1234－5678") == "090-1234-5678"
    assert normalize("10時～18時") == "10時〜18時"


@pytest.mark.parametrize(("raw", "value"), [("十二", 12), ("二十三", 23), ("百八", 108),
                                             ("一二", 12), ("三十", 30)])
def test_kanji_numbers(raw: str, value: int) -> None:
    assert kanji_number(raw) == value


def test_an_era_with_one_character_misread_is_told_by_the_other_and_the_year() -> None:
    from ocr.dates import parse_date
    assert parse_date("紀和23年4月25日") == dt.date(1948, 4, 25)  # 令和23 lies too far ahead
    assert parse_date("昭船61年5月19日") == dt.date(1986, 5, 19)
    assert parse_date("犬成7年9月12日") == dt.date(1995, 9, 12)
    assert parse_date("令租8年11月20日") == dt.date(2026, 11, 20)  # only 令和 begins with 令
    # 令和3 and 昭和3 are both possible: not guessed.
    assert parse_date("紀和3年4月1日") is None
    assert parse_date("和歌山県1年") is None


def test_a_room_number_written_in_kanji_figures_is_in_digits_and_places_are_not() -> None:
    from ocr.address import normalize_address
    assert normalize_address("新潟県長岡市本町七丁目十番十七号メゾン本町七〇八号室") == \
        "新潟県長岡市本町7-10-17メゾン本町708号室"
    assert normalize_address("広島県廿日市市大野原九丁目十七番十号大野ハイツ八〇二") == \
        "広島県廿日市市大野原9-17-10大野ハイツ802"
    assert normalize_address("東京都八王子市三崎町1-2-3") == "東京都八王子市三崎町1-2-3"


def test_only_dashes_between_digits_become_dashes() -> None:
    from ocr.text import unify_digit_dashes
    assert unify_digit_dashes("1ー8－12") == "1-8-12"
    assert unify_digit_dashes("40セ7") == "40セ7"  # a kana is no dash
