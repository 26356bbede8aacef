"""Japanese text normalisation: NFKC, no spaces inside CJK runs, unified dashes."""

from __future__ import annotations

import re
import unicodedata

# Characters that tesseract, mail clients and fonts use interchangeably for a dash
# or a long-vowel mark; inside digit fields they all mean "-".
_DASHES = "‐‑‒–—―−－ｰ─━-"
_WAVES = "〜～"
_CJK = r"\u3005\u3006\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}0-9\u3000-\u303f\uff01-\uff5e]) +(?=[{_CJK}])|"
                        rf"(?<=[{_CJK}]) +(?=[{_CJK}0-9\u3000-\u303f])")
# The dashes go into the class escaped: a bare "-" before ー made it a range over every
# kana (40セ7 became 40-7).
_DIGIT_DASH = re.compile(rf"(?<=\d)\s*[{re.escape(_DASHES)}ー]\s*(?=\d)")


def nfkc(text: str) -> str:
    """NFKC, with the wave dash kept as one character (〜 and ～ both become 〜)."""
    # Before NFKC, which would turn the full-width tilde into an ASCII "~".
    return unicodedata.normalize("NFKC", re.sub(f"[{_WAVES}]", "〜", text))


def join_cjk(text: str) -> str:
    """Remove the spaces OCR and mail wrapping put between Japanese characters."""
    previous = None
    while previous != text:
        previous = text
        text = _CJK_SPACE.sub("", text)
    return text


def unify_digit_dashes(text: str) -> str:
    """1ー8－12 → 1-8-12: any dash or long-vowel mark between digits becomes '-'."""
    return _DIGIT_DASH.sub("-", text)


def normalize(text: str) -> str:
    """The normal form every reader output goes through before extraction."""
    text = nfkc(text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [join_cjk(re.sub(r"[ \t]+", " ", line)).strip() for line in text.split("\n")]
    return "\n".join(lines)


def compact(text: str) -> str:
    """A value with all white space removed (names, dates, numbers)."""
    return re.sub(r"\s+", "", nfkc(text))


_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
                 "六": 6, "七": 7, "八": 8, "九": 9}
_KANJI_UNITS = {"十": 10, "百": 100, "千": 1000}


def kanji_number(text: str) -> int | None:
    """Kanji numerals (十二, 二十三, 百八, 一二) to int; None when it isn't one."""
    if not text or any(c not in _KANJI_DIGITS and c not in _KANJI_UNITS for c in text):
        return None
    if not any(c in _KANJI_UNITS for c in text):
        return int("".join(str(_KANJI_DIGITS[c]) for c in text))
    total, current = 0, 0
    for c in text:
        if c in _KANJI_DIGITS:
            current = _KANJI_DIGITS[c]
        else:
            total += (current or 1) * _KANJI_UNITS[c]
            current = 0
    return total + current


def to_int(text: str) -> int | None:
    """An ASCII, full-width or kanji number; 元 (the first year of an era) is 1."""
    text = compact(text)
    if text == "元":
        return 1
    if text.isdigit():
        return int(text)
    return kanji_number(text)
