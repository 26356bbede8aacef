"""The procedure applied to cases: a table of rows, each asserting the whole decision."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from ocr.model import Document
from rules.case import MemberMatch, build_case
from rules.engine import decide
from rules.procedure import load

PROC = load()
RECEIVED = dt.date(2026, 11, 27)
MEMBER = MemberMatch("M-1", "exact", {"address": "東京都世田谷区桜新町2-5-3"})
NOBODY = MemberMatch(None, "none")


def letter(**over: Any) -> Document:
    fields = {"date": "2026-11-20", "name": "山田太郎", "address": "東京都世田谷区桜新町2-5-3",
              "birth_date": "1985-05-01", "seal": True, "request_types": ["disclosure"],
              "requester_role": "self", "phone": None, "email": None}
    fields.update(over)
    return Document("request_letter", [1], fields)


def unsure_letter(key: str, value: str) -> Document:
    """A letter whose value OCR read but was not sure of: null, and set aside."""
    doc = letter(**{key: None})
    doc.unsure[key] = value
    return doc


def types_unread_letter() -> Document:
    """A form whose type options read, but whose marks could not be told apart."""
    doc = letter(request_types=None)
    doc.doubts.append("request_types")
    return doc


def licence(**over: Any) -> Document:
    fields = {"name": "山田太郎", "birth_date": "1985-05-01",
              "address": "東京都世田谷区桜新町2-5-3", "expiry_date": "2028-06-01",
              "issue_date": "2023-04-10", "number": "********7890"}
    fields.update(over)
    return Document("drivers_license", [2], fields)


def resident_record(issued: str) -> Document:
    return Document("resident_record", [2], {"name": "山田太郎", "birth_date": "1985-05-01",
                                              "address": "東京都世田谷区桜新町2-5-3",
                                              "expiry_date": None, "issue_date": issued})


ROWS = [
    # (id, channel, documents, member, outcome, deficiencies, review points)
    ("complete", "post", [letter(), licence()], MEMBER, "accept", [], ["possible_harm"]),
    ("no letter", "post", [licence()], MEMBER, "request_documents", ["request_letter"], []),
    ("no id", "post", [letter()], MEMBER, "request_documents", ["id_document"], []),
    ("letter without date", "post", [letter(date=None), licence()], MEMBER,
     "request_documents", ["request_letter.date"], []),
    ("letter without address", "post", [letter(address=None), licence()], MEMBER,
     "request_documents", ["request_letter.address"], []),
    ("letter without name", "post", [letter(name=None), licence()], MEMBER,
     "request_documents", ["request_letter.name"], []),
    ("letter without birth date", "post", [letter(birth_date=None), licence()], MEMBER,
     "request_documents", ["request_letter.birth_date"], []),
    ("name read unsurely is stated, not missing: a person reads it", "post",
     [unsure_letter("name", "山田太郎"), licence()], MEMBER, "accept", [],
     ["low_ocr_confidence", "possible_harm"]),
    ("address read unsurely is stated, not missing", "post",
     [unsure_letter("address", "東京都世田谷区桜新町2-5-3"), licence()], MEMBER, "accept", [],
     ["low_ocr_confidence", "possible_harm"]),
    ("letter without seal", "post", [letter(seal=False), licence()], MEMBER,
     "request_documents", ["request_letter.seal"], []),
    ("seal cannot be told (grayscale)", "post", [letter(seal=None), licence()], MEMBER,
     "accept", [], ["possible_harm"]),
    ("letter without request type", "post", [letter(request_types=None), licence()], MEMBER,
     "request_documents", ["request_letter.request_type"], []),
    ("types offered whose marks could not be told are stated: a person reads them", "post",
     [types_unread_letter(), licence()], MEMBER, "accept", [],
     ["low_ocr_confidence", "possible_harm"]),
    ("expired licence", "post", [letter(), licence(expiry_date="2026-11-26")], MEMBER,
     "request_documents", ["id_document.expired"], []),
    ("licence whose expiry did not read is not taken for valid", "post",
     [letter(), licence(expiry_date=None)], MEMBER, "request_documents", ["id_document"],
     ["low_ocr_confidence"]),
    ("resident record needs no expiry", "post", [letter(), resident_record("2026-11-01")],
     MEMBER, "accept", [], ["possible_harm"]),
    ("licence expiring the day received is valid", "post",
     [letter(), licence(expiry_date="2026-11-27")], MEMBER, "accept", [], ["possible_harm"]),
    ("licence of someone else", "post", [letter(), licence(name="山田花子")], MEMBER,
     "request_documents", ["id_document.mismatch"], []),
    ("licence with another birth date", "post", [letter(), licence(birth_date="1985-05-02")],
     MEMBER, "request_documents", ["id_document.mismatch"], []),
    ("old-form name on the licence", "post", [letter(name="髙橋一郎"), licence(name="高橋一郎")],
     MEMBER, "accept", [], ["possible_harm"]),
    ("resident record within 3 months", "post", [letter(), resident_record("2026-09-01")],
     MEMBER, "accept", [], ["possible_harm"]),
    ("resident record older than 3 months", "post", [letter(), resident_record("2026-08-26")],
     MEMBER, "request_documents", ["id_document.too_old"], []),
    ("not an ID", "post", [letter(), Document("family_register", [2], {})], MEMBER,
     "request_documents", ["id_document"], []),
    ("paper health insurance card after 2025-12-01", "post",
     [letter(), Document("health_insurance_card", [2], {"name": "山田太郎",
                                                         "birth_date": "1985-05-01"})],
     MEMBER, "request_documents", ["id_document.not_accepted"], []),
    ("moved since registering", "post", [letter(address="東京都港区芝1-1-1"),
                                         licence(address="東京都港区芝1-1-1")],
     MemberMatch("M-1", "partial", {"address": "東京都世田谷区桜新町2-5-3"}), "accept", [],
     ["address_changed", "possible_harm"]),
    ("no data held", "post", [letter(), licence()], NOBODY, "no_data", [], ["confirm_no_data"]),
    ("by email", "email", [letter()], MEMBER, "guidance", [], []),
    ("not a privacy request", "email", [Document("other", [1], {})], NOBODY,
     "route_to_desk", [], []),
]


@pytest.mark.parametrize(("channel", "docs", "member", "outcome", "deficiencies", "points"),
                         [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_procedure_rows(channel: str, docs: list[Document], member: MemberMatch, outcome: str,
                        deficiencies: list[str], points: list[str]) -> None:
    case = build_case(channel, RECEIVED, docs)
    decision = decide(case, member, PROC)
    assert (decision.outcome, decision.deficiencies, decision.review_points) == \
        (outcome, deficiencies, points)
    if outcome in ("accept", "no_data"):
        assert decision.due_date == "2026-12-11"  # 14 days from receipt
    else:
        assert decision.due_date is None  # the clock does not run


def test_machine_generated_mail_gets_no_reply_whatever_it_says() -> None:
    case = build_case("email", RECEIVED, [letter()], machine_generated=True)
    assert decide(case, MEMBER, PROC).outcome == "no_reply"


def test_the_deadline_comes_from_the_procedure_file() -> None:
    from dataclasses import replace
    case = build_case("post", RECEIVED, [letter(), licence()])
    assert decide(case, MEMBER, replace(PROC, deadline_days=30)).due_date == "2026-12-27"


def test_every_refusal_ground_of_the_policy_is_in_the_procedure() -> None:
    assert sorted(PROC.refusal_grounds) == [1, 2, 3, 4, 5, 6]
    assert PROC.refusal_grounds[3] == "ご本人の個人情報が、弊社保有個人データにない場合"


def test_ocr_confusion_in_a_name_is_a_review_point_not_a_mismatch() -> None:
    case = build_case("post", RECEIVED, [letter(name="山田太朗"), licence()])
    decision = decide(case, MEMBER, PROC)
    assert decision.outcome == "accept" and decision.deficiencies == []
    assert "low_ocr_confidence" in decision.review_points
    assert case.person.name == "山田太朗"  # as read: never silently corrected
    other = decide(build_case("post", RECEIVED, [letter(name="山田次郎"), licence()]), MEMBER,
                   PROC)
    assert other.deficiencies == ["id_document.mismatch"]
