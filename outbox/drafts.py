"""The replies a decision calls for, rendered from templates/ (jinja2).

A case gets one reply to the person (or to whoever must act), and for an agent's
request also a data-free notice to the agent. A reply answers every request type of
the case in its own section. What only a person can supply is written as a
【担当者記入：…】 mark; `outbox.gates` refuses approval while any mark is left.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ocr.classify import ID_KINDS
from ocr.dates import to_wareki, wareki_years
from outbox import wording
from outbox.purposes import purposes
from rules.answers import ANSWERED, Answers, holds_address
from rules.case import Case, MemberMatch, Party
from rules.decision import Decision
from rules.procedure import Procedure

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
MARK = "【担当者記入"  # what a person must fill before approval (see outbox.gates)


@dataclass
class DraftText:
    template: str
    channel: str  # email | letter
    to: str
    subject: str
    body: str
    # channel "electronic": the covering mail and the password letter (PASSWORD marks
    # where delivery writes the password it generates; it is kept nowhere else).
    parts: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"template": self.template, "channel": self.channel, "to": self.to,
                "subject": self.subject, "body": self.body}


PASSWORD = "［パスワード］"


@dataclass(frozen=True)
class Addressee:
    """Who a letter goes to, as it is printed: 〒, address and name as held."""

    name: str | None
    address: str | None
    postal: str | None = None

    def lines(self) -> list[str]:
        postal = f"〒{self.postal}" if self.postal else ""
        return [line for line in (
            postal, self.address or f"{MARK}：宛先の住所（不明）】",
            f"{self.name} 様" if self.name else f"{MARK}：宛名（不明）】 様") if line]

    def one_line(self) -> str:
        return " ".join(self.lines())


def registered(member: MemberMatch) -> Addressee | None:
    """The register's own spelling of the name and address (as held, not normalised)."""
    r = member.record or {}
    if not r:
        return None
    return Addressee(r.get("held_name") or r.get("name"),
                     r.get("held_address") or r.get("address"), r.get("postal_code"))


def as_read(party: Party | None) -> Addressee:
    return Addressee(party.name if party else None, party.address if party else None)


def _wareki(value: str | None) -> str:
    if not value:
        return f"{MARK}：日付】"
    return to_wareki(dt.date.fromisoformat(value))


RECORD_KEYS = ("member_id", "name", "held_name", "name_kana", "birth_date", "postal_code",
               "address", "held_address", "phone", "email", "status", "contract_date", "plan",
               "contract_details", "payment_status", "usage_status")


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined,
                      keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["wareki"] = _wareki
    # Free text from the register or a reviewer keeps the letter's one era style.
    env.filters["era"] = lambda v: wareki_years(v) if isinstance(v, str) else v
    return env


def case_tag(ref: int | str) -> str:
    return f"[APPI-{ref}]"


def result_template(types: list[str]) -> str:
    """The result letter's name, by its leading request type (one letter answers all)."""
    if "disclosure" in types:
        return "disclosure_result_letter"
    if "third_party_record_disclosure" in types:
        return "third_party_record_letter"
    if "purpose_notice" in types:
        return "purpose_notice_letter"
    return "completion_letter"


TITLES = {
    "route_to_desk_note": "窓口対応のお願い",
    "guidance_email": "個人情報の開示等のご請求手続きのご案内",
    "request_documents_letter": "ご提出書類についてのお願い",
    "acknowledgement_letter": "ご請求の受付について",
    "address_proof_letter": "現在のご住所の確認についてのお願い",
    "no_data_letter": "保有個人データの開示等のご請求について",
    "agent_notice_letter": "ご代理人としてのご請求について",
}


def _title(name: str, decision: Decision) -> str:
    if name in TITLES:
        return TITLES[name]
    labels = [wording.REQUEST_TYPES.get(t.type, t.type) for t in decision.types]
    if decision.outcome == "refuse":
        return f"保有個人データの{'・'.join(labels) or '開示等'}のご請求について"
    return f"保有個人データの{'・'.join(labels) or '開示等'}のご請求に対するご回答"


def _acts(case: Case) -> bool:
    """Is someone other than the person acting (an agent, a legal representative)?"""
    return case.role in ("agent", "legal_representative") and case.agent is not None


def _method(case: Case, company: Any, member: MemberMatch) -> dict[str, Any]:
    """The disclosure method (Art. 33(1)): as designated, else paper; and, where the
    designated method cannot be honoured, why (the Art. 33(3) notice)."""
    designated = case.disclosure_method or "paper"
    if designated != "electronic":
        return {"designated": case.disclosure_method, "used": "paper", "why_not": ""}
    if not getattr(company, "electronic_disclosure", False):
        return {"designated": "electronic", "used": "paper",
                "why_not": "弊社では現在、電磁的記録を安全にお届けする方法を整えていない"}
    if not (member.record or {}).get("email"):
        return {"designated": "electronic", "used": "paper",
                "why_not": "ご本人様のメールアドレスを弊社で確認できず、電磁的記録を"
                           "ご本人様に確実にお届けする方法がない"}
    return {"designated": "electronic", "used": "electronic", "why_not": ""}


def _greeting(member: MemberMatch) -> bool:
    """「お引き立て」 thanks a customer for their custom: members only."""
    return (member.record or {}).get("status") == "member"


def _types_said(decision: Decision, case: Case) -> str:
    """The request types as the reply names them. An answer to types that were not read
    names none: a person reads the letter's marks and records them (until then the mark
    keeps the reply from approval); a request for documents says 開示等."""
    if not case.types and decision.outcome in ("accept", "no_data"):
        return f"{MARK}：ご請求の内容】"
    return wording.request_types(case.types)


