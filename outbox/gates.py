"""What keeps an unfinished reply from being approved or delivered (pure)."""

from __future__ import annotations

import re

_PLACEHOLDER = re.compile(r"【([^】]*記入[^】]*)】")
_UNKNOWN = re.compile(r"（(?:お名前|氏名|ご住所|住所)不明）")


def unfinished(body: str, to: str = "") -> list[str]:
    """Every placeholder or unknown addressee left in a draft, in words for the desk."""
    out: list[str] = []
    for m in _PLACEHOLDER.finditer(f"{to}\n{body}"):
        what = re.sub(r"^担当者記入[：:]?", "", m.group(1)).strip() or m.group(1)
        message = f"未記入の箇所があります：{what}"
        if message not in out:
            out.append(message)
    for m in _UNKNOWN.finditer(f"{to}\n{body}"):
        message = f"宛名または住所が不明です：{m.group(0)}"
        if message not in out:
            out.append(message)
    return out
