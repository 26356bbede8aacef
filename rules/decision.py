"""What the engine decides for a case, and for each request type in it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

OUTCOMES = ("accept", "request_documents", "refuse", "no_data", "guidance",
            "route_to_desk", "no_reply")

# What happens to one request type of a case (CONTRACT `decision.types[].outcome`):
#   answer    – disclosed / notified in the reply (開示, 第三者提供記録, 利用目的)
#   partial   – answered, with part withheld on a stated ground
#   carry_out – granted; to be done (訂正, 利用停止, 消去, …) before the reply is sent
#   done      – granted and done: the reviewer recorded what and when
#   refuse / alternative / resubmit / no_data – answered on a ground of procedure.toml
#   request_documents / guidance / hold_address – no answer yet, and why
TYPE_OUTCOMES = ("answer", "partial", "carry_out", "done", "refuse", "alternative",
                 "resubmit", "no_data", "request_documents", "guidance", "hold_address")


@dataclass
class TypeDecision:
    type: str
    outcome: str
    grounds: list[str] = field(default_factory=list)
    reason: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"type": self.type, "outcome": self.outcome, "grounds": self.grounds,
                "reason": self.reason}


@dataclass
class Decision:
    outcome: str
    deficiencies: list[str] = field(default_factory=list)
    refusal_reasons: list[int] = field(default_factory=list)
    review_points: list[str] = field(default_factory=list)
    due_date: str | None = None
    types: list[TypeDecision] = field(default_factory=list)

    def type_outcome(self, request_type: str) -> str | None:
        return next((t.outcome for t in self.types if t.type == request_type), None)

    def to_json(self) -> dict[str, Any]:
        return {"outcome": self.outcome, "deficiencies": self.deficiencies,
                "refusal_reasons": self.refusal_reasons,
                "review_points": self.review_points, "due_date": self.due_date,
                "types": [t.to_json() for t in self.types]}
