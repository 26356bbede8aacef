"""Does a name's katakana reading (フリガナ) fit its kanji?

A form that asks for the reading beside the name gives a second, independent reading
of the same name: the kana are written apart from the kanji and OCR reads them apart.
A kanji that none of its readings can account for (長谷川夢 beside ハセガワレン: 夢 is
ゆめ or む, never れん) is a kanji OCR misread — the name is not to be trusted, and a
person looks. The readings come from the dictionaries Debian ships for this
(kanjidic: each kanji's on, kun and name readings; enamdict: names with their readings,
so that 長谷川 is はせがわ and 服部 is はっとり, which no kanji-by-kanji reading gives).

Only one way of failing counts: the reading fits every kanji but one. A reading that
fits nowhere is another name's or a misread reading, and says nothing; a kanji neither
dictionary knows is not held against the name. Kana OCR confuses (ソ/ン, シ/ツ, a lost
dakuten, small kana) are compared as alike, so that a misread reading does not make a
right name look wrong.
"""

from __future__ import annotations

import mmap
import os
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ocr.names import VARIANTS

# Where Debian's packages put them; INTAKE_EDICT_DIR for another place (a test of a
# machine without them).
PACKAGES = {"kanjidic": "kanjidic", "enamdict": "enamdict"}


def _path(name: str) -> Path:
    return Path(os.environ.get("INTAKE_EDICT_DIR", "/usr/share/edict")) / name

# Letters OCR reads one for another in katakana, folded to one; voiced and small kana to
# their plain large ones.
_KANA_FOLD = str.maketrans({"ソ": "ン", "ツ": "シ", "ヅ": "シ", "ッ": "シ", "ヂ": "チ",
                            "ヲ": "オ", "ヰ": "イ", "ヱ": "エ", "ヮ": "ワ", "ヵ": "カ",
                            "ヶ": "ケ", "ァ": "ア", "ィ": "イ", "ゥ": "ウ", "ェ": "エ",
                            "ォ": "オ", "ャ": "ヤ", "ュ": "ユ", "ョ": "ヨ", "ヴ": "ウ"})
_VOWELS = frozenset("アイウエオ")
# A kanji's reading in a word may voice its first letter (川: かわ → がわ) or close on
# a small っ (学: がく → がっ).
_CLOSING = "クキツチ"
# Repeaters and the particles written in names (之, 乃, ノ, ヶ) with their readings.
_OWN = {"之": ("ノ",), "乃": ("ノ",), "ノ": ("ノ",), "ヶ": ("カ", "ガ", "ケ", "コ"),
        "ケ": ("カ", "ガ", "ケ", "コ"), "ヵ": ("カ", "ガ")}
_MAX_UNREAD = 4  # kana one kanji of a name is read with, at the most
_LEAD = 2  # letters before the reading that may be a label's remnant


def katakana(kana: str) -> str:
    """Hiragana written as katakana (ふりがな → フリガナ); the rest as it is."""
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in kana)


def _plain(kana: str) -> str:
    """Katakana, NFKC, voiced letters unvoiced (a dakuten OCR lost), OCR's kana
    confusions folded."""
    text = unicodedata.normalize("NFD", katakana(unicodedata.normalize("NFKC", kana)))
    text = "".join(c for c in text if c not in "\u3099\u309a")
    return unicodedata.normalize("NFC", text).translate(_KANA_FOLD)


def missing() -> list[str]:
    """The Debian packages whose dictionaries are not installed ([] = all there)."""
    # (An empty file, a package half installed, is as missing: it cannot be read.)
    return [package for name, package in PACKAGES.items()
            if not _path(name).is_file() or _path(name).stat().st_size == 0]


@lru_cache(maxsize=1)
def _kanji_readings() -> dict[str, frozenset[str]]:
    out: dict[str, frozenset[str]] = {}
    if not _path("kanjidic").exists():
        return out
    for line in _path("kanjidic").read_bytes().decode("euc_jp", errors="replace").splitlines():
        if line.startswith("#") or not line:
            continue
        parts = line.split(" ")
        readings: set[str] = set()
        for part in parts[1:]:
            if part == "T2":  # radical names follow: not readings
                break
            if part.startswith("{"):
                break
            token = part.replace("-", "")
            if not token or not all("ぁ" <= c <= "ヿ" or c == "." for c in token):
                continue
            stem, _, okurigana = token.partition(".")
            readings.add(_plain(stem))
            if okurigana:
                readings.add(_plain(stem + okurigana))
        out[parts[0]] = frozenset(r for r in readings if r)
    return out


@lru_cache(maxsize=1)
def _names_file() -> mmap.mmap | None:
    if not _path("enamdict").exists():
        return None
    with _path("enamdict").open("rb") as f:
        return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)


@lru_cache(maxsize=4096)
def _name_entries(written: str) -> frozenset[tuple[str, frozenset[str]]]:
    """(reading, kinds) of each entry enamdict has for a name written so — kinds as it
    tags them: s a surname, g or m or f a given name, p a place, u unclassified. Its
    lines (`長谷川 [はせがわ] /(s) Hasegawa/`) are sorted by the bytes of the name: found
    by bisection."""
    data = _names_file()
    try:
        key = written.encode("euc_jp") + b" ["
    except UnicodeEncodeError:
        return frozenset()
    if data is None:
        return frozenset()
    lo, hi = 0, len(data)
    while lo < hi:  # the first line whose name is not before the one looked for
        mid = (lo + hi) // 2
        start = data.rfind(b"\n", 0, mid) + 1
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end
        if data[start:end] < key:
            lo = end + 1
        else:
            hi = start
    found: set[tuple[str, frozenset[str]]] = set()
    while data[lo:lo + len(key)] == key:
        end = data.find(b"]", lo)
        line_end = data.find(b"\n", end)
        line_end = len(data) if line_end < 0 else line_end
        tags = re.match(rb"\]\s*/\(([^)]*)\)", data[end:line_end])
        kinds = frozenset(tags.group(1).decode("ascii", "replace").split(",")) if tags \
            else frozenset()
        found.add((_plain(data[lo + len(key):end].decode("euc_jp", errors="replace")),
                   kinds))
        lo = line_end + 1
        if line_end >= len(data):
            break
    return frozenset(found)


