"""Field extraction from text as OCR gives it (no tesseract here)."""

from __future__ import annotations

import pytest

from ocr.classify import classify
from ocr.fields import extract_document, request_types
from ocr.mrz import check_digit, find_td3, parse_td3

POA_HORIZONTAL = """委任状
令和8年11月18日
株式会社オーネット殿
(代理人 )
住所 : 大阪府大阪市北区梅田一丁目2番3号
氏名 : 佐藤花子
生年月日 : 平成2年11月23日
私は、上記の者を代理人と定め、下記の事項を委任します。
委任事項 : 私の個人情報に関する開示の件
(委任者 )
住所 : 東京都世田谷区桜新町二丁目5番3号
氏名 : 山田太郎
生年月日 : 昭和60年5月1日"""

POA_VERTICAL = """委任状
(代理人 ) 住所大阪府大阪市北区梅田一丁目二番三号
氏名佐藤花子
生年月日平成二年十一月二十三日
私は上記の者を代理人と定め下記の事項を委任します
委任事項私の個人情報に関する開示の件
(委任者 ) 住所東京都世田谷区桜新町二丁目五番三号
氏名山田太郎
生年月日昭和六十年五月一日
令和八年十一月十八日
株式会社オーネット服"""

POA_TRUTH = {"title": True, "date": "2026-11-18", "addressee": "株式会社オーネット",
             "principal_name": "山田太郎", "principal_address": "東京都世田谷区桜新町2-5-3",
             "principal_birth_date": "1985-05-01", "principal_seal": True,
             "agent_name": "佐藤花子", "agent_address": "大阪府大阪市北区梅田1-2-3",
             "agent_birth_date": "1990-11-23", "agent_seal": True,
             "matters": "私の個人情報に関する開示の件"}


def test_power_of_attorney_sections_horizontal_and_vertical() -> None:
    for text in (POA_HORIZONTAL, POA_VERTICAL):
        assert classify(text) == "power_of_attorney"
        assert extract_document("power_of_attorney", text, seals=2).fields == POA_TRUTH


def test_power_of_attorney_seals_one_seal_is_not_enough_to_tell() -> None:
    fields = extract_document("power_of_attorney", POA_HORIZONTAL, seals=1).fields
    assert (fields["principal_seal"], fields["agent_seal"]) == (None, None)
    fields = extract_document("power_of_attorney", POA_HORIZONTAL, seals=0).fields
    assert (fields["principal_seal"], fields["agent_seal"]) == (False, False)


def test_tick_boxes_as_tesseract_reads_them() -> None:
    assert request_types("ご請求の内容 : 画開示口訂正口利用停止口削除") == ["disclosure"]
    assert request_types("請求の内容 : 口開示 置削除 ■利用停止") == ["deletion", "suspension"]
    assert request_types("□開示 □訂正") == []
    assert request_types("私の個人情報の開示を請求します。") == ["disclosure"]
    assert request_types("開示等の手続きに従い、登録情報の削除を請求します") == ["deletion"]
    assert request_types("第三者提供記録の開示を求めます") == ["third_party_record_disclosure"]


def test_prose_letter_without_labels() -> None:
    text = """個人情報の開示のお願い
令和8年11月20日
株式会社オーネット御中
私は、貴社が保有している私の個人情報について、開示を請求いたします。
大阪府大阪市北区梅田一丁目2番3号
佐藤花子
平成2年11月23日生
電話06-1234-5678"""
    f = extract_document("request_letter", text, seals=1).fields
    assert (f["name"], f["address"], f["birth_date"], f["date"], f["phone"], f["seal"]) == \
        ("佐藤花子", "大阪府大阪市北区梅田1-2-3", "1990-11-23", "2026-11-20", "06-1234-5678",
         True)


def test_values_that_fail_validation_are_null_and_doubted() -> None:
    text = "氏名 : 山田3郎\n住所 : 世田谷区のどこか\n生年月日 : 平成45年1月1日"
    found = extract_document("request_letter", text, seals=None)
    assert (found.fields["name"], found.fields["address"], found.fields["birth_date"]) == \
        (None, None, None)
    assert sorted(found.doubts) == ["address", "birth_date", "name"]
    assert found.fields["seal"] is None


def test_certificate_issue_date_follows_the_certifying_sentence() -> None:
    text = """印鑑登録証明書
氏名 : 山田太郎
生年月日 : 昭和60年5月1日
住所 : 東京都世田谷区桜新町二丁目5番3号
この写しは、登録されている印影と相違ないことを証明します。
令和8年11月2日
東京都世田谷区長"""
    f = extract_document("seal_certificate", text).fields
    assert (f["issue_date"], f["birth_date"], f["expiry_date"]) == \
        ("2026-11-02", "1985-05-01", None)


@pytest.mark.parametrize(("written", "expected"), [
    ("今和8年11月20日", "2026-11-20"),
    ("林和60年5月1日", "1985-05-01"),  # 昭和 under blur
    ("林和70年5月1日", None),  # still checked against the era: 昭和 ended in its 64th year
    ('令和 "8年11月20日', "2026-11-20"),  # a speck between era and year read as a quote
    ("令和ら08年11月20日", "2026-11-20"),  # ... or as a kana
    ("令和ら8年11月20日", None),  # before one digit the kana may be a digit: 18, 28?
])
def test_ocr_era_confusions_are_read_as_the_era(written: str, expected: str | None) -> None:
    f = extract_document("request_letter", f"請求日 : {written}\n氏名 : 山田太郎").fields
    assert f["date"] == expected


def test_mrz_td3_every_check_digit() -> None:
    line1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
    line2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10"  # ICAO 9303 specimen
    mrz = parse_td3(line1, line2)
    assert mrz.valid and (mrz.surname, mrz.given_names, mrz.number) == \
        ("ERIKSSON", "ANNA MARIA", "L898902C3")
    broken = parse_td3(line1, line2.replace("7408122", "7408132"))
    assert not broken.valid and "birth_date" in broken.failed and "composite" in broken.failed
    assert check_digit("520727") == "3"


def test_mrz_as_the_japanese_model_reads_it() -> None:
    text = ("P<JPNYAMADA<<TARO<<<<<<< こ < こく ここ < ここ ここ こく\n"
            "TR12345672JPN8505017M3306013<<<<<<<<<< こ <<< こく <<04")
    found = find_td3(text)
    assert found is not None
    fields = extract_document("passport", text).fields
    assert fields == {"name": "YAMADATARO", "birth_date": "1985-05-01", "address": None,
                      "expiry_date": "2033-06-01", "issue_date": None, "number": "*****4567"}


