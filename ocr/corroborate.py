"""Corroborate, never invent.

A letter's value whose words OCR read with low confidence is set aside as unsure (see
ocr.fields). When another document of the same envelope — an ID copy, a certificate —
read the same value reliably, the letter's own reading is confirmed and kept: the letter
did say it, and two documents agree. A value the letter does not state is never copied
into it from anywhere, and a disagreement confirms nothing (the rules then find the
`*.mismatch`). The doubt stays, so the reviewer is still asked to look.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ocr.address import same_address
from ocr.classify import ID_KINDS
from ocr.model import Document
from ocr.names import same_name

WITNESS_KINDS = (*ID_KINDS, "seal_certificate", "family_register")
_SAME: dict[str, Callable[[Any, Any], bool]] = {
    "name": same_name,
    "birth_date": lambda a, b: bool(a) and a == b,
    "address": same_address,
}


def _what(key: str) -> str:
    """The identity field a party field is checked against: agent_name → name."""
    for prefix in ("agent_", "principal_"):
        if key.startswith(prefix):
            return key[len(prefix):]
    return key


def corroborate(documents: list[Document]) -> None:
    """Confirm, in place, the unsure values of letters and 委任状 that a reliably read
    identity document of the envelope agrees with."""
    witnesses = [d for d in documents if d.kind in WITNESS_KINDS]
    for doc in documents:
        for key, value in doc.unsure.items():
            what = _what(key)
            same = _SAME.get(what)
            if same is None or doc.fields.get(key) is not None:
                continue
            if any(same(value, w.fields.get(what)) for w in witnesses
                   if w is not doc and what not in w.doubts):
                doc.fields[key] = value
                doc.confirmed.append(key)