def _name_readings(written: str) -> frozenset[str]:
    """The readings enamdict lists for a name written so."""
    return frozenset(r for r, _kinds in _name_entries(written))


# What enamdict tags a family name's entries with besides s: a place, a station, a company.
_FAMILY_KINDS = frozenset({"s", "p", "st", "c", "o"})


def family_name_alone(name: str, kana: str | None = None) -> bool:
    """Is this a family name and nothing more — every entry enamdict has for it a
    family name's or a place's (近藤), or, with its reading, every entry of that reading
    (佐藤 read サトウ, though 佐藤 is also a given name read さゆき)? A full name is not:
    what was read lost its given name (in a box of its own, under a seal). False when
    it says nothing (no dictionaries, an unlisted name)."""
    if missing() or not name:
        return False
    entries = _name_entries("".join(unicodedata.normalize("NFKC", name).split()))
    if kana:
        target = _plain("".join(kana.split()))
        entries = frozenset((r, k) for r, k in entries
                            if r and 0 <= target.find(r) <= _LEAD)
    return bool(entries) and all(k and k <= _FAMILY_KINDS for _r, k in entries) and \
        any("s" in k for _r, k in entries)


def _variants(reading: str) -> set[str]:
    """A reading as it may stand in a word: rendaku needs nothing (_plain unvoices
    both sides); a closing っ folds to シ with the small kana."""
    out = {reading}
    if reading[-1:] in _CLOSING and len(reading) > 1:
        out.add(reading[:-1] + "シ")
    return out


def _same(kana: str, reading: str) -> bool:
    """`kana` (as read) is `reading`, a long-vowel mark standing for a vowel."""
    return len(kana) == len(reading) and all(
        a == b or (a == "ー" and b in _VOWELS) for a, b in zip(kana, reading, strict=True))


@dataclass(frozen=True)
class Fit:
    fits: bool  # the reading accounts for every kanji of the name
    misread: tuple[int, ...] = ()  # else: the one kanji (positions) it cannot account for


def _segments(name: str, i: int) -> list[tuple[int, frozenset[str] | None]]:
    """Ways to read on from position i: (end, readings); readings None = a letter no
    dictionary knows, read with anything."""
    out: list[tuple[int, frozenset[str] | None]] = []
    for j in range(len(name), i, -1):
        listed = _name_readings(name[i:j])
        if listed:
            out.append((j, listed))
    c = name[i]
    if c in _OWN:
        out.append((i + 1, frozenset(_OWN[c])))
    elif "\u30a0" <= c <= "\u30ff" or "\u3040" <= c <= "\u309f":
        out.append((i + 1, frozenset({_plain(c)})))
    elif c == "々" and i > 0:
        out.append((i + 1, _kanji_readings().get(name[i - 1])))
    else:
        out.append((i + 1, _kanji_readings().get(VARIANTS.get(c, c))))
    return out


def reading_fit(name: str, kana: str) -> Fit | None:
    """How a katakana reading fits a name in kanji; None when it says nothing (no
    dictionaries, no kanji, or a reading that fits nowhere near)."""
    if missing() or not name or not kana:
        return None
    target = _plain("".join(c for c in kana if not c.isspace() and c not in "・=＝"))
    name = "".join(c for c in unicodedata.normalize("NFKC", name) if not c.isspace())
    n, m = len(name), len(target)
    # reach[k][i]: the kana positions reachable after name[:i] with k unaccounted kanji,
    # each with the positions of the kanji so left.
    reach: list[list[dict[int, frozenset[int]]]] = [[{} for _ in range(n + 1)] for _ in range(2)]
    for skip in range(min(_LEAD, m) + 1):
        # What a garbled label leaves before the reading (ブリガチず|ボ|セキグチ…).
        reach[0][0][skip] = frozenset()
    for i in range(n):
        for k in range(2):
            for at, left in list(reach[k][i].items()):
                for end, readings in _segments(name, i):
                    if readings is None:
                        for take in range(1, _MAX_UNREAD + 1):
                            if at + take <= m:
                                _add(reach[k][end], at + take, left)
                        continue
                    for r in readings:
                        for v in _variants(r):
                            if _same(target[at:at + len(v)], v):
                                _add(reach[k][end], at + len(v), left)
                if k == 0 and _is_kanji(name[i]):
                    for take in range(1, _MAX_UNREAD + 1):
                        if at + take <= m:
                            _add(reach[1][i + 1], at + take, left | {i})
    if m in reach[0][n]:
        return Fit(True)
    if m in reach[1][n] and n >= 3:
        return Fit(False, tuple(sorted(reach[1][n][m])))
    return None


def same_reading(read: str | None, registered: str | None) -> bool:
    """The reading a letter gives is the one a register holds: alike once OCR's kana
    confusions and spaces are folded, allowing a label's remnant before it."""
    if not (read and registered):
        return False
    a, b = (_plain("".join(c for c in t if not c.isspace())) for t in (read, registered))
    return len(b) >= 2 and a.endswith(b) and len(a) - len(b) <= _LEAD


def _add(states: dict[int, frozenset[int]], at: int, left: frozenset[int]) -> None:
    states[at] = states.get(at, frozenset()) | left


def _is_kanji(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"
