"""The procedure file (procedure.toml) as a typed, read-only value."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_PATH = Path(__file__).with_name("procedure.toml")


@dataclass(frozen=True)
class Role:
    name: str
    label: str
    requires: tuple[str, ...]


@dataclass(frozen=True)
class Ground:
    """A reason a request type may not be granted as asked (procedure.toml [grounds])."""

    code: str
    text: str
    law: str
    types: tuple[str, ...]  # request types it may answer; "*" = every type
    effect: str  # resubmit | no_data | refuse | alternative

    def fits(self, request_type: str) -> bool:
        return "*" in self.types or request_type in self.types

    @property
    def policy_number(self) -> int | None:
        """The number in the policy's list 1–6 (CONTRACT `refusal_reasons`), if any."""
        return int(self.code) if self.code.isdigit() else None


EFFECTS = ("resubmit", "no_data", "refuse", "alternative")


@dataclass(frozen=True)
class Procedure:
    accepted_channels: tuple[str, ...]
    guidance_channels: tuple[str, ...]
    deadline_days: int
    letter_required: tuple[str, ...]
    accepted_ids: tuple[str, ...]
    issued_within_months: int
    issued_within_kinds: tuple[str, ...]
    expiry_printed_kinds: tuple[str, ...]
    health_insurance_card_until: dt.date
    pension_book_accepted: bool
    poa_required: tuple[str, ...]
    proof_kinds: tuple[str, ...]
    proof_words: tuple[str, ...]
    roles: dict[str, Role]
    min_confidence: float
    refusal_grounds: dict[int, str]
    grounds: dict[str, Ground]

    def grounds_for(self, request_type: str) -> list[Ground]:
        return [g for g in self.grounds.values() if g.fits(request_type)]


def parse(data: dict[str, Any]) -> Procedure:
    ids = data["id_documents"]
    return Procedure(
        accepted_channels=tuple(data["channels"]["accepted"]),
        guidance_channels=tuple(data["channels"]["guidance"]),
        deadline_days=int(data["deadline"]["days"]),
        letter_required=tuple(data["request_letter"]["required"]),
        accepted_ids=tuple(ids["accepted"]),
        issued_within_months=int(ids["issued_within_months"]),
        issued_within_kinds=tuple(ids["issued_within_kinds"]),
        expiry_printed_kinds=tuple(ids.get("expiry_printed_kinds", ())),
        health_insurance_card_until=dt.date.fromisoformat(ids["health_insurance_card_until"]),
        pension_book_accepted=bool(ids.get("pension_book_accepted", True)),
        poa_required=tuple(data["power_of_attorney"]["required"]),
        proof_kinds=tuple(data["legal_representative"]["proof_kinds"]),
        proof_words=tuple(data["legal_representative"]["proof_words"]),
        roles={name: Role(name, r["label"], tuple(r["requires"]))
               for name, r in data["roles"].items()},
        min_confidence=float(data["review"]["min_confidence"]),
        refusal_grounds={int(k): v for k, v in data["refusal_grounds"].items()},
        grounds=_grounds(data.get("grounds", {})),
    )


def _grounds(table: dict[str, Any]) -> dict[str, Ground]:
    out = {}
    for code, g in table.items():
        if g["effect"] not in EFFECTS:
            raise ValueError(f"procedure.toml [grounds.{code}] effect must be one of "
                             f"{', '.join(EFFECTS)}, not {g['effect']!r}")
        out[code] = Ground(code, g["text"], g.get("law", ""), tuple(g["types"]), g["effect"])
    return out


def load(path: Path | None = None) -> Procedure:
    with open(path or DEFAULT_PATH, "rb") as fh:
        return parse(tomllib.load(fh))
