"""Reviewers' actions on drafts, each one audited with who and when."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.app import App
from intake.models import Draft, Envelope, EnvelopeState, utcnow
from intake.pipeline import audit, case_ref, end_review, judge_envelope
from outbox.drafts import render
from outbox.review import ReviewError, next_state
from rules.decision import Decision


def get_draft(s: Session, draft_id: int) -> Draft:
    draft = s.get(Draft, draft_id)
    if draft is None:
        raise ReviewError(f"下書き {draft_id} はありません")
    return draft


def queue(s: Session, states: tuple[str, ...] = ("pending", "approved")) -> list[Draft]:
    return list(s.scalars(select(Draft).where(Draft.state.in_(states)).order_by(Draft.id)))


def _envelope_state(s: Session, draft: Draft, state: str, actor: str = "") -> None:
    env = s.get(Envelope, draft.envelope_id)
    if env is not None:
        env.state = state
        if state in (EnvelopeState.APPROVED, EnvelopeState.REJECTED):
            end_review(s, env, actor)


def approve(s: Session, draft_id: int, actor: str) -> Draft:
    draft = get_draft(s, draft_id)
    draft.state = next_state("approve", draft.state)
    draft.reviewer, draft.reviewed_at = actor, utcnow()
    _envelope_state(s, draft, EnvelopeState.APPROVED, actor)
    audit(s, "approved", actor=actor, envelope_id=draft.envelope_id, draft_id=draft.id)
    s.commit()
    return draft


def reject(s: Session, draft_id: int, actor: str, reason: str) -> Draft:
    if not reason.strip():
        raise ReviewError("却下の理由を入力してください")
    draft = get_draft(s, draft_id)
    draft.state = next_state("reject", draft.state)
    draft.reviewer, draft.reviewed_at, draft.reject_reason = actor, utcnow(), reason
    _envelope_state(s, draft, EnvelopeState.REJECTED, actor)
    audit(s, "rejected", actor=actor, envelope_id=draft.envelope_id, draft_id=draft.id,
          reason=reason)
    s.commit()
    return draft


def edit(s: Session, draft_id: int, actor: str, *, body: str | None = None,
         subject: str | None = None, to: str | None = None) -> Draft:
    draft = get_draft(s, draft_id)
    draft.state = next_state("edit", draft.state)
    changed = {}
    for name, value in (("body", body), ("subject", subject), ("to", to)):
        if value is not None and value != getattr(draft, name):
            changed[name] = {"before_chars": len(getattr(draft, name)), "after_chars": len(value)}
            setattr(draft, name, value)
    if changed:
        draft.edited = True
        _envelope_state(s, draft, EnvelopeState.DRAFTED)
        audit(s, "edited", actor=actor, envelope_id=draft.envelope_id, draft_id=draft.id,
              changed=changed)
    s.commit()
    return draft


def refuse(app: App, s: Session, draft_id: int, actor: str, grounds: list[int],
           reason: str) -> Draft:
    """A reviewer refuses a request on grounds of the policy (4–6 are only ever a
    person's call): the pending draft is replaced by a refusal letter to approve."""
    if not reason.strip():
        raise ReviewError("不開示等の理由を入力してください（通知書に記載されます）")
    unknown = [g for g in grounds if g not in app.procedure.refusal_grounds]
    if not grounds or unknown:
        raise ReviewError(f"事由は 1〜6 から選んでください: {unknown or grounds}")
    old = get_draft(s, draft_id)
    next_state("reject", old.state)
    env = s.get(Envelope, old.envelope_id)
    case = old.case
    if env is None or case is None:
        raise ReviewError(f"下書き {draft_id} に案件がありません")
    result = judge_envelope(app, s, env, None)
    decision = Decision("refuse", refusal_reasons=sorted(set(grounds)),
                        review_points=result.decision.review_points)
    text = render(decision, result.case, result.member, company=app.config.company,
                  procedure=app.procedure, ref=case_ref(env), today=dt.date.today(),
                  refusal_reason=reason)
    assert text is not None
    old.state = "superseded"
    case.outcome, case.refusal_reasons = "refuse", decision.refusal_reasons
    draft = Draft(case_id=case.id, envelope_id=env.id, template=text.template,
                  channel=text.channel, to=text.to, subject=text.subject, body=text.body)
    s.add(draft)
    s.flush()
    env.state = EnvelopeState.DRAFTED
    audit(s, "refused", actor=actor, envelope_id=env.id, draft_id=draft.id,
          grounds=decision.refusal_reasons, reason=reason, replaces=old.id)
    s.commit()
    return draft
