"""Corroborate, never invent.

A letter's value whose words OCR read with low confidence is set aside as unsure (see
ocr.fields). When another document of the same envelope — an ID copy, a certificate —
read the same value reliably, the letter's own reading is confirmed and kept: the letter
did say it, and two documents agree. A name the letter's words hold with one stray
mark after it (a seal's arc read as ペ) is confirmed the same way, and so is one read
apart from the witness's by a known confusion where only the witness's reading can be a
name (降 for 隆), or an address with one letter of a place name lost (新町 for 桜新町;
never a digit). A name read as only the start of the witness's (西村 of 西村智子: the
rest lost under a seal) is no name: it is left null. A value the letter
does not state is never copied into it from anywhere, and a disagreement confirms
nothing (the rules then find the `*.mismatch`). The doubt stays, so the reviewer is
still asked to look.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rapidfuzz.distance import Levenshtein

from ocr.address import same_address
from ocr.classify import ID_KINDS
from ocr.dates import iso, parse_date
from ocr.model import Document
from ocr.names import (
    VARIANTS,
    confusable_name,
    fold_name,
    likelier_name,
    normalize_name,
    same_name,
)
from ocr.readings import reading_fit
from ocr.text import compact

WITNESS_KINDS = (*ID_KINDS, "seal_certificate", "family_register")
LETTER_KINDS = ("request_letter", "power_of_attorney")
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


def _cut_short(read: Any, witness: Any) -> bool:
    """The reading is the witness's name with its end missing (西村 of 西村智子): two
    letters or more, so that a stray mark after the witness's own reading is no cause."""
    if not (isinstance(read, str) and isinstance(witness, str)):
        return False
    a, b = fold_name(read), fold_name(witness)
    return bool(a) and len(b) - len(a) >= 2 and b.startswith(a)


def _letter_dropped(read: Any, witness: Any) -> bool:
    """The reading is the witness's name with one letter inside it lost (岡綾香 of
    岡田綾香): a part of a name, not another name. (Its end lost is _cut_short's.)"""
    if not (isinstance(read, str) and isinstance(witness, str)):
        return False
    a, b = fold_name(read), fold_name(witness)
    return len(a) >= 2 and len(b) == len(a) + 1 and not b.startswith(a) and \
        any(b[:i] + b[i + 1:] == a for i in range(1, len(b)))


def _one_letter_lost(read: str, witness: Any) -> bool:
    """The letter's address is the witness's with one letter of a place name lost or
    misread (新町 for 桜新町) — never a digit: 1-2-3 and 1-2-4 are two homes."""
    if not isinstance(witness, str) or read == witness:
        return False
    ops = Levenshtein.editops(read, witness)
    return len(ops) == 1 and not any(
        c.isdigit() for c in (read[ops[0].src_pos:ops[0].src_pos + 1],
                              witness[ops[0].dest_pos:ops[0].dest_pos + 1]) if c)


def corroborate(documents: list[Document]) -> None:
    """Confirm, in place, the values of letters and 委任状 that a reliably read identity
    document of the envelope agrees with: an unsure value read alike, or a name read
    with a stray mark after it (then the name the letter's words hold is kept)."""
    witnesses = [d for d in documents if d.kind in WITNESS_KINDS]
    _confirm_witnesses(witnesses, [d for d in documents if d.kind in LETTER_KINDS])
    for doc in documents:
        if doc.kind not in LETTER_KINDS:
            continue
        for key in dict.fromkeys([*doc.unsure, *(k for k in doc.fields
                                                  if k.endswith(("name", "address")))]):
            what = _what(key)
            same = _SAME.get(what)
            if same is None:
                continue
            sure = [w.fields.get(what) for w in witnesses if what not in w.doubts]
            read, value = doc.fields.get(key), doc.unsure.get(key)
            if read is None:
                # An unsure reading is kept when a witness reads it alike, or apart from
                # it only as a reading of the letter's is (below); the doubt stays.
                if value is None or _against_its_reading(doc, key, value):
                    continue
                found = value if any(same(value, w) for w in sure) else \
                    _read_apart(what, value, sure)
                if found is not None:
                    doc.fields[key] = found
                    doc.confirmed.append(key)
                continue
            found = _read_apart(what, read, sure)
            if found is not None and found != read:
                doc.fields[key] = found
                doc.confirmed.append(key)
                doc.doubts.append(key)
            elif what == "name" and any(_cut_short(read, w) for w in sure):
                # Only the start of the name the ID gives: the rest was lost (under a
                # seal on a 1-bit scan). A part of a name is no name.
                doc.fields[key] = None
                doc.doubts.append(key)
            elif what == "name" and any(_letter_dropped(read, w) for w in sure):
                # The ID's name with one letter inside it lost: set aside, unsure — a
                # person reads it; the ID's is not copied in.
                doc.fields[key] = None
                doc.unsure[key] = read
                doc.doubts.append(key)


