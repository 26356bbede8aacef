"""Generated envelopes read and judged as `intake check` does, scored against truth:
outcome, deficiency set, role, request types, person and agent fields (right, wrong,
null), member found, false accepts, leaks."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from intake.reading import read_envelope
from ocr.model import ReadError
from ocr.reader import ReadSettings
from rules.case import build_case
from rules.engine import decide
from rules.matching import find_member, match_member, spell_as_registered
from rules.procedure import load
from tests.corpus.variety import RECEIVED, Envelope, register

PARTY_FIELDS = ("name", "birth_date", "address", "agent_name", "agent_birth_date",
                "agent_address")


@dataclass
class Judged:
    envelope: Envelope
    outcome: str | None = None
    deficiencies: list[str] = field(default_factory=list)
    role: str | None = None
    types: list[str] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)
    member_found: bool | None = None  # None: not in the register
    leaks: int = 0
    error: str | None = None
    points: list[str] = field(default_factory=list)

    @property
    def truth(self) -> dict[str, Any]:
        return self.envelope.letter_truth

    def field_verdicts(self) -> dict[str, str]:
        """right | wrong | null per party field the letter states."""
        out = {}
        for name in PARTY_FIELDS:
            if name not in self.truth:
                continue
            want, got = self.truth[name], self.fields.get(name)
            if want is None:
                out[name] = "right" if got is None else "wrong"
            else:
                out[name] = "right" if got == want else ("null" if got is None else "wrong")
        return out


def judge(env: Envelope, rows: list[dict[str, Any]], settings: ReadSettings) -> Judged:
    result = Judged(env)
    try:
        reading = read_envelope(env.data, settings)
    except ReadError as exc:
        result.error = exc.code
        return result
    case = build_case(reading.channel, RECEIVED, reading.documents,
                      reading_points=reading.points)
    case, member = spell_as_registered(
        case, find_member(case, lambda party: match_member(party, rows)))
    letter = case.letter
    result.fields = dict(letter.fields) if letter else {}
    decision = decide(case, member, load())
    result.outcome, result.deficiencies = decision.outcome, sorted(decision.deficiencies)
    result.role, result.types = case.role, list(case.types)
    result.points = decision.review_points
    if env.spec.person.member:
        # Found, and the right member: their registered name and birth date are the truth's.
        who, record = env.spec.person.person, member.record or {}
        result.member_found = bool(member.member_id and member.member_id.startswith("M")
                                   and record.get("name") == who.name_truth
                                   and record.get("birth_date") == who.birth_date)
    # Where the ID's numbers could be kept: its page's text and the documents made of it
    # (another card may print the same digits for another purpose).
    page = env.sensitive_page
    kept = re.sub(r"[\s\-]", "", "".join(p.text for p in reading.pages if p.number == page)
                  + json.dumps([d.to_json() for d in reading.documents if page in d.pages],
                               ensure_ascii=False))
    result.leaks = sum(1 for s in env.sensitive if s and s in kept)
    return result


def judge_all(envelopes: list[Envelope], settings: ReadSettings | None = None) -> list[Judged]:
    rows = register(envelopes)
    return [judge(e, rows, settings or ReadSettings()) for e in envelopes]


@dataclass
class Figures:
    envelopes: int
    outcome_right: int
    deficiencies_exact: int
    false_accepts: int
    role_right: int
    types_right: int
    fields: Counter[str]
    member_found: int
    member_total: int
    leaks: int
    errors: int
    deficiencies_raised_wrongly: int

    def ratio(self, n: int, total: int | None = None) -> str:
        total = self.envelopes if total is None else total
        return f"{n}/{total} ({100 * n / total:.0f}%)" if total else "–"

    @property
    def field_total(self) -> int:
        return sum(self.fields.values())


def figures(judged: list[Judged]) -> Figures:
    fields: Counter[str] = Counter()
    for j in judged:
        fields.update(j.field_verdicts().values())
    members = [j for j in judged if j.member_found is not None]
    return Figures(
        envelopes=len(judged),
        outcome_right=sum(j.outcome == j.envelope.outcome for j in judged),
        deficiencies_exact=sum(j.deficiencies == j.envelope.deficiencies for j in judged),
        false_accepts=sum(j.outcome == "accept" and j.envelope.outcome != "accept"
                          for j in judged),
        role_right=sum(j.role == j.truth["requester_role"] for j in judged),
        types_right=sum(j.types == j.truth["request_types"] for j in judged),
        fields=fields,
        member_found=sum(bool(j.member_found) for j in members),
        member_total=len(members),
        leaks=sum(j.leaks for j in judged),
        errors=sum(j.error is not None for j in judged),
        deficiencies_raised_wrongly=sum(len(set(j.deficiencies) - set(j.envelope.deficiencies))
                                        for j in judged))


def by_layout(judged: list[Judged]) -> dict[str, Figures]:
    groups: dict[str, list[Judged]] = {}
    for j in judged:
        groups.setdefault(j.envelope.spec.layout, []).append(j)
    return {k: figures(v) for k, v in sorted(groups.items())}


def explain(j: Judged) -> str:
    """One line per envelope that went wrong: what was expected and what came out."""
    bits = []
    if j.error:
        bits.append(f"error {j.error}")
    if j.outcome != j.envelope.outcome:
        bits.append(f"outcome {j.outcome} (want {j.envelope.outcome})")
    if j.deficiencies != j.envelope.deficiencies:
        bits.append(f"def {j.deficiencies} (want {j.envelope.deficiencies})")
    if j.role != j.truth["requester_role"]:
        bits.append(f"role {j.role} (want {j.truth['requester_role']})")
    if j.types != j.truth["request_types"]:
        bits.append(f"types {j.types} (want {j.truth['request_types']})")
    for name, verdict in j.field_verdicts().items():
        if verdict != "right":
            bits.append(f"{name} {verdict}: {j.fields.get(name)!r} (want {j.truth[name]!r})")
    if j.member_found is False:
        bits.append("member not found")
    return "; ".join(bits)
