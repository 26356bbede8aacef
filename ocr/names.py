"""Personal names: NFKC without spaces, and a lenient comparison."""

from __future__ import annotations

from ocr.text import compact

# Old/new character forms that are the same name (旧字体 ↔ 新字体) and are matched
# silently; the register and an ID card often disagree only on these.
VARIANTS = {"髙": "高", "﨑": "崎", "邊": "辺", "邉": "辺", "齋": "斎", "齊": "斉",
            "濱": "浜", "澤": "沢", "櫻": "桜", "廣": "広", "國": "国", "藏": "蔵",
            "眞": "真", "德": "徳", "惠": "恵", "龍": "竜", "實": "実", "壽": "寿"}


def normalize_name(text: str | None) -> str | None:
    if not text:
        return None
    value = compact(text).strip("様殿")
    return value or None


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
              {"隆", "降"}, {"晴", "睛"}, {"徹", "撤"}]


def confusable_name(a: str | None, b: str | None) -> bool:
    """Same length, and every differing character pair is a known OCR confusion."""
    fa, fb = fold_name(a), fold_name(b)
    if not fa or not fb or fa == fb or len(fa) != len(fb):
        return False
    return all(x == y or any({x, y} <= pair for pair in CONFUSABLE)
               for x, y in zip(fa, fb, strict=True))
