"""The procedure applied to a case: findings (deficiencies, review points) and a decision.

Who the documents belong to is decided by matching them against the parties: the
person (本人, the 委任者 of a 委任状) and, for an agent or a legal representative,
the agent. An ID that matches the agent is the agent's ID; any other is checked as
the person's.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ocr.address import same_address
from ocr.classify import ID_KINDS
from ocr.model import Document
from ocr.names import confusable_name, same_name
from rules.case import Case, MemberMatch, Party
from rules.decision import Decision
from rules.matching import WITHOUT_THE_NAME
from rules.procedure import Procedure


def _months_before(day: dt.date, months: int) -> dt.date:
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def id_problems(doc: Document, proc: Procedure, received: dt.date) -> list[str]:
    """Why an identity document is not acceptable (suffixes of `id_document.`)."""
    problems: list[str] = []
    if doc.kind not in proc.accepted_ids or (doc.kind == "pension_book"
                                             and not proc.pension_book_accepted):
        return ["not_accepted"]
    f = doc.fields
    if doc.kind == "health_insurance_card" and received > proc.health_insurance_card_until \
            and "資格確認書" not in doc.text:
        return ["not_accepted"]
    expiry = _date(f.get("expiry_date"))
    if expiry and expiry < received:
        problems.append("expired")
    elif expiry_unread(doc, proc):
        problems.append("expiry_unread")
    if doc.kind in proc.issued_within_kinds and _too_old(f, proc, received):
        problems.append("too_old")
    return problems


def expiry_unread(doc: Document, proc: Procedure) -> bool:
    """A card that always prints its expiry, whose expiry did not read."""
    return doc.kind in proc.expiry_printed_kinds and _date(doc.fields.get("expiry_date")) is None


def _too_old(fields: dict[str, Any], proc: Procedure, received: dt.date) -> bool:
    issued = _date(fields.get("issue_date"))
    return bool(issued and issued < _months_before(received, proc.issued_within_months))


def agrees(party: Party, fields: dict[str, Any], prefix: str = "") -> bool:
    """Name and birth date agree where both are known (addresses move; see review).
    Names that differ only by a known OCR confusion (郎/朗) agree here; `confusions`
    turns them into a review point."""
    name, birth = fields.get(f"{prefix}name"), fields.get(f"{prefix}birth_date")
    if party.name and name and not (same_name(party.name, name)
                                    or confusable_name(party.name, name)):
        return False
    return not (party.birth_date and birth and party.birth_date != birth)


def confusions(case: Case, member: MemberMatch) -> bool:
    """Did any document, or the register, spell a party's name with an OCR confusion?"""
    names = [d.fields.get(k) for d in case.documents
             for k in ("name", "principal_name", "agent_name") if d.fields.get(k)]
    if member.record and member.record.get("name"):
        names.append(member.record["name"])
    parties = [p.name for p in (case.person, case.agent) if p and p.name]
    return any(confusable_name(p, n) for p in parties for n in names)


def _belongs_to(party: Party | None, doc: Document) -> bool:
    """Is the ID this party's: the same name — or, where the party's name did not read,
    the same birth date?"""
    if party is None:
        return False
    if party.name:
        return bool(doc.fields.get("name")) and same_name(party.name, doc.fields["name"])
    return bool(party.birth_date) and party.birth_date == doc.fields.get("birth_date")


def _stated(doc: Document, key: str) -> bool:
    """Does the document give this value? Read, or read but not surely: a value OCR
    was unsure of is null (never guessed) yet stated — the paper is not short of it,
    and asking the person for it again would ask for what came. A person reads it on
    the page (low_ocr_confidence, from the doubt). Only a value not found is missing."""
    return bool(doc.fields.get(key)) or doc.unsure.get(key) is not None


def _read_unsurely(case: Case, proc: Procedure) -> bool:
    """Is a value the procedure asks for stated, but null because OCR was unsure of it?"""
    wanted = [("request_letter", k) for k in proc.letter_required] + \
        [("power_of_attorney", k) for k in proc.poa_required]
    return any(doc.kind == kind and not doc.fields.get(key) and _stated(doc, key)
               for doc in case.documents for kind, key in wanted)


def letter_deficiencies(case: Case, proc: Procedure) -> list[str]:
    letter = case.letter
    if letter is None:
        return ["request_letter"]
    out = []
    for name in proc.letter_required:
        value = letter.fields.get(name)
        if name == "seal":
            if value is False:  # None = cannot tell from this scan: a person looks
                out.append("request_letter.seal")
        elif not _stated(letter, name):
            out.append(f"request_letter.{name}")
    if not case.types and not case.types_unread:
        out.append("request_letter.request_type")
    return out


def _id_check(ids: list[Document], party: Party, code: str, proc: Procedure,
              received: dt.date) -> list[str]:
    """The fewest problems among the IDs offered for one party ([] = one is valid)."""
    if not ids:
        return [code]
    best: list[str] | None = None
    for doc in ids:
        # An expiry that did not read leaves the card not shown to be valid: for the
        # letter, no valid ID was found (CONTRACT has no code of its own for it).
        problems = [code if p == "expiry_unread" else f"{code}.{p}"
                    for p in id_problems(doc, proc, received)]
        if not problems and not agrees(party, doc.fields):
            problems = [f"{code}.mismatch"]
        if not problems:
            return []
        if best is None or len(problems) < len(best):
            best = problems
    return best or []


