"""The review state machine: which action is allowed on a draft in which state."""

from __future__ import annotations

PENDING, APPROVED, REJECTED, DELIVERED, SUPERSEDED = (
    "pending", "approved", "rejected", "delivered", "superseded")

TRANSITIONS: dict[str, dict[str, str]] = {
    "approve": {PENDING: APPROVED},
    "reject": {PENDING: REJECTED, APPROVED: REJECTED},
    "edit": {PENDING: PENDING, APPROVED: PENDING},  # an edit needs a fresh approval
    "deliver": {APPROVED: DELIVERED},
}


class ReviewError(Exception):
    pass


def next_state(action: str, state: str) -> str:
    allowed = TRANSITIONS.get(action, {})
    if state not in allowed:
        raise ReviewError(f"下書きが「{state}」の状態のため {action} できません")
    return allowed[state]
