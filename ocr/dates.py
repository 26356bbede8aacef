"""Dates in Japanese documents: 和暦 (明治 to 令和) and Western, to datetime.date."""

from __future__ import annotations

import datetime as dt
import re

from ocr.text import compact, to_int

# (name, abbreviations, first day of the era, last day or None)
ERAS: tuple[tuple[str, tuple[str, ...], dt.date, dt.date | None], ...] = (
    ("令和", ("R",), dt.date(2019, 5, 1), None),
    ("平成", ("H",), dt.date(1989, 1, 8), dt.date(2019, 4, 30)),
    ("昭和", ("S",), dt.date(1926, 12, 25), dt.date(1989, 1, 7)),
    ("大正", ("T",), dt.date(1912, 7, 30), dt.date(1926, 12, 24)),
    ("明治", ("M",), dt.date(1868, 1, 25), dt.date(1912, 7, 29)),
)
_ERA_NAMES = "|".join(e[0] for e in ERAS) + "|" + "|".join(a for e in ERAS for a in e[1])
_NUM = r"[0-9〇零一二三四五六七八九十元]{1,4}"
# A quote mark between era and year is a speck OCR read (令和 "7年), never writing.
_ERA_DATE = re.compile(
    rf"(?P<era>{_ERA_NAMES})\.?\s*[\"'`’”]?\s*(?P<y>{_NUM})\s*[年.]\s*(?P<m>{_NUM})\s*[月.]\s*(?P<d>{_NUM})\s*日?")
_WESTERN = re.compile(r"(?P<y>(?:18|19|20)\d\d)\s*[年/.-]\s*(?P<m>\d{1,2})\s*[月/.-]\s*"
                      r"(?P<d>\d{1,2})\s*日?")


def era_to_date(era: str, year: int, month: int, day: int) -> dt.date | None:
    """One era date to a Gregorian date, None when the date is outside the era."""
    for name, abbrs, start, end in ERAS:
        if era == name or era in abbrs:
            try:
                value = dt.date(start.year + year - 1, month, day)
            except ValueError:
                return None
            if value < start or (end is not None and value > end):
                return None
            return value
    return None


# Era names as tesseract misreads them; fixed only where a full date follows.
_ERA_CONFUSIONS = {"今和": "令和", "合和": "令和", "念和": "令和", "信和": "令和", "倒和": "令和",
                   "冷和": "令和", "命和": "令和", "会和": "令和", "令利": "令和", "平戒": "平成",
                   "昭知": "昭和", "召和": "昭和", "林和": "昭和"}


# No document here carries a 令和 date further ahead than this: an expiry is 10 years.
REIWA_HORIZON_YEARS = 12
# An era name with one character misread before a year (芝和27年, 平戒2年): the last
# character of 令和/昭和/平成/大正/明治 read right, or the first of 令和/平成/昭和 (令租8年:
# no other era begins with 令).
_ERA_LAST, _ERA_FIRST = "[和成正治]", "[令平昭]"
MISREAD_ERA = rf"(?:[一-龥]{_ERA_LAST}|{_ERA_FIRST}[一-龥])"
_MISREAD_ERA = re.compile(rf"(?<![一-龥])([一-龥])({_ERA_LAST})(?=\s*{_NUM}\s*年)|"
                          rf"({_ERA_FIRST})([一-龥])(?=\s*{_NUM}\s*年)")


def _era_by_range(m: re.Match[str]) -> str:
    """An era name with one character misread, told by the one read right and by the
    year's range; left as it is when two eras could be meant (令和 and 昭和 share 和)."""
    whole = m.group(0)
    if m.group(3):  # the first character read right: 平? is 平成, 昭? is 昭和
        return {"令": "令和", "平": "平成", "昭": "昭和"}[m.group(3)]
    last = m.group(2)
    if last != "和":
        return {"成": "平成", "正": "大正", "治": "明治"}[last]
    year = to_int(re.match(rf"\s*({_NUM})", m.string[m.end():]).group(1))  # type: ignore[union-attr]
    reiwa_reach = dt.date.today().year - 2018 + REIWA_HORIZON_YEARS
    if year is not None and reiwa_reach < year <= 64:
        return "昭和"
    return whole


_DOUBLED_ERA = re.compile(r"(令和|平成|昭和|大正|明治)(?<=(.))\2")
# A speck read as a kana between an era and its year (吾和ら56年). Only before a year of
# two digits: before one digit, the kana may be the year's first digit misread.
_STRAY_KANA = re.compile(rf"((?:{_ERA_NAMES})|{MISREAD_ERA})[ぁ-ん](?=[0-9]{{2}}年)")


def parse_date(text: str) -> dt.date | None:
    """The first date in text, 和暦 or Western; None when there is none or it is invalid."""
    text = compact(text)
    for wrong, right in _ERA_CONFUSIONS.items():
        text = text.replace(wrong, right)
    # A character OCR read twice (令和和八年: vertical writing's tall 和).
    text = _STRAY_KANA.sub(r"\1", _DOUBLED_ERA.sub(r"\1", text))
    if not _ERA_DATE.search(text):
        text = _MISREAD_ERA.sub(_era_by_range, text)
    m = _ERA_DATE.search(text)
    if m:
        parts = [to_int(m.group(k)) for k in ("y", "m", "d")]
        if None in parts:
            return None
        y, mo, d = (int(p) for p in parts)  # type: ignore[arg-type]
        return era_to_date(m.group("era"), y, mo, d)
    m = _WESTERN.search(text)
    if m:
        try:
            return dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        except ValueError:
            return None
    return None


def to_wareki(value: dt.date) -> str:
    """2024-05-01 → 令和6年5月1日 (元年 for the first year), for letters."""
    for name, _abbr, start, end in ERAS:
        if value >= start and (end is None or value <= end):
            year = value.year - start.year + 1
            y = "元" if year == 1 else str(year)
            return f"{name}{y}年{value.month}月{value.day}日"
    return f"{value.year}年{value.month}月{value.day}日"


def iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


_WESTERN_YEAR = re.compile(r"(?<![0-9０-９])((?:18|19|20)[0-9]{2})年(?:([0-9]{1,2})月)?")


def wareki_years(text: str) -> str:
    """Western years written in free text (2026年11月分) as 和暦 (令和8年11月分), so a
    letter keeps one era style; a year alone takes the era in force at its end."""
    def one(m: re.Match[str]) -> str:
        year, month = int(m.group(1)), m.group(2)
        day = dt.date(year, int(month), 1) if month and 1 <= int(month) <= 12 \
            else dt.date(year, 12, 31)
        era = to_wareki(day)
        head = era.split("年", 1)[0] + "年"
        return f"{head}{month}月" if month else head
    return _WESTERN_YEAR.sub(one, text)
