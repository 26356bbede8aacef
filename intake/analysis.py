"""One envelope from raw bytes to decision and draft, as values.

Shared by `intake check` (a dry run) and the pipeline (which stores each step).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from intake.config import Config
from intake.reading import Reading
from ocr.model import Document
from outbox.drafts import DraftText, render_all
from rules.answers import Answers, as_recorded, with_answers
from rules.case import Case, MemberMatch, Party, build_case
from rules.decision import Decision
from rules.engine import decide
from rules.matching import find_member, spell_as_registered
from rules.procedure import Procedure

Lookup = Callable[[Party], MemberMatch]


@dataclass
class Analysis:
    channel: str
    documents: list[Document]
    case: Case
    member: MemberMatch
    decision: Decision
    drafts: list[DraftText]
    reading: Reading | None = None

    @property
    def draft(self) -> DraftText | None:
        """The reply to the person (or to whoever must act); notices follow it."""
        return self.drafts[0] if self.drafts else None


def mail_meta(reading: Reading) -> dict[str, Any]:
    """What the later steps need to know about the mail, kept with the envelope."""
    mail = reading.mail
    if mail is None:
        return {}
    return {"from": mail.from_addr, "from_name": mail.from_name, "subject": mail.subject,
            "message_id": mail.message_id, "in_reply_to": mail.in_reply_to,
            "references": mail.references, "machine_generated": mail.machine_generated,
            "forwarded_by": mail.forwarded_by, "notes": mail.notes}


def judge(channel: str, documents: list[Document], meta: dict[str, Any], points: list[str], *,
          received: dt.date, lookup: Lookup, procedure: Procedure, config: Config,
          ref: int | str, today: dt.date, answers: Answers | None = None,
          follow_up: bool = False) -> Analysis:
    answers = answers or Answers()
    case = build_case(channel, received, documents, sender_email=meta.get("from"),
                      sender_name=meta.get("from_name"),
                      machine_generated=bool(meta.get("machine_generated")),
                      follow_up=follow_up, reading_points=points)
    case = as_recorded(case, answers)
    case, member = spell_as_registered(case, find_member(case, lookup))
    decision = with_answers(decide(case, member, procedure), case.types, answers, procedure)
    drafts = render_all(decision, case, member, company=config.company, procedure=procedure,
                        ref=ref, today=today, answers=answers,
                        original_subject=meta.get("subject", ""), sender=meta.get("from"))
    return Analysis(channel, case.documents, case, member, decision, drafts)


def analyse(reading: Reading, *, config: Config, procedure: Procedure, received: dt.date,
            lookup: Lookup, ref: int | str, today: dt.date) -> Analysis:
    result = judge(reading.channel, reading.documents, mail_meta(reading), reading.points,
                   received=received, lookup=lookup, procedure=procedure, config=config,
                   ref=ref, today=today)
    result.reading = reading
    return result


def contract_json(source: str, a: Analysis) -> dict[str, Any]:
    """The `intake check --json` object of CONTRACT.md."""
    return {
        "source": source,
        "channel": a.channel,
        "documents": [d.to_json() for d in a.documents],
        "request": a.case.to_json(),
        "member": a.member.to_json(),
        "decision": a.decision.to_json(),
        "draft": a.draft.to_json() if a.draft else None,
        "notices": [d.to_json() for d in a.drafts[1:]],
    }


def extract_json(source: str, reading: Reading) -> dict[str, Any]:
    return {"source": source, "channel": reading.channel,
            "documents": [d.to_json() for d in reading.documents],
            "pages": [p.to_json() for p in reading.pages]}


def error_json(source: str, code: str, message: str) -> dict[str, Any]:
    return {"source": source, "error": {"code": code, "message": message}}