def _context(decision: Decision, case: Case, member: MemberMatch, answers: Answers,
             company: Any, procedure: Procedure, ref: int | str, today: dt.date,
             method: dict[str, Any], **extra: Any) -> dict[str, Any]:
    # Every register column, None where this register lacks it (templates are strict).
    record = {k: (member.record or {}).get(k) for k in RECORD_KEYS}
    grounds = procedure.grounds
    status = record.get("status")
    purpose_list, sharing = purposes(status)
    return {
        "company": company, "case": case, "decision": decision, "member": record,
        "answers": answers, "today": to_wareki(today), "ref": case_tag(ref),
        "received": to_wareki(case.received), "types": _types_said(decision, case),
        "type_label": wording.REQUEST_TYPES, "grounds": grounds,
        "deficiencies": [wording.deficiency(c) for c in decision.deficiencies],
        "asks_for_ids": any(c.split(".")[0] in ("id_document", "agent_id_document")
                            for c in decision.deficiencies),
        "statuses": wording.STATUSES, "greeting": _greeting(member),
        "agent": case.agent if _acts(case) else None,
        "role_label": wording.ROLES.get(case.role or "self", "代理人"),
        "method": method, "purposes": purpose_list,
        "sharing": sharing, "mark": MARK,
        "refused_any": any(t.outcome in ("refuse", "alternative") for t in decision.types),
        "answered_any": any(t.type in ANSWERED and t.outcome in ("answer", "partial")
                            for t in decision.types),
        "neutral": False,
        # Ground 1 (identity not confirmed): the letter must not say it was confirmed.
        "identity_doubted": any("1" in t.grounds for t in decision.types),
        **extra,
    }


def _draft(name: str, channel: str, to: str, decision: Decision, ref: int | str,
           context: dict[str, Any], subject_tail: str = "") -> DraftText:
    title = _title(name, decision)
    body = _env().get_template(f"{name}.j2").render(title=title, **context)
    return DraftText(template=name, channel=channel, to=to,
                     subject=f"{case_tag(ref)} {title}{subject_tail}", body=body)


def render_all(decision: Decision, case: Case, member: MemberMatch, *, company: Any,
               procedure: Procedure, ref: int | str, today: dt.date,
               answers: Answers | None = None, original_subject: str = "",
               sender: str | None = None) -> list[DraftText]:
    """Every reply the decision calls for, the reply to the person first."""
    answers = answers or Answers()
    outcome = decision.outcome
    if outcome == "no_reply":
        return []
    sent_ids = case.channel == "email" and bool(case.docs(*ID_KINDS))
    method = _method(case, company, member)

    def ctx(to: Addressee | None = None, **extra: Any) -> dict[str, Any]:
        return _context(decision, case, member, answers, company, procedure, ref, today,
                        method, to=to, original_subject=original_subject, sender=sender or "",
                        sent_ids=sent_ids, **extra)

    if outcome == "route_to_desk":
        tail = f"：{original_subject}" if original_subject else ""
        return [_draft("route_to_desk_note", "email", company.email, decision, ref, ctx(),
                       tail)]
    if outcome == "guidance":
        to = case.contact.get("email") or sender or ""
        return [_draft("guidance_email", "email", to, decision, ref, ctx())]
    person_held = registered(member)
    if outcome == "request_documents":
        # What is missing is for whoever sent the request to put right.
        who = as_read(case.agent) if _acts(case) else as_read(case.person)
        return [_draft("request_documents_letter", "letter", who.one_line(), decision, ref,
                       ctx(who, neutral=True))]
    if holds_address(decision, answers):
        # A mover: nothing with data leaves until a person confirms the address. The
        # receipt goes where the letter was written from and says nothing of membership.
        who = as_read(case.person)
        name = "address_proof_letter" if answers.address == "proof" else \
            "acknowledgement_letter"
        return [_draft(name, "letter", who.one_line(), decision, ref, ctx(who, neutral=True))]
    if answers.address == "letter" or person_held is None:
        who = as_read(case.person)
    else:
        who = person_held  # disclosure goes to the person only, where the register has them
    name = {"no_data": "no_data_letter", "refuse": "refuse_letter"}.get(
        outcome, result_template(case.types))
    drafts = [_draft(name, "letter", who.one_line(), decision, ref,
                     ctx(who, neutral=person_held is None))]
    if outcome == "accept" and method["used"] == "electronic" and person_held is not None:
        # The disclosure goes as a locked PDF to the registered mail address; the
        # password follows by post to the registered address.
        reply = drafts[0]
        reply.channel, reply.to = "electronic", str((member.record or {})["email"])
        env = _env()
        context = ctx(person_held, password=PASSWORD, name=person_held.name or "")
        reply.parts = {
            "mail": env.get_template("electronic_disclosure_email.j2").render(
                title=reply.subject, **context),
            "password_letter": env.get_template("password_letter.j2").render(
                title="開示ファイルのパスワードについて", **context),
            "password_letter_to": person_held.one_line()}
    if _acts(case):
        agent = as_read(case.agent)
        drafts.append(_draft("agent_notice_letter", "letter", agent.one_line(), decision,
                             ref, ctx(agent, neutral=True)))
    return drafts


def render(decision: Decision, case: Case, member: MemberMatch, **kw: Any) -> DraftText | None:
    """The reply to the person (the first of `render_all`), or None for no reply."""
    drafts = render_all(decision, case, member, **kw)
    return drafts[0] if drafts else None
