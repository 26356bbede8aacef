"""Addresses per CONTRACT.md: NFKC, no spaces, block numbers as 1-8-12."""

from __future__ import annotations

import re

from ocr.text import compact, kanji_number, unify_digit_dashes

_NUM = r"[0-9〇一二三四五六七八九十百千]+"
_CHOME = re.compile(rf"({_NUM})丁目")
# 番 of a block number, not of a place name: 一番町 and 三番町 are towns.
_BANCHI = re.compile(rf"({_NUM})番地?(?=[0-9〇一二三四五六七八九十]|の|-|$)")
_GO = re.compile(rf"({_NUM})号(?!室)")  # 201号室 is a room, and stays as written
_POSTAL = re.compile(r"^〒?\s*\d{3}-?\d{4}\s*")


def _arabic(match: re.Match[str]) -> str:
    raw = match.group(1)
    value = raw if raw.isdigit() else str(kanji_number(raw) or raw)
    return value


def normalize_address(text: str | None) -> str | None:
    """東京都中央区晴海一丁目8番12号 → 東京都中央区晴海1-8-12 (postal code dropped)."""
    if not text:
        return None
    value = unify_digit_dashes(compact(text))
    value = _POSTAL.sub("", value)
    value = _CHOME.sub(lambda m: _arabic(m) + "-", value)
    value = _BANCHI.sub(lambda m: _arabic(m) + "-", value)
    value = _GO.sub(lambda m: _arabic(m), value)
    value = re.sub(r"-+", "-", value).rstrip("-")
    # "1-8-12号室" style trailing markers are left as written.
    return _room_in_figures(value) or None


_FIGURES = "〇一二三四五六七八九"


def _room_in_figures(value: str) -> str:
    """A room number after the block numbers, written in kanji as vertical writing has
    it (メゾン本町七〇八号室, ハイツ八〇二) → 708号室, 802. Only after the last block
    number: 八王子 and 三軒茶屋 are places."""
    m = re.search(r"[0-9](?=[^0-9]*$)", value)
    if m is None:
        return value
    head, tail = value[:m.end()], value[m.end():]
    tail = re.sub(rf"[{_FIGURES}]{{2,4}}(?=号室|$)|[{_FIGURES}]*〇[{_FIGURES}]*",
                  lambda r: "".join(str(_FIGURES.index(c)) for c in r.group(0))
                  if "〇" in r.group(0) or len(r.group(0)) >= 3
                  else str(kanji_number(r.group(0)) or r.group(0)), tail)
    tail = re.sub(rf"([{_FIGURES}十百]+)(?=号室)", lambda r: _arabic(r), tail)
    return head + tail


def same_address(a: str | None, b: str | None) -> bool:
    na, nb = normalize_address(a), normalize_address(b)
    return bool(na and nb and na == nb)