def _against_its_reading(doc: Document, key: str, value: Any) -> bool:
    """Is this the letter's name that its own reading (フリガナ) cannot account for
    (伊藤和選 by イトウカズヤ)? An ID read alike does not make it right: printed in
    one face, the two are misread alike (選 for 也 on both). settle_by_reading reads it
    again instead."""
    kana = doc.fields.get("kana") if key == "name" else None
    fit = reading_fit(str(value), kana) if kana else None
    return fit is not None and not fit.fits


_NAME_KEYS = {"request_letter": ("name", "agent_name"),
              "power_of_attorney": ("principal_name", "agent_name")}
# A name this long or longer (folded) is looked for in a letter's words: a shorter one
# could be part of any word.
FOUND_MIN_LETTERS = 3


def find_in_words(documents: list[Document]) -> None:
    """A letter or 委任状 one of whose parties' names did not read — its label misread
    past knowing (殺放7名田中花子), or the name read into a line of other words — where
    the words hold, letter for letter, the name an ID of the envelope read surely: that
    is the name the letter wrote, found with the ID's help, confirmed and still doubted.
    Only where exactly one of its names is missing, the ID's name is none the letter
    already gives (nor part of one), and it stands once in the letter's words: never a
    guess whose it is."""
    # (Not a family register's: whose name of the family it gives is not sure.)
    sure = {fold_name(n): n for w in documents if w.kind in WITNESS_KINDS
            and w.kind != "family_register"
            and "name" not in w.doubts and isinstance(n := w.fields.get("name"), str)
            and len(fold_name(n)) >= FOUND_MIN_LETTERS}
    for doc in documents:
        keys = [k for k in _NAME_KEYS.get(doc.kind, ()) if k in doc.fields]
        missing = [k for k in keys if not doc.fields.get(k)]
        if len(missing) != 1:
            continue
        given = {fold_name(doc.fields[k]) for k in keys if doc.fields.get(k)}
        words = "".join(VARIANTS.get(c, c) for c in compact(doc.text))
        # (Nor inside a name it gives, nor a letter or two from one: 人遠藤健一, 清水売
        # are the other party's, misread — and so is the ID.)
        found = [n for folded, n in sure.items() if words.count(folded) == 1
                 and not any(folded in g or g in folded
                             or Levenshtein.distance(folded, g) <= MAX_LETTERS_APART
                             for g in given)]
        if len(found) == 1 and not _against_its_reading(doc, missing[0], found[0]):
            key = missing[0]
            doc.fields[key] = found[0]
            doc.unsure.pop(key, None)
            doc.confirmed.append(key)
            if key not in doc.doubts:
                doc.doubts.append(key)


def _confirm_witnesses(witnesses: list[Document], letters: list[Document]) -> None:
    """An identity document's unsure name is kept when a letter of the envelope reads
    that very name surely (the agent's name on the letter, the agent's licence): two
    readings alike. Only exactly alike — a witness is not put right from a letter."""
    read = [v for d in letters for k, v in d.fields.items()
            if k.endswith("name") and k not in d.doubts and isinstance(v, str)]
    for w in witnesses:
        value = w.unsure.get("name")
        if w.fields.get("name") is None and value and any(same_name(value, r) for r in read):
            w.fields["name"] = value
            w.confirmed.append("name")


