"""Which kind of document a page is, from its words (CONTRACT.md kinds)."""

from __future__ import annotations

import re

from ocr.text import compact

# Title words, checked in order against the top of the page first: a request
# letter that mentions "運転免許証の写し" in its body is still a request letter.
TITLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("power_of_attorney", ("委任状",)),
    ("seal_certificate", ("印鑑登録証明書", "印鑑証明書")),
    ("request_letter", ("開示請求書", "開示等請求書", "開示依頼書", "開示等依頼書", "請求書",
                        "依頼書", "開示のお願い", "開示請求", "削除請求", "訂正請求",
                        "利用停止請求", "の請求について", "の開示について")),
    ("drivers_license", ("運転免許証", "運転免許")),
    ("passport", ("旅券", "PASSPORT", "P<JPN")),
    ("my_number_card", ("個人番号カード",)),
    ("basic_resident_card", ("住民基本台帳カード",)),
    ("residence_card", ("在留カード", "特別永住者証明書")),
    ("health_insurance_card", ("資格確認書", "被保険者証", "健康保険")),
    ("pension_book", ("年金手帳", "基礎年金番号通知書")),
    ("resident_record", ("住民票",)),
    ("family_register", ("戸籍謄本", "戸籍抄本", "全部事項証明", "個人事項証明")),
)
KINDS = (*tuple(k for k, _ in TITLES), "other")
ID_KINDS = ("drivers_license", "passport", "my_number_card", "basic_resident_card",
            "residence_card", "health_insurance_card", "pension_book", "resident_record")

# Body phrases that identify a document whose title was misread; checked in order.
_CARD_HINTS = {
    "power_of_attorney": re.compile(r"(委任します|委任事項|代理人と定め)"),
    # (Its title and its 影 are hard kanji, often misread: 印紅登録証明書, 印和藍登録証明書,
    # 登録されている印昧と相違ない, 相違なにこと.)
    "seal_certificate": re.compile(r"印影と相違な|印.{1,2}登録証明書|登録されている印.と相違な"),
    "resident_record": re.compile(r"(住民となった|住民票コード|住民票の原本|世帯主)"),
    "family_register": re.compile(r"(戸籍に記録されている|除籍)"),
    "pension_book": re.compile(r"(年金番号|日本年金機構)"),
    "drivers_license": re.compile(r"(まで有効|免許の条件|公安委員会)"),
    "passport": re.compile(r"(PASSPORT|P<JPN)"),
    "my_number_card": re.compile(r"(個人番号|電子証明書)"),
}


_ASKS = re.compile(r"請求|依頼|お願い|申請|申出|申し出")
_ABOUT = re.compile(r"個人情報|個人データ|保有個人")
# The request types a form offers: a page asking for two of them is about personal data
# even where it never says 個人情報 (開示等のご請求 with ■開示 □訂正 …).
_TYPES = re.compile(r"開示|訂正|削除|消去|利用停止|第三者提供")


_SENTENCE = re.compile(r"(?:ます|です|ください)[。.]?$|。$")


def classify(text: str, head_lines: int = 6) -> str:
    lines = [compact(line) for line in text.splitlines() if line.strip()]
    # A sentence is not a title: a letter that says 委任状を添えます is not a 委任状.
    head = "".join(line for line in lines[:head_lines] if not _SENTENCE.search(line))
    for kind, words in TITLES:
        if any(w in head for w in words):
            return kind
    body = "".join(lines)
    for kind, pattern in _CARD_HINTS.items():
        if pattern.search(body):
            return kind
    # A letter may open with its writer's letterhead (〒, address, name, phone) and set
    # its title and its request below: a longer head for a request letter only.
    long_head = "".join(lines[:head_lines * 2])
    if any(w in long_head for w in dict(TITLES)["request_letter"]):
        return "request_letter"
    if _ASKS.search(long_head) and (_ABOUT.search(body)
                                    or len(set(_TYPES.findall(body))) >= 2):
        return "request_letter"  # a letter in its own words: it asks, about personal data
    return "other"