def id_deficiencies(case: Case, proc: Procedure, role_requires: tuple[str, ...]) -> list[str]:
    ids = [d for d in case.documents if d.kind in ID_KINDS]
    agent_ids = [d for d in ids if case.agent and _belongs_to(case.agent, d)
                 and not _belongs_to(case.person, d)]
    if case.agent and not (case.agent.name or case.agent.birth_date) and case.person.name:
        # The agent's name and birth date did not read: an ID whose name reads as
        # someone other than the person is the one the agent sent (asking for it again
        # would ask for what came). Nothing on it stands in for the agent's details.
        agent_ids = [d for d in ids if d.fields.get("name")
                     and not _belongs_to(case.person, d)
                     and not confusable_name(case.person.name, d.fields["name"])]
    person_ids = [d for d in ids if d not in agent_ids]
    out: list[str] = []
    if "id_document" in role_requires:
        out += _id_check(person_ids, case.person, "id_document", proc, case.received)
    if "agent_id_document" in role_requires:
        agent = case.agent or Party()
        out += _id_check(agent_ids, agent, "agent_id_document", proc, case.received)
    return out


def poa_deficiencies(case: Case, proc: Procedure) -> list[str]:
    poas = case.docs("power_of_attorney")
    if not poas:
        return ["power_of_attorney"]
    f = poas[0].fields
    # A seal the scan cannot show (None) is for the reviewer; only a visible absence counts.
    return [f"power_of_attorney.{k}" for k in proc.poa_required
            if (f.get(k) is False if k.endswith("seal") else not _stated(poas[0], k))]


def seal_certificate_deficiencies(case: Case, proc: Procedure) -> list[str]:
    certs = case.docs("seal_certificate")
    if not certs:
        return ["seal_certificate"]
    f = certs[0].fields
    if _too_old(f, proc, case.received):
        return ["seal_certificate.too_old"]
    if not agrees(case.person, f):
        return ["seal_certificate.mismatch"]
    return []


def proof_deficiencies(case: Case, proc: Procedure) -> list[str]:
    for doc in case.documents:
        if doc.kind in proc.proof_kinds or (doc.kind == "other" and
                                            any(w in doc.text for w in proc.proof_words)):
            if doc.kind in proc.issued_within_kinds and _too_old(doc.fields, proc,
                                                                 case.received):
                continue
            return []
    return ["proof_of_representation"]


def review_points(case: Case, member: MemberMatch, proc: Procedure) -> list[str]:
    points = list(case.reading_points)
    record = member.record or {}
    if member.match != "none" and case.person.address and record.get("address") \
            and not same_address(case.person.address, record["address"]):
        points.append("address_changed")
    if confusions(case, member) or (member.by or "").startswith(WITHOUT_THE_NAME) or any(
            expiry_unread(d, proc) for d in case.documents if d.kind in ID_KINDS) or (
            case.agent is not None and not (case.agent.name or case.agent.birth_date)) or \
            _read_unsurely(case, proc) or case.types_unread:
        # (Found by birth date and address alone: the name read is not the register's.
        # An ID whose expiry did not read: a person reads it on the page. An agent whose
        # name and birth date did not read: a person matches their ID to the letter.
        # A value the letter or 委任状 gives that OCR was unsure of, or request types whose
        # marks could not be told: a person reads them.)
        points.append("low_ocr_confidence")
    if case.role == "agent":
        # 直筆 and the same seal as the certificate: only a person can judge these.
        points += ["power_of_attorney_handwritten", "seal_matches_certificate"]
    return sorted(set(points), key=points.index)


def due_date(received: dt.date, proc: Procedure) -> str:
    return (received + dt.timedelta(days=proc.deadline_days)).isoformat()


def decide(case: Case, member: MemberMatch, proc: Procedure) -> Decision:
    if case.machine_generated:
        return Decision("no_reply")
    if not case.privacy_request:
        return Decision("route_to_desk", review_points=list(case.reading_points))
    if case.channel in proc.guidance_channels or case.channel not in proc.accepted_channels:
        if case.follow_up:
            # A reply to our guidance ("承知しました", a question) is the desk's to
            # answer in its case, never a second guidance mail.
            return Decision("route_to_desk",
                            review_points=[*case.reading_points, "follow_up"])
        return Decision("guidance", review_points=list(case.reading_points))
    role = proc.roles.get(case.role or "self", proc.roles["self"])
    deficiencies: list[str] = []
    if "request_letter" in role.requires:
        deficiencies += letter_deficiencies(case, proc)
    deficiencies += id_deficiencies(case, proc, role.requires)
    if "seal_certificate" in role.requires:
        deficiencies += seal_certificate_deficiencies(case, proc)
    if "power_of_attorney" in role.requires:
        deficiencies += poa_deficiencies(case, proc)
    if "proof_of_representation" in role.requires:
        deficiencies += proof_deficiencies(case, proc)
    points = review_points(case, member, proc)
    if deficiencies:
        # The deadline clock does not run while documents are missing.
        return Decision("request_documents", deficiencies=deficiencies, review_points=points)
    if member.match == "none":
        # "No data" from a failed lookup would tell a real member they have none: a
        # person searches the register and confirms it first.
        return Decision("no_data", review_points=[*points, "confirm_no_data"],
                        due_date=due_date(case.received, proc))
    # Grounds 4–6 (harm, hindrance, other laws) are never the machine's call.
    points.append("possible_harm")
    return Decision("accept", review_points=points, due_date=due_date(case.received, proc))
