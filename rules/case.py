"""A case: what is asked, by whom, with which documents — built from what was read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from ocr.classify import ID_KINDS
from ocr.model import Document
from ocr.names import normalize_name


@dataclass(frozen=True)
class Party:
    name: str | None = None
    birth_date: str | None = None
    address: str | None = None
    member_number: str | None = None  # as the writer gave it; helps find, never proves
    kana: str | None = None  # the name's reading as the letter gives it: finds, never proves

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "birth_date": self.birth_date, "address": self.address}


@dataclass(frozen=True)
class MemberMatch:
    member_id: str | None
    match: str  # exact | partial | none
    record: dict[str, Any] | None = None  # the register row, for drafting only
    by: str | None = None  # what agreed: name+birth_date+address, name+birth_date, ...

    def to_json(self) -> dict[str, Any]:
        return {"member_id": self.member_id, "match": self.match, "by": self.by}


NO_MEMBER = MemberMatch(None, "none")


@dataclass
class Case:
    channel: str  # post | email | visit
    received: dt.date
    documents: list[Document]
    types: list[str] = field(default_factory=list)
    role: str | None = None
    person: Party = field(default_factory=Party)
    agent: Party | None = None
    contact: dict[str, str | None] = field(default_factory=dict)
    machine_generated: bool = False
    privacy_request: bool = False
    reading_points: list[str] = field(default_factory=list)  # review points found by reading
    follow_up: bool = False  # a mail answering one of ours, in an open case
    disclosure_method: str | None = None  # electronic | paper, as the letter designates
    types_recorded: bool = False  # a person read the types on the page (none, it may be)

    def docs(self, *kinds: str) -> list[Document]:
        return [d for d in self.documents if d.kind in kinds]

    @property
    def letter(self) -> Document | None:
        found = self.docs("request_letter")
        return found[0] if found else None

    @property
    def types_unread(self) -> bool:
        """The letter offers the request types as options, but which are marked could
        not be told (a mark half inked, boxes and options that do not pair up): the
        request states them — a person reads them on the page and records them."""
        letter = self.letter
        return not self.types and not self.types_recorded and letter is not None \
            and "request_types" in letter.doubts

    def to_json(self) -> dict[str, Any]:
        return {
            "types": self.types,
            "requester_role": self.role,
            "person": self.person.to_json(),
            "agent": self.agent.to_json() if self.agent else None,
            "contact": {"email": self.contact.get("email"), "phone": self.contact.get("phone")},
            "disclosure_method": self.disclosure_method,
        }


def lookup_parties(case: Case) -> list[Party]:
    """Who to look for in the register, in order: the person as the case has them, then
    — for a person asking for themself — as each enclosed ID reads them (the letter's
    name may be misread where the ID's is not). A search only: whatever is found, the
    letter is still checked against the ID as it reads."""
    out = [case.person]
    if case.role == "self":
        for doc in case.docs(*ID_KINDS):
            name = doc.fields.get("name")
            if name and name != case.person.name:
                out.append(replace(case.person, name=name,
                                   birth_date=case.person.birth_date
                                   or doc.fields.get("birth_date")))
    return out


def _party(fields: dict[str, Any], prefix: str) -> Party:
    return Party(name=fields.get(f"{prefix}name"), birth_date=fields.get(f"{prefix}birth_date"),
                 address=fields.get(f"{prefix}address"), kana=fields.get(f"{prefix}kana"))


def build_case(channel: str, received: dt.date, documents: list[Document], *,
               sender_email: str | None = None, sender_name: str | None = None,
               machine_generated: bool = False, follow_up: bool = False,
               reading_points: list[str] | None = None) -> Case:
    case = Case(channel=channel, received=received, documents=documents,
                machine_generated=machine_generated, follow_up=follow_up,
                reading_points=list(reading_points or []))
    letter = case.letter
    f: dict[str, Any] = letter.fields if letter else {}
    poas = case.docs("power_of_attorney")
    p: dict[str, Any] = poas[0].fields if poas else {}
    case.types = list(f.get("request_types") or [])
    case.disclosure_method = f.get("disclosure_method")
    ids = [d for d in documents if d.kind in ID_KINDS]
    # A posted ID copy or 委任状 without a letter is a request whose letter is missing.
    case.privacy_request = bool(case.types) or (
        channel != "email" and (letter is not None or bool(ids) or bool(poas)))
    role = f.get("requester_role")
    if poas and role != "legal_representative":
        role = "agent"  # a 委任状 in the envelope: the sender acts for someone else
    case.role = role or ("self" if case.privacy_request else None)
    if case.role == "agent" and poas:
        case.person = _party(p, "principal_")
        case.agent = _party(p, "agent_")
    elif case.role in ("agent", "legal_representative") and any(
            f"agent_{k}" in f for k in ("name", "birth_date", "address")):
        # The letter sets the person's details apart from the agent's (ocr.fields gives
        # the agent's keys then, null where nothing of them read): the person's are the
        # person's, and the agent's what was read of them — nothing, it may be. Taking
        # the person's for the agent's would match the person's ID to the agent.
        case.person = _party(f, "")
        case.agent = _party(f, "agent_")
    else:
        first_id = ids[0].fields if ids else {}
        case.person = Party(
            name=f.get("name") or first_id.get("name") or (normalize_name(sender_name)
                                                            if case.privacy_request else None),
            birth_date=f.get("birth_date") or first_id.get("birth_date"),
            address=f.get("address") or first_id.get("address"),
            member_number=f.get("member_number"),
            kana=f.get("kana"),
        )
        if case.role in ("agent", "legal_representative"):
            # The letter was written by the representative: it names them, not the person.
            case.agent, case.person = case.person, Party()
    case.contact = {"email": f.get("email") or sender_email, "phone": f.get("phone")}
    return case