def _read_apart(what: str, read: str, sure: list[Any]) -> Any:
    """The witness's value that the letter's reading stands for though OCR read it
    apart: a name with a stray mark after it, or one known confusion away where only
    the witness's reading can be a name; an address one letter of a place short."""
    if what == "name":
        found = next((w for w in sure if _within(read, w)), None)
        return found if found is not None else next(
            (n for w in sure if (n := likelier_name(read, w))), None)
    if what == "address":
        return next((w for w in sure if _one_letter_lost(read, w)), None)
    return None


def doubt_misread_disagreements(documents: list[Document],
                                weak_letters: Callable[[str], set[int]]) -> None:
    """A letter's name that differs from the one a witness read surely only at letters
    OCR itself did not believe (嵐 read as 慮, at confidence 0) shows no disagreement the
    rules can act on: it is null with a doubt, and set aside as unsure — a person looks
    — rather than a `*.mismatch` made of a misreading. A difference at a letter OCR was
    sure of stays a disagreement."""
    # A witness's unsure name counts here too (a card printing its name twice, read two
    # ways): it cannot confirm the letter, but a letter's reading apart from it only
    # where OCR did not believe its own letters is no reading to stand on either.
    sure = [n for w in documents if w.kind in WITNESS_KINDS
            for n in (w.fields.get("name") if "name" not in w.doubts else None,
                      w.unsure.get("name"))
            if isinstance(n, str) and n]
    for doc in documents:
        if doc.kind not in LETTER_KINDS:
            continue
        for key, read in list(doc.fields.items()):
            if not key.endswith("name") or not isinstance(read, str) or key in doc.confirmed:
                continue
            weak = weak_letters(read)
            if not weak:
                continue
            a = fold_name(read)
            for witness in sure:
                b = fold_name(witness)
                if a != b and len(a) == len(b) and all(
                        x == y or k in weak for k, (x, y) in enumerate(zip(a, b, strict=True))):
                    doc.fields[key] = None
                    doc.unsure[key] = read
                    doc.doubts.append(key)
                    break


# A value this many letters or fewer apart from the witness's, of the same length, may
# be a misreading of it; more apart, it is another (an ID of someone else).
MAX_LETTERS_APART = 2


def _apart(a: str, b: str) -> int | None:
    """At how many letters two readings of one length differ (None: not one length)."""
    return sum(x != y for x, y in zip(a, b, strict=True)) if len(a) == len(b) else None


def _near_name(read: str, witness: str) -> bool:
    """Read apart from the witness's name at one or two letters, most letters alike."""
    a, b = fold_name(read), fold_name(witness)
    apart = _apart(a, b) if a else None
    return apart is not None and 0 < apart <= MAX_LETTERS_APART and 2 * apart < len(a)


def _near_date(read: str, witness: str) -> bool:
    """A date one or two digits apart (1985/1987, 12-02/12-20)."""
    apart = _apart(read, witness)
    return apart is not None and 0 < apart <= MAX_LETTERS_APART


def _as_date(text: str) -> str | None:
    return iso(parse_date(text))


# What is read again, and how a reading is compared: name by its folded letters, a date
# by the day it gives.
_REREAD: dict[str, tuple[Callable[[str, str], bool], Callable[[str], str | None]]] = {
    "name": (_near_name, lambda t: fold_name(t) or None),
    "birth_date": (_near_date, _as_date),
}


def _said_again(documents: list[Document], doc: Document, what: str, value: str | None,
                key_of: Callable[[str], str | None]) -> bool:
    """Does another of the person's own papers (the 委任状 beside the letter) read the
    same value surely? Two of them agreeing outweigh one ID's reading."""
    return value is not None and any(
        key_of(v) == value for other in documents
        if other is not doc and other.kind in LETTER_KINDS
        for k, v in other.fields.items()
        if _what(k) == what and isinstance(v, str) and k not in other.doubts)


