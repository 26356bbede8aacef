"""The reply a decision calls for, rendered from templates/ (jinja2)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ocr.dates import to_wareki
from outbox import wording
from rules.case import Case, MemberMatch
from rules.decision import Decision
from rules.procedure import Procedure

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@dataclass
class DraftText:
    template: str
    channel: str  # email | letter
    to: str
    subject: str
    body: str

    def to_json(self) -> dict[str, Any]:
        return {"template": self.template, "channel": self.channel, "to": self.to,
                "subject": self.subject, "body": self.body}


def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined,
                      keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["wareki"] = lambda v: to_wareki(dt.date.fromisoformat(v)) if v else "（不明）"
    return env


def case_tag(ref: int | str) -> str:
    return f"[APPI-{ref}]"


def choose_template(decision: Decision, case: Case,
                    member: MemberMatch | None = None) -> tuple[str, str] | None:
    """(template name, channel) for a decision; None for no reply at all."""
    outcome = decision.outcome
    if outcome == "no_reply":
        return None
    if outcome == "route_to_desk":
        return "route_to_desk_note", "email"
    if outcome == "guidance":
        return "guidance_email", "email"
    if outcome == "accept":
        return accept_template(case, member), "letter"
    return f"{outcome}_letter", "letter"


def accept_template(case: Case, member: MemberMatch | None) -> str:
    """The result letter for an accepted request, by what was asked."""
    types = set(case.types)
    if member is not None and member.match == "partial" and \
            types & {"disclosure", "third_party_record_disclosure"}:
        # The letter's address is not the registered one: data goes nowhere until a
        # person has confirmed where the person lives. Acknowledge receipt meanwhile.
        return "acknowledgement_letter"
    if "disclosure" in types:
        return "disclosure_result_letter"
    if "third_party_record_disclosure" in types:
        return "third_party_record_letter"
    if "purpose_notice" in types:
        return "purpose_notice_letter"
    return "completion_letter"


SUBJECTS = {
    "route_to_desk_note": "窓口対応のお願い",
    "guidance_email": "個人情報の開示等のご請求手続きのご案内",
    "request_documents_letter": "ご提出書類についてのお願い",
    "disclosure_result_letter": "保有個人データの開示について",
    "acknowledgement_letter": "ご請求の受付について",
    "completion_letter": "保有個人データの訂正等の完了について",
    "purpose_notice_letter": "保有個人データの利用目的について",
    "third_party_record_letter": "第三者提供記録の開示について",
    "no_data_letter": "保有個人データの開示等のご請求について",
    "refuse_letter": "保有個人データの開示等のご請求について",
}


def render(decision: Decision, case: Case, member: MemberMatch, *, company: Any,
           procedure: Procedure, ref: int | str, today: dt.date,
           original_subject: str = "", sender: str | None = None,
           refusal_reason: str = "") -> DraftText | None:
    chosen = choose_template(decision, case, member)
    if chosen is None:
        return None
    name, channel = chosen
    record = member.record or {}
    # Disclosure goes to the person only: to the address the register holds.
    address = record.get("address") if name in ("disclosure_result_letter",
                                                 "third_party_record_letter") and record \
        else case.person.address
    if channel == "letter":
        to = f"{address or '（住所不明）'} {case.person.name or '（氏名不明）'} 様"
    elif name == "route_to_desk_note":
        to = company.email
    else:
        to = case.contact.get("email") or sender or ""
    context = {
        "company": company, "case": case, "decision": decision, "member": record,
        "today": to_wareki(today), "ref": case_tag(ref), "address": address,
        "received": to_wareki(case.received),
        "types": wording.request_types(case.types),
        "deficiencies": [wording.deficiency(c) for c in decision.deficiencies],
        "grounds": [(n, procedure.refusal_grounds[n]) for n in decision.refusal_reasons],
        "statuses": wording.STATUSES, "original_subject": original_subject,
        "sender": sender or "", "refusal_reason": refusal_reason,
    }
    body = _env().get_template(f"{name}.j2").render(**context)
    subject = f"{case_tag(ref)} {SUBJECTS.get(name, '')}"
    if name == "route_to_desk_note" and original_subject:
        subject += f"：{original_subject}"
    return DraftText(template=name, channel=channel, to=to, subject=subject, body=body)
