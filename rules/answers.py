"""What reviewers record on a case, and what it makes of each request type.

The machine decides whether a request can be answered; only a person can say what was
corrected and when, which data is withheld and why, what the company holds beyond the
register, to whom data was provided, that a person really has no data, and where a
person who moved lives. Those records are `Answers`; `type_decisions` turns a case
decision and its answers into one decision per request type, and `open_items` says
what must still be recorded before a reply may be approved.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

from rules.case import Case
from rules.decision import Decision, TypeDecision
from rules.procedure import Procedure

ANSWERED = ("disclosure", "third_party_record_disclosure", "purpose_notice")
CARRIED_OUT = ("correction", "deletion", "suspension", "third_party_stop",
               "applicant_erasure")


@dataclass
class Done:
    what: str
    on: str  # ISO date the measure was completed


@dataclass
class Withheld:
    item: str
    ground: str  # a ground code fitting disclosure (4, 5, 6)
    reason: str


@dataclass
class Refusal:
    grounds: list[str]
    reason: str
    alternative: str = ""  # the 代替措置, for a ground with effect "alternative"


@dataclass
class Provision:
    date: str  # ISO
    recipient: str
    items: str


@dataclass
class Answers:
    done: dict[str, Done] = field(default_factory=dict)
    refused: dict[str, Refusal] = field(default_factory=dict)
    withheld: list[Withheld] = field(default_factory=list)
    other_data: str | None = None  # None: not yet recorded; "": declared none
    provisions: list[Provision] | None = None  # None: not recorded; []: no record held
    no_data_confirmed: bool = False
    # "registered" | "letter" once a person confirmed it; "proof" while proof is asked for
    address: str | None = None
    # The request types as a person read them on the letter's page, where reading could
    # not tell its marks (or read them wrong); None: as read; []: none is marked.
    types: list[str] | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Answers:
        d = data or {}
        provisions = d.get("provisions")
        return cls(
            done={k: Done(**v) for k, v in (d.get("done") or {}).items()},
            refused={k: Refusal(**v) for k, v in (d.get("refused") or {}).items()},
            withheld=[Withheld(**w) for w in d.get("withheld") or []],
            other_data=d.get("other_data"),
            provisions=None if provisions is None else [Provision(**p) for p in provisions],
            no_data_confirmed=bool(d.get("no_data_confirmed")),
            address=d.get("address"),
            types=d.get("types"),
        )


def as_recorded(case: Case, answers: Answers) -> Case:
    """The case with the request types a reviewer read on the page, once recorded: they
    stand for the letter's own marks, which the machine could not read. Recorded as
    none (the person marked nothing), the letter is short of its request type."""
    if answers.types is None:
        return case
    return replace(case, types=list(answers.types), types_recorded=True)


def holds_address(decision: Decision, answers: Answers) -> bool:
    """A mover's case: no data leaves until a person confirms where the person lives."""
    return "address_changed" in decision.review_points and \
        answers.address not in ("registered", "letter")


def _answered_type(request_type: str, answers: Answers, proc: Procedure) -> TypeDecision:
    refusal = answers.refused.get(request_type)
    if refusal:
        effects = {proc.grounds[g].effect for g in refusal.grounds if g in proc.grounds}
        outcome = next((e for e in ("no_data", "resubmit", "alternative", "refuse")
                        if e in effects), "refuse")
        return TypeDecision(request_type, outcome, list(refusal.grounds), refusal.reason)
    if request_type in CARRIED_OUT:
        return TypeDecision(request_type, "done" if request_type in answers.done
                            else "carry_out")
    if request_type == "disclosure" and answers.withheld:
        return TypeDecision(request_type, "partial",
                            sorted({w.ground for w in answers.withheld}))
    return TypeDecision(request_type, "answer")


def type_decisions(decision: Decision, types: list[str], answers: Answers,
                   proc: Procedure) -> list[TypeDecision]:
    """One decision per request type of the case."""
    outcome = decision.outcome
    if outcome in ("route_to_desk", "no_reply"):
        return []
    if outcome in ("request_documents", "guidance", "no_data"):
        return [TypeDecision(t, outcome) for t in types]
    if holds_address(decision, answers):
        return [TypeDecision(t, "hold_address") for t in types]
    return [_answered_type(t, answers, proc) for t in types]


def with_answers(decision: Decision, types: list[str], answers: Answers,
                 proc: Procedure) -> Decision:
    """The decision with its per-type list, and the case outcome a reviewer's refusal
    makes of it: `refuse` when no type is granted any more."""
    decision.types = type_decisions(decision, types, answers, proc)
    if decision.outcome == "accept" and decision.types and all(
            t.outcome in ("refuse", "alternative", "resubmit") for t in decision.types):
        decision.outcome = "refuse"
    if decision.outcome == "accept" and decision.types and all(
            t.outcome == "no_data" for t in decision.types):
        decision.outcome = "no_data"
    numbers = {proc.grounds[g].policy_number for t in decision.types for g in t.grounds
               if g in proc.grounds}
    decision.refusal_reasons = sorted(n for n in numbers if n is not None) or \
        decision.refusal_reasons
    return decision


# What must be recorded before a reply may be approved (code → what to do, for the desk).
OPEN_ITEMS = {
    "types": "ご請求の内容（開示・訂正・利用停止等のどれか）が読み取れませんでした。依頼書の"
             "チェック欄を画像で確かめ、記録してください（intake review types）。",
    "confirm_no_data": "保有個人データが「なし」の通知です。会員検索（intake members search）で"
                       "お名前・フリガナ・生年月日・住所から確かめ、確認を記録してください"
                       "（intake review confirm-no-data）。",
    "other_data": "「その他の保有個人データ」を記入するか、ないことを記録してください"
                  "（intake review other-data）。",
    "provisions": "第三者提供記録を記録するか、記録がないことを記録してください"
                  "（intake review provisions）。",
    "done": "「{type}」について、対応した内容と完了日を記録してください（intake review done）。",
    "alternative": "「{type}」の代替措置の内容を記録してください"
                   "（intake review refuse --alternative）。",
}


def open_items(decision: Decision, answers: Answers, types_wording: dict[str, str]
               ) -> list[str]:
    """What the reviewer must still record, in words; empty when the reply is complete."""
    out: list[str] = []
    if decision.outcome in ("accept", "no_data") and not decision.types:
        out.append(OPEN_ITEMS["types"])
    if decision.outcome == "no_data" and not answers.no_data_confirmed:
        out.append(OPEN_ITEMS["confirm_no_data"])
    for t in decision.types:
        label = types_wording.get(t.type, t.type)
        if t.outcome == "carry_out":
            out.append(OPEN_ITEMS["done"].format(type=label))
        if t.outcome == "alternative" and not answers.refused[t.type].alternative.strip():
            out.append(OPEN_ITEMS["alternative"].format(type=label))
        if t.type == "disclosure" and t.outcome in ("answer", "partial") and \
                answers.other_data is None:
            out.append(OPEN_ITEMS["other_data"])
        if t.type == "third_party_record_disclosure" and t.outcome in ("answer", "partial") \
                and answers.provisions is None:
            out.append(OPEN_ITEMS["provisions"])
    return out
