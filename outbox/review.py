"""The review state machine: which action is allowed on a draft in which state."""

from __future__ import annotations

PENDING, APPROVED, REJECTED, DELIVERED, SUPERSEDED = (
    "pending", "approved", "rejected", "delivered", "superseded")
SENDING, UNCERTAIN = "sending", "delivery_uncertain"

# approved → sending (claimed, reference committed) → delivered; a run that dies while
# sending leaves `sending`, which the next run resolves (Sent folder) or hands to a
# person as delivery_uncertain — never sent again blindly.
TRANSITIONS: dict[str, dict[str, str]] = {
    "approve": {PENDING: APPROVED},
    "reject": {PENDING: REJECTED, APPROVED: REJECTED, UNCERTAIN: REJECTED},
    "edit": {PENDING: PENDING, APPROVED: PENDING},  # an edit needs a fresh approval
    "claim": {APPROVED: SENDING},
    "deliver": {SENDING: DELIVERED},
    "fail": {SENDING: APPROVED},  # certainly not sent: tried again later
    "doubt": {SENDING: UNCERTAIN},
    "confirm_sent": {UNCERTAIN: DELIVERED},  # a person found it was sent
    "resend": {UNCERTAIN: APPROVED},  # a person found it was not
}


class ReviewError(Exception):
    pass


def next_state(action: str, state: str) -> str:
    allowed = TRANSITIONS.get(action, {})
    if state not in allowed:
        raise ReviewError(f"下書きが「{state}」の状態のため {action} できません")
    return allowed[state]