def test_misread_mrz_gives_nothing_and_a_doubt() -> None:
    text = ("P<JPNYAMADA<<TARO<<<<<<<<<<<<<<<<<<<<<<<<<<<<\n"
            "TR12345672JPN8505018M3306013<<<<<<<<<<<<<<04")
    found = extract_document("passport", text)
    assert found.fields["birth_date"] is None and found.fields["number"] is None
    assert any(d.startswith("mrz.") for d in found.doubts)


def test_classification_survives_misread_titles() -> None:
    assert classify("住民県 (写し )\n氏名 : 山田太郎\n住民となった年月日 : 平成27年4月1日") == \
        "resident_record"
    assert classify("基森年金番号通知書\n基礎年金番号 ＊＊＊＊\n日本年金機構") == "pension_book"
    assert classify("委仕状\n私は、上記の者を代理人と定め、下記の事項を委任します。") == \
        "power_of_attorney"
    # A seal certificate's hard kanji misread, its title's and its body's both.
    for text in ("印紅登録証明書\n氏名 : 高橋久美子\nこの写しは、登録されている印昧と相違ないこと",
                 "印和藍登録証明書\n氏名 : 千葉結衣\n"):
        assert classify(text) == "seal_certificate"


SIGNED_MAIL = """個人情報の開示について
お世話になっております。
私の個人情報の開示をお願いしたく、ご連絡いたしました。
会員番号はm-000101です。
--
山田 太郎
〒154-0015 東京都世田谷区桜新町二丁目5番3号
生年月日：昭和60年5月1日
電話：090-1234-5678
"""


def test_a_mail_signature_gives_the_writers_details() -> None:
    doc = extract_document("request_letter", SIGNED_MAIL, seals=None)
    f = doc.fields
    assert (f["name"], f["address"], f["birth_date"], f["phone"], f["member_number"]) == (
        "山田太郎", "東京都世田谷区桜新町2-5-3", "1985-05-01", "090-1234-5678", "M-000101")


def test_the_addressee_of_a_letter_is_never_taken_for_the_writer() -> None:
    letter = ("株式会社オーネット お客様相談室 御中\n東京都中央区晴海一丁目8番12号\n"
              "私の個人情報の開示を請求します。\n")
    assert extract_document("request_letter", letter, seals=None).fields["name"] is None


def test_a_member_number_finds_the_member_when_no_birth_date_is_given() -> None:
    from rules.case import Party
    from rules.matching import match_member
    row = {"member_id": "M-000101", "name": "山田太郎", "birth_date": "1985-05-01",
           "address": "東京都世田谷区桜新町2-5-3"}
    found = match_member(Party("山田太郎", None, "東京都世田谷区桜新町2-5-3", "M-000101"), [row])
    assert (found.member_id, found.match) == ("M-000101", "exact")
    # A number alone, or with another name, finds nobody; a wrong birth date is not outvoted.
    assert match_member(Party("佐藤花子", None, None, "M-000101"), [row]).match == "none"
    assert match_member(Party("山田太郎", "1990-01-01", None, "M-000101"), [row]).match == \
        "none"


def test_a_box_rule_read_as_an_underscore_after_a_name_is_not_part_of_it() -> None:
    text = ("保有個人データ開示等請求書\n私の個人情報の開示を請求します。\n"
            "(お名前 ) 吉田修 _\n(生年月日 ) 昭和40年5月17日\n")
    assert extract_document("request_letter", text, seals=None).fields["name"] == "吉田修"


LETTERHEAD_BY_AGENT = """令和8年11月20日
株式会社オーネット御中
〒298-9047
大阪府大阪市北区梅田九丁目18番22号
伊藤 直樹
(昭和39年4月5日生)
電話 070-6380-8855
保有個人データ開示等請求
私は、下記の者から委任を受けた任意代理人として、
本人の個人情報の下記の事項を請求いたします。
記
本人の氏名：山田 太郎
本人の生年月日：昭和60年5月1日
本人の住所：東京都世田谷区桜新町二丁目5番3号
以上
"""


def test_a_representatives_own_unlabelled_letterhead_names_the_agent() -> None:
    f = extract_document("request_letter", LETTERHEAD_BY_AGENT, seals=1).fields
    assert (f["name"], f["birth_date"], f["address"]) == (
        "山田太郎", "1985-05-01", "東京都世田谷区桜新町2-5-3")
    assert (f["agent_name"], f["agent_birth_date"], f["agent_address"]) == (
        "伊藤直樹", "1964-04-05", "大阪府大阪市北区梅田9-18-22")
    assert f["date"] == "2026-11-20"


def test_a_birth_date_written_as_born_on_is_never_the_letters_date() -> None:
    undated = LETTERHEAD_BY_AGENT.replace("令和8年11月20日\n", "")
    assert extract_document("request_letter", undated, seals=1).fields["date"] is None


def test_the_name_is_the_next_line_with_letters_after_the_address() -> None:
    text = ("個人情報の開示のお願い\n私の個人情報の開示を請求いたします。\n敬具\n"
            "〒803-1309\n東京都中央区晴海七丁目26番19号\nーー\n橋本奈々\n")
    assert extract_document("request_letter", text, seals=None).fields["name"] == "橋本奈々"


SENTENCES_BY_GUARDIAN = """開示等のご請求について
私、渡邊誠（平成5年6月13日生）は、
下記の者の法定代理人として、同人の個人情報の開示を請求いたします。
私の住所は兵庫県神戸市中央区三宮町7-7-25です。
本人は渡邊拓也（平成25年4月13日生）で、
住所は広島県広島市中区紙屋町7-6-17です。
"""


def test_details_given_in_sentences_are_read_and_given_to_who_says_them() -> None:
    own = ("個人情報についてのお願い\n私、山崎千尋 (昭和29年6月28日生 ) は、\n"
           "貴社が保有する私の個人情報の利用停止を請求いたします。\n"
           "私の現住所は神奈川県横浜市港北区日吉2-22-25です。\n")
    f = extract_document("request_letter", own, seals=1).fields
    assert (f["name"], f["birth_date"], f["address"]) == (
        "山崎千尋", "1954-06-28", "神奈川県横浜市港北区日吉2-22-25")
    # A representative's 私 is the representative; the person is who they name as 本人.
    f = extract_document("request_letter", SENTENCES_BY_GUARDIAN, seals=1).fields
    assert (f["name"], f["birth_date"], f["address"]) == (
        "渡邊拓也", "2013-04-13", "広島県広島市中区紙屋町7-6-17")
    assert (f["agent_name"], f["agent_birth_date"], f["agent_address"]) == (
        "渡邊誠", "1993-06-13", "兵庫県神戸市中央区三宮町7-7-25")
    # Without the sentence naming the person, the writer's date is never the person's.
    alone = SENTENCES_BY_GUARDIAN.replace("本人は渡邊拓也（平成25年4月13日生）で、\n", "")
    f = extract_document("request_letter", alone, seals=1).fields
    assert f["name"] is None and f["birth_date"] is None


