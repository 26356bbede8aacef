"""Numbers that must not be kept (マイナンバー and the like) are removed from text."""

from __future__ import annotations

import re

MASK = "＊"
# Twelve digits, optionally grouped 4-4-4, not part of a longer number.
_TWELVE = re.compile(r"(?<![0-9])(\d{4})[ -]?(\d{4})[ -]?(\d{4})(?![0-9])")
# Labels after which any number is sensitive (insurance and pension numbers).
_LABELLED = re.compile(r"(個人番号|マイナンバー|記号|保険者番号|被保険者番号|基礎年金番号|"
                       r"年金番号|住民票コード)\s*[:：]?\s*([0-9A-Za-z\-・ ]{4,})")


def my_number_valid(digits: str) -> bool:
    """The check digit of a 12-digit 個人番号 (総務省令 第五条)."""
    if len(digits) != 12 or not digits.isdigit():
        return False
    body = [int(c) for c in digits[:11]][::-1]
    total = sum(p * (n + 1 if n <= 5 else n - 5) for n, p in enumerate(body, start=1))
    rest = total % 11
    check = 0 if rest <= 1 else 11 - rest
    return check == int(digits[11])


def redact_text(text: str) -> tuple[str, bool]:
    """Text with sensitive numbers masked, and whether anything was masked."""
    masked = False

    def twelve(m: re.Match[str]) -> str:
        nonlocal masked
        start = m.start()
        # 運転免許証の番号 (第123456789012号) is a permitted ID number, not a 個人番号.
        if start > 0 and m.string[start - 1] == "第":
            return m.group(0)
        if my_number_valid("".join(m.groups())):
            masked = True
            return MASK * 12
        return m.group(0)

    def labelled(m: re.Match[str]) -> str:
        nonlocal masked
        masked = True
        return m.group(1) + " " + MASK * 8

    text = _TWELVE.sub(twelve, text)
    text = _LABELLED.sub(labelled, text)
    return text, masked
