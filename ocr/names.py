"""Personal names: NFKC without spaces, and a lenient comparison."""

from __future__ import annotations

from ocr.text import compact

# Old/new character forms that are the same name (旧字体 ↔ 新字体) and are matched
# silently; the register and an ID card often disagree only on these.
VARIANTS = {"髙": "高", "﨑": "崎", "邊": "辺", "邉": "辺", "齋": "斎", "齊": "斉",
            "濱": "浜", "澤": "沢", "櫻": "桜", "廣": "広", "國": "国", "藏": "蔵",
            "眞": "真", "德": "徳", "惠": "恵", "龍": "竜", "實": "実", "壽": "寿"}


# Old forms the installed Japanese model cannot write at all (absent from the lstm
# unicharset of tesseract-ocr-script-jpan; tests/integration checks this against the
# model): a page that prints 髙 is always read 高. Reading can then never tell the two,
# and a reference that spells the old form is the better reading of the same glyphs.
UNWRITABLE = frozenset("髙﨑邉齊藏德惠實壽")

# Katakana that OCR reads for the kanji they look like (浩二 → 浩ニ, 山口 → 山ロ). One
# alone among kanji is never how a name is written (a kana given name is a run: エミ).
_KANA_FOR_KANJI = {"ニ": "二", "ロ": "口", "カ": "力", "エ": "工", "タ": "夕", "ハ": "八",
                   "ト": "卜", "ー": "一"}


def _kanji(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff" or c == "々"


def normalize_name(text: str | None) -> str | None:
    if not text:
        return None
    value = compact(text).strip("様殿")
    chars = list(value)
    for i, c in enumerate(chars):
        if c in _KANA_FOR_KANJI and i > 0 and _kanji(chars[i - 1]) and \
                (i + 1 == len(chars) or _kanji(chars[i + 1])):
            chars[i] = _KANA_FOR_KANJI[c]
    return "".join(chars) or None


def fold_name(text: str | None) -> str:
    """The comparison key: normalised and with 旧字体 folded to 新字体."""
    value = normalize_name(text) or ""
    return "".join(VARIANTS.get(c, c) for c in value)


def same_name(a: str | None, b: str | None) -> bool:
    return bool(a and b and fold_name(a) == fold_name(b))


# Characters tesseract confuses in names. Two names differing only here are treated
# as the same person — and a person is asked to look (never a silent fix).
CONFUSABLE = [{"郎", "朗"}, {"太", "大"}, {"崎", "埼"}, {"沢", "択"}, {"辺", "返"}, {"子", "予"},
              {"一", "ー", "-"}, {"口", "ロ"}, {"力", "カ"}, {"二", "ニ"}, {"夕", "タ"},
              {"隆", "降"}, {"晴", "睛"}, {"徹", "撤"}, {"菅", "管"}]


def confusable_name(a: str | None, b: str | None) -> bool:
    """Same length, and every differing character pair is a known OCR confusion."""
    fa, fb = fold_name(a), fold_name(b)
    if not fa or not fb or fa == fb or len(fa) != len(fb):
        return False
    return all(x == y or any({x, y} <= pair for pair in CONFUSABLE)
               for x, y in zip(fa, fb, strict=True))


# Of two characters OCR confuses, these are not written in names: where a letter and an
# ID read one name apart only by such a pair, the other reading is the name.
NOT_IN_NAMES = set("降睛撤予択返ロカニタ管")


def likelier_name(a: str, b: str) -> str | None:
    """Of two readings of one name that differ only by known confusions, the one whose
    every differing character is written in names (藤原隆 of 藤原隆 / 藤原降); None when
    both could be a name (太郎 / 大郎) or they are not such readings."""
    if not confusable_name(a, b):
        return None
    fa, fb = normalize_name(a) or "", normalize_name(b) or ""
    if len(fa) != len(fb):
        return None
    pick = []
    for x, y in zip(fa, fb, strict=True):
        if x == y or VARIANTS.get(x, x) == VARIANTS.get(y, y):
            pick.append(x)
        elif (x in NOT_IN_NAMES) != (y in NOT_IN_NAMES):
            pick.append(y if x in NOT_IN_NAMES else x)
        else:
            return None
    return "".join(pick)


def respelled(read: str | None, reference: str | None) -> str | None:
    """The reference's spelling of a name read as `read`, when the two differ only where
    the reference has an old form the model cannot write and the reading its new form
    (高橋 read, 髙橋 registered → 髙橋); else None. Never a different name."""
    a, b = normalize_name(read), normalize_name(reference)
    if not a or not b or a == b or len(a) != len(b):
        return None
    for x, y in zip(a, b, strict=True):
        if x != y and not (y in UNWRITABLE and VARIANTS.get(y) == x):
            return None
    return b
