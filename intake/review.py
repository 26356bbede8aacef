"""Reviewers' actions on drafts, each one audited with who and when."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.models import Draft, Envelope, EnvelopeState, utcnow
from intake.pipeline import audit, end_review
from outbox.review import ReviewError, next_state


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