def settle_by_rereading(documents: list[Document],
                        reread: Callable[[Document, str, str], str | None]) -> None:
    """A letter's name or birth date read a letter or two apart from the one a witness
    read surely (関口知美 / 関口智美, 1985 / 1987: both could be right, so no confusion
    table can tell) is read again, alone, from the letter's own page (`reread(doc, key,
    value)`: the compacted text read, or None when it cannot be). Reading the letter's
    ink as the witness's value confirms it: the letter said it, OCR first misread it.
    Reading it as something else again shows the first reading was not to be trusted:
    null with a doubt, set aside as unsure — a person looks, rather than a `*.mismatch`
    made of a misreading. Read alike twice, it is a disagreement and stays one. Names a
    known confusion apart (健大 / 健太) the rules already take for one name, with a
    review point: those are only ever confirmed this way; nor is a value the 委任状
    reads alike (two of the person's papers agree against one ID). A value already set aside
    as unsure is not read again: a fax's blur can make the letter's second reading err as
    the ID's did (佐々木葵 read 佐々木鞭 on both), and the unsure reading was the right one."""
    for doc in documents:
        if doc.kind not in LETTER_KINDS:
            continue
        for key, read in list(doc.fields.items()):
            what = _what(key)
            if what not in _REREAD or not isinstance(read, str) or key in doc.confirmed:
                continue
            near, key_of = _REREAD[what]
            sure = [w.fields[what] for w in documents if w.kind in WITNESS_KINDS
                    and what not in w.doubts and isinstance(w.fields.get(what), str)]
            # A witness's unsure reading (a card whose name read two ways) may show the
            # letter's reading unstable, never confirm it.
            unsure = [w.unsure[what] for w in documents if w.kind in WITNESS_KINDS
                      and what in w.doubts and isinstance(w.unsure.get(what), str)]
            close = [w for w in sure if near(read, w)]
            near_unsure = [w for w in unsure if near(read, w)]
            if any(key_of(read) == key_of(w) for w in sure + unsure):
                if close:  # one witness reads the letter alike, another a letter apart
                    _reread_witnesses(documents, what, read, reread)
                continue
            if not (close or near_unsure):
                continue
            again = reread(doc, key, read)
            if again is None:
                continue
            found = next((w for w in close if key_of(again) == key_of(w)), None)
            if found is not None:
                doc.fields[key] = found
                doc.confirmed.append(key)
                doc.doubts.append(key)
            elif key_of(again) != key_of(read) and \
                    not any(confusable_name(read, w) for w in close + near_unsure
                            if what == "name") \
                    and not _said_again(documents, doc, what, key_of(read), key_of):
                doc.fields[key] = None
                doc.unsure[key] = read
                doc.doubts.append(key)
            elif key_of(again) == key_of(read):
                _reread_witnesses(documents, what, read, reread)


def settle_by_reading(documents: list[Document],
                      reread: Callable[[Document, str, str], str | None]) -> None:
    """A letter's name its own reading (フリガナ) could not account for was set aside
    (ocr.fields). Read again from the page, alone: a second reading that the letter's
    reading accounts for in full (長谷川夢, then 長谷川蓮 by ハセガワレン) is the name the
    letter wrote — its own two readings agree — and it is kept, confirmed and still
    doubted. Anything else leaves it null."""
    for doc in documents:
        kana, first = doc.fields.get("kana"), doc.unsure.get("name")
        if doc.kind != "request_letter" or doc.fields.get("name") or not kana or \
                not isinstance(first, str):
            continue
        fit = reading_fit(first, kana)
        if fit is None or fit.fits:
            continue
        again = reread(doc, "name", first)
        name = normalize_name(again) if again else None
        again_fit = reading_fit(name, kana) if name else None
        if name and name != first and again_fit is not None and again_fit.fits:
            doc.fields["name"] = name
            doc.confirmed.append("name")


def _reread_witnesses(documents: list[Document], what: str, read: str,
                      reread: Callable[[Document, str, str], str | None]) -> None:
    """The letter read its value alike twice: a disagreement stands only if the
    witness's reading is as steady. Each witness a letter or two apart is read again
    from its own page; one that reads otherwise the second time (三浦暫, then 三浦遥)
    was not read surely: null with a doubt, set aside as unsure — neither confirming
    the letter nor contradicting it. Read alike twice too, the disagreement stands."""
    near, key_of = _REREAD[what]
    for w in documents:
        value = w.fields.get(what)
        if w.kind not in WITNESS_KINDS or what in w.doubts or not isinstance(value, str) \
                or not near(read, value) or (what == "name" and confusable_name(read, value)):
            continue
        again = reread(w, what, value)
        if again is not None and key_of(again) != key_of(value):
            w.fields[what] = None
            w.unsure[what] = value
            w.doubts.append(what)