def test_a_name_signed_with_its_birth_date_on_one_line_is_the_name() -> None:
    text = "請求書\n利用停止を請求いたします。\n〒449-6078 福岡県福岡市博多区博多駅前1-27-3\n" \
           "髙橋隆 昭和58年7月10日生\n"
    f = extract_document("request_letter", text, seals=1).fields
    assert (f["name"], f["birth_date"]) == ("髙橋隆", "1983-07-10")
    # The era read with one character wrong (芝和 for 昭和) still ends the name.
    f = extract_document("request_letter", text.replace("髙橋隆 昭和58", "村上千尋芝和27"),
                         seals=1).fields
    assert (f["name"], f["birth_date"]) == ("村上千尋", "1952-07-10")


def test_a_katakana_read_for_a_kanji_inside_a_name_is_the_kanji() -> None:
    from ocr.names import normalize_name
    assert normalize_name("高橋浩ニ") == "高橋浩二"
    assert normalize_name("山ロ 花子") == "山口花子"
    assert normalize_name("佐藤エミ") == "佐藤エミ"  # a kana given name is a run


def test_the_label_of_a_role_row_is_never_a_name() -> None:
    text = "請求書\n請求者の区分 ■本人 □法定代理人 □任意代理人\n"
    assert extract_document("request_letter", text, seals=1).fields["name"] is None


def test_a_power_of_attorneys_title_read_with_a_character_lost_is_its_title() -> None:
    f = extract_document("power_of_attorney", POA_HORIZONTAL.replace("委任状", "任状", 1),
                         seals=2).fields
    assert f["title"] is True
    wrong = POA_HORIZONTAL.replace("委任状", "請求書", 1)
    assert extract_document("power_of_attorney", wrong, seals=2).fields["title"] is False


def test_a_misread_address_label_before_a_colon_still_gives_the_address() -> None:
    f = extract_document("power_of_attorney", POA_HORIZONTAL.replace(
        "住所 : 大阪府", "佳所 : 大阪府"), seals=2).fields
    assert f["agent_address"] == "大阪府大阪市北区梅田1-2-3"


def test_a_bulleted_section_heading_is_no_option_and_opens_its_partys_section() -> None:
    text = ("保有個人データの開示等請求書\n請求者の区分 □本人 □法定代理人 ■任意代理人\n"
            "画請求者 (ご本人 )\nお名前西村翔太\n生年月日昭和61年3月17日\n"
            "■代理人\nお名前遠藤和夫\n生年月日平成15年10月10日\n"
            "ご住所兵庫県神戸市中央区三宮町八丁目24番15号\n")
    f = extract_document("request_letter", text, seals=1).fields
    # ■代理人 is the heading's bullet: the role is the one option marked.
    assert f["requester_role"] == "agent"
    assert (f["name"], f["birth_date"], f["address"]) == ("西村翔太", "1986-03-17", None)
    assert (f["agent_name"], f["agent_address"]) == ("遠藤和夫", "兵庫県神戸市中央区三宮町8-24-15")


@pytest.mark.parametrize(("line", "phone"), [
    ("電話番号070-8001-651 7", "070-8001-6517"),  # a space OCR put inside a group
    ("電話 03-1234-5678（平日10時〜）", "03-1234-5678"),
    ("携帯 09012345678", "090-1234-5678"),
    ("電話番号 070-8001-651", None),  # a mobile number a digit short is no number
    ("TEL 03-1234-567", None),
])
def test_a_phone_number_has_the_digits_its_kind_has_or_is_null(line: str,
                                                                phone: str | None) -> None:
    letter = extract_document("request_letter", f"個人情報開示請求書\n{line}\n", 1)
    assert letter.fields["phone"] == phone


def test_marks_standing_apart_after_an_address_or_a_name_are_not_part_of_them() -> None:
    # A seal on a 1-bit scan leaves specks read as = and a backslash beside the values.
    f = extract_document("power_of_attorney", "委任状\n（委任者）\n"
                         "住所 : 京都府京都市左京区下鴨3丁目3番19号 =\n"
                         "氏名 : ロ遠藤裕子 \\ 評\n生年月日 : 昭和26年9月4日\n", 1).fields
    assert (f["principal_address"], f["principal_name"]) == ("京都府京都市左京区下鴨3-3-19",
                                                             "遠藤裕子")
    # A mark inside the address still voids it: the letters around it were misread too.
    f = extract_document("request_letter", "請求書\n住所 : 京都府京都市左京区下鴨3丁目=3番19号\n"
                         "氏名 : 遠藤裕子\n", 1).fields
    assert f["address"] is None


def test_options_listed_with_no_mark_found_give_no_choice_and_a_doubt() -> None:
    # Ticked without boxes or underlined by hand, where reading found no mark: the
    # listed options are never all taken, and the role is not guessed from them.
    text = ("個人情報開示等請求書\n請求者の区分 本人 法定代理人 任意代理人\n"
            "氏名 : 山田太郎\n請求の内容 開示 訂正 削除\n利用停止 第三者提供の停止\n")
    f = extract_document("request_letter", text, 1)
    assert f.fields["request_types"] is None and f.fields["requester_role"] is None
    assert {"request_types", "requester_role"} <= set(f.doubts)
    # A sentence naming the types is the request.
    f = extract_document("request_letter",
                         "請求書\n開示、削除及び第三者提供の停止を請求いたします。\n", 1)
    assert f.fields["request_types"] == ["disclosure", "deletion", "third_party_stop"]


def test_two_addresses_read_side_by_side_give_the_first_with_a_doubt() -> None:
    f = extract_document("request_letter", "請求書\n住所 大阪府八尾市山本町9-18-22"
                         " 兵庫県西宮市北昭和町5-21-20\n", 1)
    assert f.fields["address"] == "大阪府八尾市山本町9-18-22" and "address" in f.doubts


def test_two_peoples_details_on_one_row_of_the_agents_section_give_the_agent_neither() -> None:
    # The person's and the agent's columns run together under the agent's caption.
    text = ("請求書\n請求者本人\n氏名 菅原久美子\n代理人\n氏名 野口七海\n"
            "生年月日 平成11年6月21日平成15年1月11日\n"
            "住所 愛知県名古屋市東区矢田東3-1-2 兵庫県加古川市西神吉町辻8-25-6\n")
    f = extract_document("request_letter", text, 1)
    assert f.fields["agent_name"] == "野口七海"
    assert f.fields["agent_birth_date"] is None and f.fields["agent_address"] is None
    assert {"agent_birth_date", "agent_address"} <= set(f.doubts)
    f = extract_document("request_letter", "請求書\n生年月日 平成11年6月21日 平成15年1月11日\n", 1)
    assert f.fields["birth_date"] == "1999-06-21" and "birth_date" in f.doubts


