"""Every requester role × document state, with the draft each one gets (pure, no OCR)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocr.model import Document
from rules.case import MemberMatch, Party, build_case
from rules.engine import decide
from rules.matching import match_member
from rules.procedure import load

PROC = load()
RECEIVED = dt.date(2026, 11, 27)
TARO_ADDR, HANAKO_ADDR = "東京都世田谷区桜新町2-5-3", "大阪府大阪市北区梅田1-2-3"
REGISTER = {"member_id": "M-1", "name": "山田太郎", "name_kana": "ヤマダタロウ",
            "birth_date": "1985-05-01", "address": TARO_ADDR, "phone": "090-1234-5678",
            "email": "taro@example.jp", "status": "withdrawn", "contract_date": "2024-04-01",
            "plan": "スタンダードプラン", "contract_details": "月会費制",
            "payment_status": "精算済", "usage_status": "2025年退会"}
MEMBER = MemberMatch("M-1", "exact", REGISTER)


def doc(kind: str, **fields: Any) -> Document:
    return Document(kind, [1], fields, text=fields.pop("_text", ""))


def letter(**over: Any) -> Document:
    f = {"date": "2026-11-20", "name": "山田太郎", "address": TARO_ADDR,
         "birth_date": "1985-05-01", "seal": True, "request_types": ["disclosure"],
         "requester_role": "agent", "phone": None, "email": None}
    f.update(over)
    return doc("request_letter", **f)


def poa(**over: Any) -> Document:
    f = {"title": True, "date": "2026-11-18", "addressee": "株式会社オーネット",
         "principal_name": "山田太郎", "principal_address": TARO_ADDR,
         "principal_birth_date": "1985-05-01", "principal_seal": True,
         "agent_name": "佐藤花子", "agent_address": HANAKO_ADDR,
         "agent_birth_date": "1990-11-23", "agent_seal": True,
         "matters": "私の個人情報に関する開示の件"}
    f.update(over)
    return doc("power_of_attorney", **f)


def licence(name: str = "山田太郎", birth: str = "1985-05-01", **over: Any) -> Document:
    f = {"name": name, "birth_date": birth, "address": None, "expiry_date": "2028-06-01",
         "issue_date": "2023-04-10", "number": "********7890"}
    f.update(over)
    return doc("drivers_license", **f)


def seal_cert(**over: Any) -> Document:
    f = {"name": "山田太郎", "birth_date": "1985-05-01", "address": TARO_ADDR,
         "expiry_date": None, "issue_date": "2026-11-02"}
    f.update(over)
    return doc("seal_certificate", **f)


def unsure(document: Document, **read: str) -> Document:
    """The document with values OCR read but was not sure of (null, set aside)."""
    document.unsure.update(read)
    return document


AGENT_OK = [letter(), poa(), seal_cert(), licence(), licence("佐藤花子", "1990-11-23")]
AGENT_POINTS = ["power_of_attorney_handwritten", "seal_matches_certificate"]


def without(docs: list[Document], kind: str, name: str | None = None) -> list[Document]:
    return [d for d in docs if not (d.kind == kind and (name is None or
                                                        d.fields.get("name") == name))]


ROWS = [
    ("agent: complete", AGENT_OK, "accept", [], [*AGENT_POINTS, "possible_harm"]),
    ("agent: no 委任状", without(AGENT_OK, "power_of_attorney"), "request_documents",
     ["power_of_attorney"], AGENT_POINTS),
    ("agent: 委任状 without matters and date",
     [letter(), poa(matters=None, date=None), seal_cert(), licence(),
      licence("佐藤花子", "1990-11-23")],
     "request_documents", ["power_of_attorney.date", "power_of_attorney.matters"],
     AGENT_POINTS),
    ("agent: 委任状 without principal's seal",
     [letter(), poa(principal_seal=False), seal_cert(), licence(),
      licence("佐藤花子", "1990-11-23")],
     "request_documents", ["power_of_attorney.principal_seal"], AGENT_POINTS),
    ("agent: 委任状 whose agent's name OCR was unsure of: stated, for a person to read",
     [letter(), unsure(poa(agent_name=None), agent_name="佐藤花子"), seal_cert(), licence(),
      licence("佐藤花子", "1990-11-23")],
     "accept", [], ["low_ocr_confidence", *AGENT_POINTS, "possible_harm"]),
    ("agent: no 印鑑登録証明書", without(AGENT_OK, "seal_certificate"), "request_documents",
     ["seal_certificate"], AGENT_POINTS),
    ("agent: 印鑑登録証明書 older than 3 months",
     [letter(), poa(), seal_cert(issue_date="2026-08-01"), licence(),
      licence("佐藤花子", "1990-11-23")],
     "request_documents", ["seal_certificate.too_old"], AGENT_POINTS),
    ("agent: 印鑑登録証明書 of someone else",
     [letter(), poa(), seal_cert(name="山田次郎"), licence(), licence("佐藤花子", "1990-11-23")],
     "request_documents", ["seal_certificate.mismatch"], AGENT_POINTS),
    ("agent: no agent ID", without(AGENT_OK, "drivers_license", "佐藤花子"),
     "request_documents", ["agent_id_document"], AGENT_POINTS),
    ("agent: agent ID expired",
     [letter(), poa(), seal_cert(), licence(), licence("佐藤花子", "1990-11-23",
                                                     expiry_date="2026-01-01")],
     "request_documents", ["agent_id_document.expired"], AGENT_POINTS),
    ("agent: no principal ID", without(AGENT_OK, "drivers_license", "山田太郎"),
     "request_documents", ["id_document"], AGENT_POINTS),
    ("legal representative: complete",
     [letter(requester_role="legal_representative", agent_name="山田一郎",
             agent_birth_date="1955-03-03", agent_address=TARO_ADDR),
      doc("family_register", name="山田太郎", birth_date="1985-05-01", issue_date="2026-11-01"),
      licence("山田一郎", "1955-03-03")], "accept", [], ["possible_harm"]),
    ("legal representative whose name did not read: their ID is theirs by birth date",
     [letter(requester_role="legal_representative", agent_name=None,
             agent_birth_date="1955-03-03", agent_address=TARO_ADDR),
      doc("family_register", name="山田太郎", birth_date="1985-05-01", issue_date="2026-11-01"),
      licence("山田一郎", "1955-03-03")], "accept", [], ["possible_harm"]),
    ("legal representative whose name and birth date did not read: the ID of someone "
     "other than the person is theirs, for a person to match",
     [letter(requester_role="legal_representative", agent_name=None,
             agent_birth_date=None, agent_address=TARO_ADDR),
      doc("family_register", name="山田太郎", birth_date="1985-05-01", issue_date="2026-11-01"),
      licence("山田一郎", "1955-03-03")], "accept", [], ["low_ocr_confidence", "possible_harm"]),
    ("legal representative whose name and birth date did not read, with the person's ID "
     "alone: theirs is asked for",
     [letter(requester_role="legal_representative", agent_name=None,
             agent_birth_date=None, agent_address=TARO_ADDR),
      doc("family_register", name="山田太郎", birth_date="1985-05-01", issue_date="2026-11-01"),
      licence("山田太郎", "1985-05-01")],
     "request_documents", ["agent_id_document"], ["low_ocr_confidence"]),
    ("legal representative whose name and birth date did not read, with an ID of the "
     "person's name misread: not taken for theirs",
     [letter(requester_role="legal_representative", agent_name=None,
             agent_birth_date=None, agent_address=TARO_ADDR),
      doc("family_register", name="山田太郎", birth_date="1985-05-01", issue_date="2026-11-01"),
      licence("山田太朗", None)],
     "request_documents", ["agent_id_document"], ["low_ocr_confidence"]),
    ("legal representative whose section read nothing: the person stays the person, and "
     "the ID of someone else is the representative's, for a person to match",
     [letter(requester_role="legal_representative", agent_name=None,
             agent_birth_date=None, agent_address=None),
      doc("family_register", name="山田太郎", birth_date="1985-05-01", issue_date="2026-11-01"),
      licence("山田一郎", "1955-03-03")], "accept", [], ["low_ocr_confidence", "possible_harm"]),
    ("legal representative: no proof",
     [letter(requester_role="legal_representative", agent_name="山田一郎",
             agent_birth_date="1955-03-03", agent_address=TARO_ADDR),
      licence("山田一郎", "1955-03-03")],
     "request_documents", ["proof_of_representation"], []),
    ("guardian: 登記事項証明書 as proof",
     [letter(requester_role="legal_representative", agent_name="鈴木弁護",
             agent_birth_date="1970-01-01", agent_address=HANAKO_ADDR),
      doc("other", _text="登記事項証明書（後見）成年後見人 鈴木弁護"),
      licence("鈴木弁護", "1970-01-01")], "accept", [], ["possible_harm"]),
]


@pytest.mark.parametrize(("docs", "outcome", "deficiencies", "points"),
                         [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_role_rows(docs: list[Document], outcome: str, deficiencies: list[str],
                   points: list[str]) -> None:
    case = build_case("post", RECEIVED, docs)
    decision = decide(case, MEMBER, PROC)
    assert (decision.outcome, decision.deficiencies, decision.review_points) == \
        (outcome, deficiencies, points)


def test_a_representatives_section_whose_name_did_not_read_keeps_the_person_the_person() -> None:
    docs = [letter(requester_role="legal_representative", agent_name=None,
                   agent_birth_date="1955-03-03", agent_address=TARO_ADDR),
            licence("山田一郎", "1955-03-03")]
    case = build_case("post", RECEIVED, docs)
    assert case.person == Party("山田太郎", "1985-05-01", TARO_ADDR)
    assert case.agent == Party(None, "1955-03-03", TARO_ADDR)


def test_agent_case_names_the_principal_as_person_and_the_agent() -> None:
    case = build_case("post", RECEIVED, AGENT_OK)
    assert case.role == "agent"
    assert case.person == Party("山田太郎", "1985-05-01", TARO_ADDR)
    assert case.agent == Party("佐藤花子", "1990-11-23", HANAKO_ADDR)


names = st.text(alphabet="山田太郎花子佐藤髙高橋渡邊辺一", min_size=2, max_size=6)


@given(names, st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2008, 12, 31)))
def test_matching_ignores_spaces_and_old_forms_but_not_birth_dates(name: str,
                                                                    born: dt.date) -> None:
    row = {"member_id": "X", "name": name, "birth_date": born.isoformat(), "address": TARO_ADDR}
    spaced = name[:1] + "　" + name[1:].replace("髙", "高").replace("邊", "辺")
    assert match_member(Party(spaced, born.isoformat(), TARO_ADDR), [row]).match == "exact"
    assert match_member(Party(name, born.isoformat(), "東京都港区芝1-1-1"), [row]).match == \
        "partial"
    other = (born + dt.timedelta(days=1)).isoformat()
    assert match_member(Party(name, other, TARO_ADDR), [row]).match == "none"


def test_a_name_not_read_or_misread_still_finds_the_one_member_born_that_day_at_that_address(
        ) -> None:
    from rules.engine import review_points
    twin = {**REGISTER, "member_id": "M-2", "name": "山田次郎"}
    neighbour = {**REGISTER, "member_id": "M-3", "name": "鈴木一郎", "birth_date": "1985-05-02"}
    rows = [REGISTER, neighbour]
    for read in (None, "山田太部", "山由太郎"):  # not read; a letter misread
        found = match_member(Party(read, "1985-05-01", TARO_ADDR), rows)
        assert (found.member_id, found.match) == ("M-1", "partial")
        assert found.by.startswith("birth_date+address")
    # Another name is another person, whatever else agrees; and both must agree.
    assert match_member(Party("佐藤花子", "1985-05-01", TARO_ADDR), rows).match == "none"
    assert match_member(Party(None, "1985-05-01", HANAKO_ADDR), rows).match == "none"
    assert match_member(Party(None, "1985-05-01", None), rows).match == "none"
    assert match_member(Party(None, None, TARO_ADDR), rows).match == "none"
    # Two members born that day at that address (twins): nobody can be told.
    assert match_member(Party(None, "1985-05-01", TARO_ADDR), [REGISTER, twin]).match == "none"
    # A person confirms such a match: the name read is not the register's.
    case = build_case("post", RECEIVED, [doc("request_letter", name=None,
                                             birth_date="1985-05-01", address=TARO_ADDR)])
    found = match_member(Party(None, "1985-05-01", TARO_ADDR), rows)
    assert "low_ocr_confidence" in review_points(case, found, PROC)
    assert "low_ocr_confidence" not in review_points(case, MEMBER, PROC)


def test_the_names_reading_and_the_birth_date_find_a_member_the_name_does_not() -> None:
    from rules.engine import review_points
    twin = {**REGISTER, "member_id": "M-2", "name": "山田次郎", "name_kana": "ヤマダジロウ"}
    rows = [REGISTER, twin]
    # The name not read, or misread past the register's; the address not read: the
    # reading (ソ for ン, a space, a label's remnant before it) and the birth date agree.
    for read, kana in ((None, "ヤマダタロウ"), ("山田太部", "ヤマダ タロウ"),
                       ("山由太郎", "ガナヤマダタロウ")):
        found = match_member(Party(read, "1985-05-01", None, kana=kana), rows)
        assert (found.member_id, found.match) == ("M-1", "partial")
        assert found.by.startswith("kana+birth_date")
    # Another day, another reading, or the reading alone: nobody.
    assert match_member(Party(None, "1985-05-02", None, kana="ヤマダタロウ"), rows).match == \
        "none"
    assert match_member(Party(None, "1985-05-01", None, kana="ヤマダハナコ"), rows).match == \
        "none"
    assert match_member(Party(None, None, None, kana="ヤマダタロウ"), rows).match == "none"
    # Found so, a person confirms it; the letter's name is not taken from it.
    case = build_case("post", RECEIVED, [doc("request_letter", name=None, kana="ヤマダタロウ",
                                             birth_date="1985-05-01")])
    assert case.person.name is None and case.person.kana == "ヤマダタロウ"
    found = match_member(case.person, rows)
    assert found.member_id == "M-1" and "low_ocr_confidence" in review_points(case, found, PROC)



def test_the_name_its_reading_and_the_address_find_a_member_whatever_ocr_did_to_the_kana(
) -> None:
    # No birth date read: the name, its reading and the address agree — the reading as OCR
    # gives it (ソ for ン, a space, a label's remnant), not only as the register spells it.
    sato = {**REGISTER, "member_id": "M-3", "name": "山田太郎", "name_kana": "ヤマダケンイチ",
            "birth_date": "1970-02-02", "address": "大阪府大阪市北区梅田1-2-3"}
    rows = [REGISTER, sato]
    for kana in ("ヤマダタロウ", "ヤマダ タロウ", "ガナヤマダタロウ"):
        found = match_member(Party("山田太郎", None, TARO_ADDR, kana=kana), rows)
        assert (found.member_id, found.by) == ("M-1", "name+kana+address"), kana
    # Another reading, or another address: not so.
    assert match_member(Party("山田太郎", None, TARO_ADDR, kana="ヤマダジロウ"), rows).by != \
        "name+kana+address"
    assert match_member(Party("山田太郎", None, "大阪府大阪市北区梅田9-9-9", kana="ヤマダタロウ"),
                        rows).by != "name+kana+address"
