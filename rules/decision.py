"""What the engine decides for a case."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

OUTCOMES = ("accept", "request_documents", "refuse", "no_data", "guidance",
            "route_to_desk", "no_reply")


@dataclass
class Decision:
    outcome: str
    deficiencies: list[str] = field(default_factory=list)
    refusal_reasons: list[int] = field(default_factory=list)
    review_points: list[str] = field(default_factory=list)
    due_date: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"outcome": self.outcome, "deficiencies": self.deficiencies,
                "refusal_reasons": self.refusal_reasons,
                "review_points": self.review_points, "due_date": self.due_date}