def test_a_signature_without_an_address_gives_the_name_above_its_birth_date() -> None:
    text = ("個人情報の開示等のご請求\n株式会社オーネット御中\n"
            "私は、貴社が保有する私の個人情報について、利用停止を請求いたします。\n"
            "令和和八年十一月二十日\n小野寺修一\n昭和二十五年七月八日生\n")
    f = extract_document("request_letter", text, 1).fields
    # 令和和: a character read twice in vertical writing.
    assert (f["name"], f["birth_date"], f["date"]) == \
        ("小野寺修一", "1950-07-08", "2026-11-20")


def test_a_section_signed_with_the_name_and_birth_date_on_one_line_gives_the_name() -> None:
    text = ("個人情報開示等請求\n株式会社オーネット御中\n"
            "私は、下記の者の法定代理人として、本人の個人情報の削除を請求いたします。\n"
            "令和8年11月20日\n代理人\n〒312-2608東京都世田谷区桜新町9-26-22\n"
            "山口拓也 昭和55年10月26日生\n本人\n松本智子昭和56年1月17日生\n")
    f = extract_document("request_letter", text, 1).fields
    assert (f["name"], f["birth_date"]) == ("松本智子", "1981-01-17")
    assert (f["agent_name"], f["agent_birth_date"]) == ("山口拓也", "1980-10-26")
    # A line of prose that ends in a birth date holds no name.
    prose = extract_document("request_letter", "請求書\n私の母は昭和56年1月17日生\n", 1)
    assert prose.fields["name"] is None
    # Nor does a line whose label was half lost (氏 of 氏名 unread on a licence).
    card = extract_document("drivers_license", "名山田健一昭和27年7月16日生\n運転免許証\n", 1)
    assert card.fields["name"] is None



@pytest.mark.parametrize("read", [
    "鳥取県東伯郡湯梨浜町北福9-23-2パレス北福二O04号室",  # 二〇四 read with a Latin O
    "愛知県瀬戸市余床町6-10-5グランドヒルズ余床40セ7号室",  # 〇 read as セ
    "新潟県長岡市本町目10-17メゾン本町708号室",  # 七丁目 lost all but its 目
    "本岡県三島市日の出町4丁目17番11号",  # 静岡 misread, and 福岡 one letter off too
])
def test_a_number_read_with_a_letter_inside_it_voids_the_address(read: str) -> None:
    f = extract_document("request_letter", f"請求書\n住所 : {read}\n", 1)
    assert f.fields["address"] is None and "address" in f.doubts
    # Voided, not missing: an address is written there (a person reads it).
    assert f.unsure["address"]


@pytest.mark.parametrize("text", [
    "請求書\n住所 :\n電話番号090-8394-3871\n",  # the box left empty
    "請求書\n住所 : 下記の通り\n",  # no prefecture, no place, no numbers
    "請求書\n住所 : 本岡県\n",  # a prefecture misread, and nothing after it
])
def test_an_address_box_with_no_address_in_it_is_missing_not_unread(text: str) -> None:
    f = extract_document("request_letter", text, 1)
    assert f.fields["address"] is None and "address" not in f.unsure


def test_latin_letters_inside_a_japanese_name_are_a_misreading() -> None:
    f = extract_document("request_letter", "請求書\n氏名 : 今井ひとみGJ今\n", 1)
    assert f.fields["name"] is None and "name" in f.doubts


def test_a_chome_whose_thin_cho_was_dropped_is_read_as_chome_and_doubted() -> None:
    f = extract_document("request_letter", "請求書\n住所 : 京都府京都市左京区下鴨五目14番15号\n", 1)
    assert f.fields["address"] == "京都府京都市左京区下鴨5-14-15" and "address" in f.doubts


def test_one_hiragana_between_the_kanji_of_a_name_is_a_misreading() -> None:
    for read, name in (("長谷川も海", None), ("木の下太郎", "木の下太郎"),
                       ("田中ゆり子", "田中ゆり子")):
        letter = extract_document("request_letter", f"請求書\n氏名 : {read}\n", 1)
        assert letter.fields["name"] == name


def test_an_address_over_two_lines_of_a_form_is_joined_and_a_label_is_not() -> None:
    text = "開示等請求書\n住所秋田県湯沢市\n小豆田6-12-8コーポ小豆604号室\n電話番号090-8394-3871\n"
    assert extract_document("request_letter", text, 1).fields["address"] == \
        "秋田県湯沢市小豆田6-12-8コーポ小豆604号室"
    text = "開示等請求書\n住所秋田県湯沢市\n電話番号090-8394-3871\n"
    assert extract_document("request_letter", text, 1).fields["address"] is None


@pytest.mark.parametrize("rest", [
    "ぶ人人\n",  # the person's heading misread, and nothing after it
    # … and the person's block running on in the agent's section
    "ぶ人人\n高知県土佐清水市浜町9-25-22\n石井正樹\n平成十二年一月五日生\n",
])
def test_beside_an_agents_section_the_person_is_never_given_the_agents_details(
        rest: str) -> None:
    text = ("請求書\n私は、下記の者の法定代理人（親権者）として、本人の個人情報の削除を"
            "請求いたします。\n代理人\n京都府京都市伏見区伯耆町4-13-6\n大電 a ス ( き\n"
            "昭和二十三年四月十三日生\n" + rest)
    f = extract_document("request_letter", text, 1).fields
    assert f["agent_birth_date"] == "1948-04-13"
    # Only the first person's details are the section's party's; none are the person's.
    assert f["agent_name"] is None and f["name"] is None and f["birth_date"] is None
    assert f["address"] is None


def test_block_numbers_with_the_cho_apart_from_its_me_void_the_address() -> None:
    f = extract_document("request_letter",
                         "請求書\n住所 : 東京都世田谷区桜新町九丁10目26番22号\n", 1)
    assert f.fields["address"] is None and "address" in f.doubts
    # A town named …丁 (和歌山市十一番丁) with its numbers is an address.
    f = extract_document("request_letter", "請求書\n住所 : 和歌山県和歌山市十一番丁12\n", 1)
    assert f.fields["address"] == "和歌山県和歌山市十一番丁12"


