"""Passport machine-readable zone, TD3 (ICAO 9303 part 4), with every check digit."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_WEIGHTS = (7, 3, 1)


def _value(ch: str) -> int:
    if ch.isdigit():
        return int(ch)
    if ch == "<":
        return 0
    return ord(ch) - ord("A") + 10


def check_digit(field: str) -> str:
    return str(sum(_value(c) * _WEIGHTS[i % 3] for i, c in enumerate(field)) % 10)


@dataclass(frozen=True)
class Td3:
    surname: str
    given_names: str
    number: str
    nationality: str
    birth_date: dt.date | None
    sex: str
    expiry_date: dt.date | None
    valid: bool  # every check digit matched
    failed: tuple[str, ...]  # which check digits did not


def _date(yymmdd: str, future: bool) -> dt.date | None:
    try:
        yy, mm, dd = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:])
    except ValueError:
        return None
    # Birth dates are in the past; expiry dates within the next century.
    century = 2000 if (future or yy <= dt.date.today().year % 100) else 1900
    try:
        return dt.date(century + yy, mm, dd)
    except ValueError:
        return None


# The Japanese model reads the filler '<' as こ, く, こく or «.
_FILLER = re.compile(r"(こく|くこ|こ|く|«|‹|〈|＜)")


def _clean(line: str) -> str:
    return re.sub(r"[^A-Z0-9<]", "", _FILLER.sub("<", line.replace(" ", "")).upper())


def find_td3(text: str) -> tuple[str, str] | None:
    """The two 44-character MRZ lines in OCR text, rebuilt around their fixed parts:
    OCR miscounts runs of filler '<', never the data in front of them."""
    lines = [_clean(ln) for ln in text.splitlines()]
    for i in range(len(lines) - 1):
        a, b = lines[i], lines[i + 1]
        if not (a.startswith("P") and len(a) >= 30 and len(b) >= 30):
            continue
        name = re.match(r"(P.[A-Z<]{3})([A-Z]+(?:<{1,2}[A-Z]+)*)", a)
        tail = re.match(r"([A-Z0-9<]{28})<*([A-Z0-9]{0,14}?)<*(\d)(\d)$", b)
        if not name or not tail:
            continue
        line1 = (name.group(1) + name.group(2)).ljust(44, "<")[:44]
        personal = tail.group(2).ljust(14, "<")
        line2 = tail.group(1) + personal + tail.group(3) + tail.group(4)
        if len(line2) == 44:
            return line1, line2
    return None


def parse_td3(line1: str, line2: str) -> Td3:
    names = line1[5:44].split("<<", 1)
    surname = names[0].replace("<", " ").strip()
    given = names[1].replace("<", " ").strip() if len(names) > 1 else ""
    number, nat = line2[0:9], line2[10:13]
    checks = {
        "number": (line2[0:9], line2[9]),
        "birth_date": (line2[13:19], line2[19]),
        "expiry_date": (line2[21:27], line2[27]),
        "personal_number": (line2[28:42], line2[42]),
        "composite": (line2[0:10] + line2[13:20] + line2[21:43], line2[43]),
    }
    failed = tuple(k for k, (field, digit) in checks.items()
                   if not (k == "personal_number" and set(field + digit) <= {"<"})
                   and check_digit(field) != digit)
    return Td3(surname=surname, given_names=given, number=number.replace("<", ""),
               nationality=nat, birth_date=_date(line2[13:19], future=False),
               sex=line2[20], expiry_date=_date(line2[21:27], future=True),
               valid=not failed, failed=failed)
