"""The procedure applied to a case: findings (deficiencies, review points) and a decision."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ocr.address import same_address
from ocr.classify import ID_KINDS
from ocr.model import Document
from ocr.names import same_name
from rules.case import Case, MemberMatch
from rules.decision import Decision
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
    if doc.kind not in proc.accepted_ids:
        return ["not_accepted"]
    f = doc.fields
    if doc.kind == "health_insurance_card" and received > proc.health_insurance_card_until \
            and "資格確認書" not in doc.text:
        return ["not_accepted"]
    expiry = _date(f.get("expiry_date"))
    if expiry and expiry < received:
        problems.append("expired")
    if doc.kind in proc.issued_within_kinds:
        issued = _date(f.get("issue_date"))
        if issued and issued < _months_before(received, proc.issued_within_months):
            problems.append("too_old")
    return problems


def _agrees(person: dict[str, Any], other: dict[str, Any]) -> bool:
    """Name and birth date agree where both are known (addresses move; see review)."""
    if person.get("name") and other.get("name") and not same_name(person["name"], other["name"]):
        return False
    pb, ob = person.get("birth_date"), other.get("birth_date")
    return not (pb and ob and pb != ob)


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
        elif not value:
            out.append(f"request_letter.{name}")
    if not case.types:
        out.append("request_letter.request_type")
    return out


def id_deficiencies(case: Case, proc: Procedure) -> list[str]:
    ids = [d for d in case.documents if d.kind in ID_KINDS]
    if not ids:
        return ["id_document"]
    letter_fields = case.letter.fields if case.letter else {}
    best: list[str] | None = None
    for doc in ids:
        problems = [f"id_document.{p}" for p in id_problems(doc, proc, case.received)]
        if not problems and not _agrees(letter_fields, doc.fields):
            problems = ["id_document.mismatch"]
        if not problems:
            return []  # one valid, matching ID is enough
        if best is None or len(problems) < len(best):
            best = problems
    return best or []


def review_points(case: Case, member: MemberMatch, proc: Procedure) -> list[str]:
    points = list(case.reading_points)
    record = member.record or {}
    if member.match != "none" and case.person.address and record.get("address") \
            and not same_address(case.person.address, record["address"]):
        points.append("address_changed")
    return sorted(set(points), key=points.index)


def due_date(received: dt.date, proc: Procedure) -> str:
    return (received + dt.timedelta(days=proc.deadline_days)).isoformat()


def decide(case: Case, member: MemberMatch, proc: Procedure) -> Decision:
    if case.machine_generated:
        return Decision("no_reply")
    if not case.privacy_request:
        return Decision("route_to_desk", review_points=list(case.reading_points))
    if case.channel in proc.guidance_channels or case.channel not in proc.accepted_channels:
        return Decision("guidance", review_points=list(case.reading_points))
    role = proc.roles.get(case.role or "self", proc.roles["self"])
    deficiencies: list[str] = []
    if "request_letter" in role.requires:
        deficiencies += letter_deficiencies(case, proc)
    if "id_document" in role.requires:
        deficiencies += id_deficiencies(case, proc)
    points = review_points(case, member, proc)
    if deficiencies:
        # The deadline clock does not run while documents are missing.
        return Decision("request_documents", deficiencies=deficiencies, review_points=points)
    if member.match == "none":
        return Decision("no_data", review_points=points, due_date=due_date(case.received, proc))
    # Grounds 4–6 (harm, hindrance, other laws) are never the machine's call.
    points.append("possible_harm")
    return Decision("accept", review_points=points, due_date=due_date(case.received, proc))