def test_the_addressees_address_heading_a_letter_is_not_the_writers() -> None:
    head = "個人情報開示請求書\n令和8年11月20日\n〒150-0001 東京都渋谷区神宮前1-2-3\n"
    body = "私は、貴社が保有する私の個人情報の開示を請求いたします。\n"
    for addressee in ("株式会社オーネット\nお客様相談室 御中\n", "個人情報保護管理者 殿\n"):
        signed = head + addressee + body + "〒530-0001 大阪府大阪市北区梅田1-2-3\n山田太郎\n"
        f = extract_document("request_letter", signed, 1).fields
        assert (f["address"], f["name"]) == ("大阪府大阪市北区梅田1-2-3", "山田太郎")
        # Only the addressee's address on the page: the writer's is not stated.
        f = extract_document("request_letter", head + addressee + body, 1).fields
        assert f["address"] is None
    # The writer's block just under the addressee's line is the writer's.
    under = ("個人情報開示請求書\n令和8年11月20日\n株式会社オーネット 御中\n"
             "〒530-0001 大阪府大阪市北区梅田1-2-3\n山田太郎\n" + body)
    f = extract_document("request_letter", under, 1).fields
    assert (f["address"], f["name"]) == ("大阪府大阪市北区梅田1-2-3", "山田太郎")


def test_a_block_number_whose_cho_was_lost_is_put_right_with_a_doubt() -> None:
    f = extract_document("request_letter", "請求書\n住所 : 青森県弘前市桜ケ丘7目26番12号\n", 1)
    assert f.fields["address"] == "青森県弘前市桜ケ丘7-26-12" and "address" in f.doubts


def test_a_name_run_together_with_its_reading_is_the_name_and_a_label_is_none() -> None:
    # Two boxes captioned on one line, their values on the next: the name and its
    # reading read as one word. A katakana given name is not taken for a reading.
    for value, name in (("岩崎直子イワサキナオコ", "岩崎直子"), ("佐藤マリア", "佐藤マリア")):
        f = extract_document("request_letter", f"請求書\n氏名\n{value}\n", 1)
        assert f.fields["name"] == name
    # The next box's caption misread (フリグガナ) is no name.
    f = extract_document("request_letter", "請求書\n氏名\nフリグガナ\n", 1)
    assert f.fields["name"] is None


@pytest.mark.parametrize("form", [
    # The name's caption and the reading's on one line, dust read between them.
    "氏名3 \"フリガナ\n三浦遥ミウラハルカ\n",
    # A box's rule read as a digit after the caption; the reading's caption below it.
    "氏名7\nフリガナ\n三浦遥 i ミウラハルカ\n",
    # The caption lost: the name is the kanji beside their reading.
    "A = ヲリガチ\n三浦遥 -- ミウラハルカ\n",
])
def test_a_name_under_a_row_of_captions_or_beside_its_reading_is_the_name(form: str) -> None:
    f = extract_document("request_letter", "開示等請求書\n" + form + "生年月日昭和58年1月5日\n", 1)
    assert f.fields["name"] == "三浦遥"


def test_a_caption_holding_the_readings_caption_is_never_taken_for_a_name() -> None:
    text = "開示等請求書\nご本人\n氏名フクフリガナ\n岩崎直子イワサキナオコ\n生年月日\n"
    assert extract_document("request_letter", text, 1).fields["name"] == "岩崎直子"
    text = "開示等請求書\nご本人\n氏名フクフリガナ\n生年月日\n"
    assert extract_document("request_letter", text, 1).fields["name"] is None


def test_a_date_under_a_birth_dates_caption_is_never_the_letters_date() -> None:
    # The 記入日 left empty; the birth date's caption misread (生年月), two captions on
    # one line and the values on the next.
    for rows in ("生年月電話番号\n昭和38年10月10日070-4299-1929\n",
                 "生年月昭和38年10月10日\n"):
        f = extract_document("request_letter", "開示等請求書\n記入\n" + rows, 1).fields
        assert f["date"] is None and f["birth_date"] == "1963-10-10"


@pytest.mark.parametrize(("read", "want"), [
    # 住所 misread with no colon, the prefecture right after it; the rest on the next line
    # (nothing put right: no doubt).
    ("信所鹿児島県霧島市\n隼人町神宮二丁目14番8号\n", "鹿児島県霧島市隼人町神宮2-14-8"),
    # The prefecture and the town each one character off, the label lost: the post
    # office's list puts them right (and a person looks).
    ("住』\n北海首紋別郡速軽町岩見通南四丁目13番23号\n", "北海道紋別郡遠軽町岩見通南4-13-23"),
    # 丁 read as 耳.
    ("住所 : 鹿児島県鹿屋市旭原町五耳目7番23号\n", "鹿児島県鹿屋市旭原町5-7-23"),
])
def test_an_address_read_with_its_label_or_names_misread_is_put_right_with_a_doubt(
        read: str, want: str) -> None:
    f = extract_document("request_letter", "開示等請求書\n" + read, 1)
    assert f.fields["address"] == want
    assert ("address" in f.doubts) == (not read.startswith("信所"))


@pytest.mark.parametrize(("line", "want"), [
    ("会和13年4月1日まで有効", "2031-04-01"), ("信和15年3月1日まで有効", "2033-03-01"),
    ("令和7年6月1日まで有効", "2025-06-01")])
def test_a_cards_expiry_with_its_era_misread_is_still_its_expiry(line: str, want: str) -> None:
    text = "個人番号カード\n氏名藤田麻衣\n昭和27年6月22日生\n" + line + "\n"
    assert extract_document("my_number_card", text).fields["expiry_date"] == want


def test_a_row_of_options_that_kept_one_mark_gives_no_role_and_no_types() -> None:
    # A loop drawn through the rows lost 本人 and its mark, and the types' other marks:
    # neither the first role word the text names nor the type words read are choices.
    text = ("個人情報の開示等の請求書\n請求者口法定代理人。 ?任意代理人\n氏名坂本裕子\n"
            "請求の内容ーー示除\n。ロ開 ?訂正口前\n品利用停止ご口第三才提供の俺必\n")
    f = extract_document("request_letter", text, 1)
    assert f.fields["requester_role"] is None and f.fields["request_types"] is None
    assert {"requester_role", "request_types"} <= set(f.doubts)
    # The marks of a role row read as no mark at all: still a list, and no choice in it.
    for row in ("克本人、口法定代理人口任意代理人", "本人 法定代理人 任意代理人"):
        f = extract_document("request_letter", f"請求書\n{row}\n氏名 : 坂本裕子\n", 1)
        assert f.fields["requester_role"] is None
    for prose in ("私は法定代理人として本人に代わり請求します。",
                  "私は、下記の本人の法定代理人（親権者）として請求します。"):
        f = extract_document("request_letter", f"請求書\n{prose}\n", 1)
        assert f.fields["requester_role"] == "legal_representative"
    # A letter's bullet before the type it asks for is no row of options.
    prose = "■開示のご請求\n私の個人情報の開示と訂正を請求します。\n氏名 : 坂本裕子\n"
    assert extract_document("request_letter", prose, 1).fields["request_types"] == \
        ["disclosure", "correction"]


