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
    # 2番地の3, 2の3: の joins block numbers as the dash does (日の出町 has no figures).
    value = re.sub(r"(?<=[0-9])-?の(?=[0-9])", "-", value)
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


# Words that buildings are named with, across Japan (コーポ, ハイツ, メゾン…): a katakana
# word of a flat's name that no such word is, but one is with one voicing mark changed
# (コーボ: ボ for ポ, the marks OCR confuses most), ン read as ソ or シ as ツ, or one letter
# fewer (コーボポ), was misread.
BUILDING_WORDS = frozenset("""
コーポ コーポラス ハイツ メゾン メゾネット パレス レジデンス マンション アパート ハウス ヒルズ
グランド テラス コート プラザ ビル ヴィラ ビラ パーク タワー シティ ガーデン ロイヤル フラット
ドミール カーサ シャトー ハイム ステージ クレスト エステート グリーン スカイ サニー サン
ヴィレッジ ビレッジ リバーサイド ハイランド プレイス スクエア フォレスト サンシャイン マリン
ブライト ベル エクセル シャルム ソレイユ アーバン セントラル ノース サウス イースト ウエスト
ウェスト ライオンズ ルミエール ダイヤモンド ヒル ヴィーナス ドエル レオパレス ハーモニー
""".split())
_CONFUSED = tuple("ハバパ ヒビピ フブプ ヘベペ ホボポ カガ キギ クグ ケゲ コゴ サザ "
                  "シジ スズ セゼ ソゾ タダ チヂ ツヅ テデ トド ウヴ ンソ シツ".split())
_KATAKANA_RUN = re.compile(r"[\u30a1-\u30fa\u30fc]{3,}")


def _composed(word: str) -> bool:
    """Is the word building words run together (サンハイツ)?"""
    return not word or any(word.startswith(w) and _composed(word[len(w):])
                           for w in BUILDING_WORDS)


def _one_slip(word: str) -> str | None:
    """The one building word that this word is with one voicing mark changed or one
    letter dropped; None when none is, or more than one."""
    swapped: set[str] = set()
    for i, ch in enumerate(word):
        for family in _CONFUSED:
            if ch in family:
                swapped |= {word[:i] + other + word[i + 1:] for other in family if other != ch}
    dropped = {word[:i] + word[i + 1:] for i in range(len(word))}
    # A mark changed is the likelier slip: only without one is a letter dropped.
    for found in (swapped, dropped):
        hits = {w for w in found if _composed(w) and len(w) >= 3}
        if hits:
            return hits.pop() if len(hits) == 1 else None
    return None


def building_slips(value: str) -> tuple[str, bool]:
    """The address with each misread building word of its flat put right, and whether
    one was (the caller doubts it: a person looks). Only after the block numbers (1-8-12):
    places are the gazetteer's."""
    m = re.search(r"[0-9]+(?:-[0-9]+)+", value)
    if m is None:
        return value, False
    head, tail = value[:m.end()], value[m.end():]
    changed = False

    def fix(run: re.Match[str]) -> str:
        nonlocal changed
        word = run.group(0)
        if _composed(word):
            return word
        right = _one_slip(word)
        if right is None:
            return word
        changed = True
        return right

    tail = _KATAKANA_RUN.sub(fix, tail)
    return head + tail, changed
