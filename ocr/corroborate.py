"""Corroborate, never invent.

A letter's value whose words OCR read with low confidence is set aside as unsure (see
ocr.fields). When another document of the same envelope — an ID copy, a certificate —
read the same value reliably, the letter's own reading is confirmed and kept: the letter
did say it, and two documents agree. A name the letter's words hold with one stray
mark after it (a seal's arc read as ペ) is confirmed the same way. A value the letter
does not state is never copied into it from anywhere, and a disagreement confirms
nothing (the rules then find the `*.mismatch`). The doubt stays, so the reviewer is
still asked to look.
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


def _within(read: Any, witness: Any) -> bool:
    """A name read with one stray mark after it (長谷川俊介ペ: a seal's arc read as ペ)
    still holds the witness's name. Only a trailing kana or symbol is stray: a kanji
    could be another person's name (山田太郎 and 山田太郎子)."""
    if not (isinstance(read, str) and isinstance(witness, str) and witness):
        return False
    extra = read[len(witness):]
    return read.startswith(witness) and len(extra) == 1 and not ("\u4e00" <= extra <= "\u9fff")


def corroborate(documents: list[Document]) -> None:
    """Confirm, in place, the values of letters and 委任状 that a reliably read identity
    document of the envelope agrees with: an unsure value read alike, or a name read
    with a stray mark after it (then the name the letter's words hold is kept)."""
    witnesses = [d for d in documents if d.kind in WITNESS_KINDS]
    for doc in documents:
        if doc.kind not in ("request_letter", "power_of_attorney"):
            continue
        for key in [*doc.unsure, *(k for k in doc.fields if k.endswith("name"))]:
            what = _what(key)
            same = _SAME.get(what)
            if same is None:
                continue
            sure = [w.fields.get(what) for w in witnesses if what not in w.doubts]
            read, value = doc.fields.get(key), doc.unsure.get(key)
            if read is None and value is not None and any(same(value, w) for w in sure):
                doc.fields[key] = value
                doc.confirmed.append(key)
            elif what == "name" and read is not None:
                found = next((w for w in sure if _within(read, w)), None)
                if found is not None:
                    doc.fields[key] = found
                    doc.confirmed.append(key)
                    doc.doubts.append(key)