@pytest.mark.parametrize("heading", ["3痢代理炎", "引□代理人", "3.代理人", "3引代理人"])
def test_a_numbered_agents_heading_read_with_a_letter_wrong_still_opens_the_agents_section(
        heading: str) -> None:
    text = ("個人情報開示等請求書\n1. 請求者の区分 □本人 □法定代理人 ■任意代理人\n2. ご本人\n"
            "氏名森美咲\n生年月日平成10年6月20日\n住所千葉県船橋市本町8-19-4\n"
            f"{heading}\n氏名佐藤直樹\n住所東京都世田谷区桜新町8丁目3番24号\n")
    f = extract_document("request_letter", text, seals=1).fields
    assert (f["name"], f["address"]) == ("森美咲", "千葉県船橋市本町8-19-4")
    assert (f["agent_name"], f["agent_address"]) == ("佐藤直樹", "東京都世田谷区桜新町8-3-24")


def test_a_representatives_letter_that_sets_the_person_apart_gives_the_agents_keys_null(
        ) -> None:
    # No name of the writer's own anywhere: the details are the person's, the agent's
    # are unknown — and said to be (the case must not take the person's for theirs).
    text = ("個人情報開示等請求書\n請求者の区分 □本人 ■法定代理人 □任意代理人\nご本人\n"
            "氏名森美咲\n生年月日平成10年6月20日\n住所千葉県船橋市本町8-19-4\n")
    f = extract_document("request_letter", text, seals=1).fields
    assert (f["name"], f["birth_date"]) == ("森美咲", "1998-06-20")
    assert {k: f[k] for k in ("agent_name", "agent_birth_date", "agent_address")} == \
        {"agent_name": None, "agent_birth_date": None, "agent_address": None}


def test_a_line_near_the_agents_heading_that_is_not_one_opens_no_section() -> None:
    # 代理店 is not 代理人 read wrong when nothing numbers it.
    text = ("個人情報開示等請求書\n請求者の区分 ■本人 □法定代理人 □任意代理人\n"
            "氏名森美咲\n住所千葉県船橋市本町8-19-4\n代理店\n")
    f = extract_document("request_letter", text, seals=1).fields
    assert f.get("agent_name") is None and f["name"] == "森美咲"


def test_a_speck_before_a_label_is_dust_and_the_label_still_gives_its_value() -> None:
    text = ("開示等請求書\n(お名前 ) 井上隆\n(< 住所 ) 北海道札幌市中央区大通西8-3-3\n"
            "| 電話 070-1735-6275\n")
    f = extract_document("request_letter", text).fields
    assert f["address"] == "北海道札幌市中央区大通西8-3-3" and f["phone"] == "070-1735-6275"
    # A note mark is not dust: ※ before 住所 starts prose, not a label.
    f = extract_document("request_letter", "開示等請求書\n氏名 井上隆\n※住所 変更あり\n").fields
    assert f["address"] is None


def test_a_kana_speck_between_a_misread_era_and_its_year_still_gives_the_birth_date() -> None:
    text = "開示等請求書\nお名前中村誠\n生年月日吾和ら56年7月7日\n"
    assert extract_document("request_letter", text).fields["birth_date"] == "1981-07-07"


def test_a_name_its_own_reading_cannot_account_for_is_doubted_not_passed_on() -> None:
    letter = ("個人情報開示等請求書\nフリガナ ハセガワレン\n氏名 {}\n"
              "生年月日 平成3年2月3日\n住所 滋賀県高島市朽木大野8-26-11")
    misread = extract_document("request_letter", letter.format("長谷川夢"), seals=None)
    assert misread.fields["name"] is None and "name" in misread.doubts
    assert misread.unsure["name"] == "長谷川夢"  # stated, so not asked for again
    right = extract_document("request_letter", letter.format("長谷川蓮"), seals=None)
    assert right.fields["name"] == "長谷川蓮" and "name" not in right.doubts
    # Its label misread, the reading is still the run of katakana above the name.
    garbled = extract_document("request_letter", "ブリ弱ヤマグチリョウ\n氏名山口高\n",
                               seals=None)
    assert garbled.fields["name"] is None and garbled.unsure["name"] == "山口高"


def test_a_card_that_reads_its_name_two_ways_settles_neither() -> None:
    card = ("個人番号カード\n氏名芝原康弘\n住所三重県桑名市友村4-28-6\n"
            "平成14年12月23日生\n個人番号\n氏名{}\n生年月日平成14年12月23日")
    two_ways = extract_document("my_number_card", card.format("菅原康弘"))
    assert two_ways.fields["name"] is None and "name" in two_ways.doubts
    one_way = extract_document("my_number_card", card.format("芝原康弘"))
    assert one_way.fields["name"] == "芝原康弘" and "name" not in one_way.doubts
    # A passport's romaji is the same name in another script, not another reading.
    passport = extract_document("passport", "旅券\n氏名 佐藤花子\nName SATO HANAKO\n")
    assert "name" not in passport.doubts


@pytest.mark.parametrize(("line", "key", "stated"), [
    ("氏名 了チ」(電)", "name", True),  # a name under a seal's strokes: written, unread
    ("氏名 ㊞", "name", False),  # only the seal's place
    ("氏名 (自署)", "name", False),  # the form's own hints
    ("氏名 (署名または記名押印)", "name", False),
    ("生年月日 昭和6?年4月", "birth_date", True),
    ("生年月日 昭和・平成　年　月　日", "birth_date", False),  # the printed template
    ("住所 東京都世田谷区桜新甲2-5-?", "address", True),
    ("住所 〒　　-", "address", False),
])
def test_a_value_written_on_its_labels_line_but_unread_is_stated_not_missing(
        line: str, key: str, stated: bool) -> None:
    text = f"個人情報開示等請求書\n{line}\n電話番号 03-1234-5678\n"
    found = extract_document("request_letter", text, seals=None)
    assert found.fields[key] is None
    assert (found.unsure.get(key) is not None) is stated
    if stated:
        assert key in found.doubts  # a person reads it on the page


