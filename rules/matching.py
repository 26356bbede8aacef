"""Matching a person against member-register rows (pure: rows in, a match out)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from rapidfuzz.distance import Levenshtein

from ocr.address import same_address
from ocr.names import confusable_name, fold_name, respelled
from ocr.readings import same_reading
from rules.case import NO_MEMBER, Case, MemberMatch, Party, lookup_parties


def match_member(person: Party, rows: Iterable[dict[str, Any]]) -> MemberMatch:
    """Name + birth date (or, without one, name + the member number given) is a match;
    the address then makes it exact (else partial).
    Without a birth-date match, kana + address may still find a partial one, and so may
    the birth date and the address together when the name was not read or was misread
    (MISREAD_SHARE), or the name's reading (フリガナ) and the birth date. Withdrawn
    members and prospects are matched like members: their data is held."""
    rows = list(rows)
    if not person.name:
        return _without_the_name(person, rows)
    kana = person.kana
    key = fold_name(person.name)
    same_name = [r for r in rows if fold_name(r.get("name")) == key
                 or confusable_name(person.name, r.get("name"))]
    same_birth = [r for r in same_name if person.birth_date and
                  str(r.get("birth_date") or "")[:10] == person.birth_date]
    by = "name+birth_date"
    if not same_birth and not person.birth_date and person.member_number:
        # No birth date given: the name and the member number the writer gave agree.
        same_birth = [r for r in same_name if str(r.get("member_id")) == person.member_number]
        by = "name+member_number"
    for r in same_birth:
        if same_address(person.address, r.get("address")):
            return MemberMatch(str(r["member_id"]), "exact", r, f"{by}+address")
    if len(same_birth) == 1:
        return MemberMatch(str(same_birth[0]["member_id"]), "partial", same_birth[0], by)
    if kana:
        by_kana = [r for r in same_name if same_reading(kana, r.get("name_kana"))
                   and same_address(person.address, r.get("address"))]
        if len(by_kana) == 1:
            return MemberMatch(str(by_kana[0]["member_id"]), "partial", by_kana[0],
                               "name+kana+address")
    return _without_the_name(person, rows)


def _without_the_name(person: Party, rows: list[dict[str, Any]]) -> MemberMatch:
    found = _by_birth_and_address(person, rows)
    return found if found.match != "none" else _by_reading(person, rows)


# A name read with this share of its letters wrong, or fewer, may be a misreading of the
# registered one (高橋健一 read as 高橋健二; a name of two letters has no letter to spare);
# more is another name, and another person, whatever else agrees.
MISREAD_SHARE = 0.34
WITHOUT_NAME = "birth_date+address"
BY_READING = "kana+birth_date"
# Matches found without the name: a person confirms them (`by` starts with one of these).
WITHOUT_THE_NAME = (WITHOUT_NAME, BY_READING)


def _by_birth_and_address(person: Party, rows: Iterable[dict[str, Any]]) -> MemberMatch:
    """The one member born on the day given and living at the address given, when the
    name does not find them: it was not read, or was misread (MISREAD_SHARE). Both
    must agree (a family shares an address, and many share a birthday), exactly one
    member may fit, and the match is only ever partial: a person confirms it, and the
    letter's name is not taken from it."""
    if not (person.birth_date and person.address):
        return NO_MEMBER
    fits = [r for r in rows if str(r.get("birth_date") or "")[:10] == person.birth_date
            and same_address(person.address, r.get("address"))]
    if person.name:
        read = fold_name(person.name)
        fits = [r for r in fits if Levenshtein.distance(read, fold_name(r.get("name")))
                <= MISREAD_SHARE * max(len(read), len(fold_name(r.get("name"))))]
    if len(fits) != 1:
        return NO_MEMBER
    how = "氏名の読みが名簿と異なる" if person.name else "氏名は読めず"
    return MemberMatch(str(fits[0]["member_id"]), "partial", fits[0], f"{WITHOUT_NAME} ({how})")


def _by_reading(person: Party, rows: Iterable[dict[str, Any]]) -> MemberMatch:
    """The one member whose registered reading is the letter's フリガナ and who was born
    on the day given, when the name does not find them (not read, or misread). Only
    ever partial: a person confirms it, and no name is taken from it."""
    if not (person.kana and person.birth_date):
        return NO_MEMBER
    fits = [r for r in rows if str(r.get("birth_date") or "")[:10] == person.birth_date
            and same_reading(person.kana, r.get("name_kana"))]
    if len(fits) != 1:
        return NO_MEMBER
    how = "氏名の読みが名簿と異なる" if person.name else "氏名は読めず"
    return MemberMatch(str(fits[0]["member_id"]), "partial", fits[0], f"{BY_READING} ({how})")


def find_member(case: Case, lookup: Callable[[Party], MemberMatch]) -> MemberMatch:
    """The person in the register: as the case has them, else as an enclosed ID reads
    their name (saying so in `by`)."""
    if not case.privacy_request:
        return NO_MEMBER
    loose = NO_MEMBER  # found without the name: only if no reading of the name finds one
    for n, party in enumerate(lookup_parties(case)):
        member = lookup(party)
        if member.match != "none":
            member = replace(member, by=f"{member.by} (本人確認書類の氏名)") if n else member
            if not (member.by or "").startswith(WITHOUT_THE_NAME):
                return member
            loose = loose if loose.match != "none" else member
    return loose


def spell_as_registered(case: Case, member: MemberMatch) -> tuple[Case, MemberMatch]:
    """The person's name as the register spells it, where the reading differs only by
    an old form the OCR model cannot write (高 read for 髙): the same glyphs, now in the
    form the register knows them by — on the letter and the 委任状 that name the person
    as read. Any other difference is left as read, and the match says when the spelling
    came from the register."""
    read = case.person.name
    name = respelled(read, (member.record or {}).get("name"))
    if name is None:
        return case, member
    keys = {"request_letter": "name", "power_of_attorney": "principal_name"}
    documents = [replace(d, fields={**d.fields, keys[d.kind]: name})
                 if d.kind in keys and d.fields.get(keys[d.kind]) == read else d
                 for d in case.documents]
    return (replace(case, documents=documents, person=replace(case.person, name=name)),
            replace(member, by=f"{member.by}; 氏名の字体は名簿による"))