@pytest.mark.parametrize(("line", "stated"), [
    ("令和8年 [1月20日", True),  # 1 misread as [: a date is written, unread
    ("2026年1i 月20日", True),
    ("令和　年　月　日", False),  # the printed template, left blank
    ("S8120半", False),  # nothing shaped like a date
    ("請求日令和八年填一月二十日", True),  # after its label, 十 misread
    ("請求日　　年　　月　　日", False),  # the label's blank template
])
def test_a_letters_date_written_but_unread_is_stated_not_missing(line: str, stated: bool) -> None:
    found = extract_document("request_letter", f"開示等請求書\n{line}\n株式会社オーネット御中\n",
                             seals=None)
    assert found.fields["date"] is None
    assert (found.unsure.get("date") is not None) is stated


def test_a_name_whose_label_was_lost_is_the_kanji_its_reading_above_spells_in_full() -> None:
    def name(line: str) -> str | None:
        text = f"開示等請求書\nフリガナミヤモトサナエ\n{line}\n生年月日昭和24年5月5日\n"
        return extract_document("request_letter", text, seals=None).fields["name"]
    assert name("氏凍名較了0 0宮本早苗") == "宮本早苗"
    assert name("氏を宮本早苗") == "宮本早苗"
    assert name("氏凍名較了0 0山田太郎") is None  # kanji the reading does not spell


def test_a_power_of_attorneys_name_written_but_unread_is_stated_not_missing() -> None:
    text = POA_HORIZONTAL.replace("氏名 : 山田太郎", "氏名 : 了チ」(電)")
    found = extract_document("power_of_attorney", text, seals=2)
    assert found.fields["principal_name"] is None
    assert found.unsure["principal_name"] and "principal_name" in found.doubts
    assert found.fields["agent_name"] == "佐藤花子"


AGENT_SIGNS = """令和8年11月20日
株式会社オーネット御中
保有個人データの開示等について (請求 )
私は、{principal} の任意代理人として、
同人の保有個人データの削除を請求いたします。
{address_sentence}
委任状その他の書類を添えますので、よろしくお願いいたします。
以上
〒566-5880
和歌山県和歌山市木ノ本二丁目9番20号
宮崎正樹
{agent_born}
連絡先 05-6314-3525"""


@pytest.mark.parametrize("agent_born", ["平成15年7月11日生まれ", "一平成15年7月11日生一",
                                        "(平成15年7月11日生)"])
def test_an_agents_signature_is_the_agents_and_the_person_is_whom_the_letter_names(
        agent_born: str) -> None:
    text = AGENT_SIGNS.format(principal="石川直樹 (平成2年4月21日生まれ )",
                              address_sentence="なお、同人の住所は東京都江戸川区鹿骨五丁目9番5号です。",
                              agent_born=agent_born)
    f = extract_document("request_letter", text, seals=1).fields
    assert (f["requester_role"], f["name"], f["birth_date"], f["address"]) == (
        "agent", "石川直樹", "1990-04-21", "東京都江戸川区鹿骨5-9-5")
    assert (f["agent_name"], f["agent_birth_date"], f["agent_address"]) == (
        "宮崎正樹", "2003-07-11", "和歌山県和歌山市木ノ本2-9-20")


def test_an_agents_letter_that_names_nobody_gives_the_person_nothing_of_the_agents() -> None:
    # The person's name in the sentence did not read; the signature is still the agent's:
    # the person's fields are null with doubts, never the writer's.
    text = AGENT_SIGNS.format(principal="ロ了チ」", address_sentence="",
                              agent_born="平成15年7月11日生まれ")
    found = extract_document("request_letter", text, seals=1)
    f = found.fields
    assert (f["name"], f["birth_date"], f["address"]) == (None, None, None)
    assert {"name", "birth_date", "address"} <= set(found.doubts)
    assert "宮崎正樹" not in found.unsure.values()
    assert (f["agent_name"], f["agent_birth_date"]) == ("宮崎正樹", "2003-07-11")


def test_an_agent_acting_for_the_one_named_below_is_read_as_before() -> None:
    text = ("請求書\n私は、下記の者の法定代理人(親権者)として、本人の個人情報の開示を請求します。\n"
            "記\n本人は山田花子(平成20年5月1日生)で、\n私、山田太郎(昭和55年1月2日生)は親権者です。\n")
    f = extract_document("request_letter", text, seals=1).fields
    assert f["name"] == "山田花子" and f["birth_date"] == "2008-05-01"
    assert f["agent_name"] == "山田太郎"


def test_a_letter_that_mentions_a_power_of_attorney_in_a_sentence_is_a_request_letter() -> None:
    text = ("株式会社オーネット御中\n保有個人データの開示等について (請求 )\n"
            "私は、西村智美の任意代理人として、\n同人の保有個人データの削除を請求いたします。\n"
            "委任状その他の書類を添えますので、よろしくお願いいたします。\n以上")
    assert classify(text) == "request_letter"
    assert classify("委任状\n令和8年11月18日\n株式会社オーネット殿") == "power_of_attorney"


@pytest.mark.parametrize("line", ["[423-7160茨城県ひたちなか市後野3-16-9",
                                  "〒423-71]0茨城県ひたちなか市後野3-16-9",
                                  "T423-7160 茨城県ひたちなか市後野3-16-9"])
def test_a_postal_code_misread_before_a_prefecture_still_leads_the_address(line: str) -> None:
    f = extract_document("request_letter", f"請求書\n{line}\n丸山美穂\n昭和59年8月28日生\n",
                         seals=None).fields
    assert (f["address"], f["name"]) == ("茨城県ひたちなか市後野3-16-9", "丸山美穂")


def test_a_lost_cho_after_one_or_two_strokes_leaves_the_figure_unknown() -> None:
    def address(line: str) -> tuple[str | None, object]:
        found = extract_document("request_letter", f"請求書\n住所 : {line}\n", seals=None)
        return found.fields["address"], found.unsure.get("address")
    assert address("和歌山県和歌山市木ノ本一目9番20号") == (None, "和歌山県和歌山市木ノ本1-9-20")
    assert address("和歌山県和歌山市木ノ本五目9番20号")[0] == "和歌山県和歌山市木ノ本5-9-20"
    assert address("千葉県船橋市本町7] 目19番2号")[0] == "千葉県船橋市本町7-19-2"


def test_a_party_heading_followed_by_a_speck_still_heads_its_section() -> None:
    text = POA_HORIZONTAL.replace("(委任者 )", "(委任者 ) -")
    f = extract_document("power_of_attorney", text, seals=2).fields
    assert (f["principal_name"], f["agent_name"]) == ("山田太郎", "佐藤花子")


def test_a_name_read_as_its_family_name_alone_is_set_aside() -> None:
    # A form with the surname and the given name in boxes of their own, the given
    # name's lost under the seal: 近藤 is no one's whole name.
    text = ("個人情報開示等請求書\n【ご本人】\n(姓) (名)\nフリガナコントウ\n氏名近藤\n"
            "生年月日平成十二年六月十三日\n")
    found = extract_document("request_letter", text, seals=1)
    assert found.fields["name"] is None and found.unsure["name"] == "近藤"
    assert "name" in found.doubts
    whole = extract_document("request_letter", text.replace("氏名近藤", "氏名近藤蓮")
                             .replace("コントウ", "コンドウレン"), seals=1)
    assert whole.fields["name"] == "近藤蓮"


@pytest.mark.parametrize(("line", "types"), [
    ("請求の内容 : 開示・第三者提供の停止", ["disclosure", "third_party_stop"]),
    ("請求内容: 訂正、利用停止", ["correction", "suspension"]),
    ("ご請求の内容:削除", ["deletion"]),
    ("請求の内容 : 開示及び訂正", ["disclosure", "correction"]),
])
def test_types_written_out_after_their_label_are_the_request(line: str,
                                                             types: list[str]) -> None:
    text = f"個人情報開示等請求\n請求者の区分 : 本人\n{line}\n氏名 : 山田太郎\n"
    found = extract_document("request_letter", text, seals=None)
    assert found.fields["request_types"] == types
    assert "request_types" not in found.doubts


@pytest.mark.parametrize("page", [
    # Every type a form offers, listed: the form's options, their marks lost.
    "請求の内容 : 開示・訂正・削除・利用停止・第三者提供の停止",
    # A page that asks its reader to mark one: a list there is its options.
    "請求の内容（該当するものに○）\n請求の内容 : 開示・訂正",
])
def test_a_list_of_options_is_never_taken_for_the_choice(page: str) -> None:
    found = extract_document("request_letter", f"個人情報開示等請求書\n{page}\n", seals=None)
    assert found.fields["request_types"] in (None, [])
    assert "request_types" in found.doubts


@pytest.mark.parametrize("label", ["フリカガナ", "マリガナ", "ブフリカナ"])
def test_a_reading_under_a_misread_label_still_checks_the_name(label: str) -> None:
    text = f"個人情報開示等請求\n氏名 : 坂本早昔\n{label} : サカモトサナエ\n"
    found = extract_document("request_letter", text, seals=None)
    assert found.fields["name"] is None and found.unsure["name"] == "坂本早昔"
    assert found.fields["kana"] == "サカモトサナエ"


@pytest.mark.parametrize(("line", "role"), [
    ("請求者の区分任意代理人", "agent"), ("請求者の区分 : 法定代理人", "legal_representative"),
    ("請求者：本人", "self")])
def test_the_requesters_kind_written_out_after_its_label_is_the_role(line: str,
                                                                     role: str) -> None:
    # (本人氏名 further down names the person; it says nothing of who asks.)
    text = f"保有個人データに関する請求書\n{line}\n請求の内容利用停止\n本人氏名関口結衣\n"
    assert extract_document("request_letter", text, seals=None).fields["requester_role"] == role


POA_SENTENCE = """委任状
株式会社オーネット御中
私、青木裕子 (昭和41年9月18日生、住所北海道札幌市中央区大通西一丁目8番7号 )
は、田中直樹 (昭和40年1月7日生、住所北海道札幌市中央区大通西2-6-12) を代理
人と定め、貴社が保有する私の個人データの開示等の請求に関する一切の権限を委任し
ます。
令和8年11月18日
委任者住所 : 北海道札幌市中央区大通西一丁目8番7号
氏名 : 青木裕子
代理人住所 : 北海道札幌市中央区大通西2-6-12
氏名 : 田中直樹"""


def test_a_power_of_attorney_written_as_one_sentence_gives_what_it_says() -> None:
    f = extract_document("power_of_attorney", POA_SENTENCE, seals=2).fields
    assert (f["principal_name"], f["principal_birth_date"], f["principal_address"]) == (
        "青木裕子", "1966-09-18", "北海道札幌市中央区大通西1-8-7")
    assert (f["agent_name"], f["agent_birth_date"], f["agent_address"]) == (
        "田中直樹", "1965-01-07", "北海道札幌市中央区大通西2-6-12")
    assert f["matters"] and "開示等の請求" in f["matters"]
    # Without the sentence, its birth dates are not stated: nothing stands in for them.
    bare = POA_SENTENCE.split("令和8年")[0].split("\n")[:2] + POA_SENTENCE.split("\n")[6:]
    f = extract_document("power_of_attorney", "\n".join(bare), seals=2).fields
    assert f["principal_birth_date"] is None and f["matters"] is None


@pytest.mark.parametrize(("principal_head", "agent_head"), [
    ("委任者 (本人 )", "受任者 (■代理人 )"),  # glossed in brackets, a mark misread in one
    ("委任者。", "受任者。"),  # a stop misread after each
])
def test_a_power_of_attorneys_parties_under_other_headings(principal_head: str,
                                                           agent_head: str) -> None:
    text = POA_HORIZONTAL.replace("(代理人 )", agent_head).replace("(委任者 )", principal_head)
    f = extract_document("power_of_attorney", text, seals=2).fields
    assert (f["principal_name"], f["agent_name"]) == ("山田太郎", "佐藤花子")
    assert f["principal_address"] == "東京都世田谷区桜新町2-5-3"


def test_a_misread_principal_heading_before_its_label_is_still_the_persons() -> None:
    text = ("委任状\n私は、次の者を代理人と定め、下記の事項を委任します。\n"
            "受任者。住所京都府京都市左京区下鴨4-18-9\n氏名佐藤雄一\n"
            "妻任者住所大阪府大阪市北区梅田4丁目26番16号\n氏名山田陽子\n")
    f = extract_document("power_of_attorney", text, seals=2).fields
    assert (f["principal_name"], f["agent_name"]) == ("山田陽子", "佐藤雄一")
    assert f["principal_address"] == "大阪府大阪市北区梅田4-26-16"


def test_a_stray_letter_before_a_prefecture_whose_city_follows_is_dropped() -> None:
    text = "令和8年11月20日\n差出人\n上島根県益田市戸田町五丁目12番1号\n中村智美\n平成9年6月5日生\n"
    f = extract_document("request_letter", text, seals=None).fields
    assert (f["address"], f["name"]) == ("島根県益田市戸田町5-12-1", "中村智美")
    # A letter before words that are no municipality is no address.
    other = "請求書\n私東京都に住む者です\n"
    assert extract_document("request_letter", other, seals=None).fields["address"] is None
