"""Field extraction per document kind; every value normalised and validated.

A value that is absent is None. A value whose label was found but which fails
validation (a name with digits, an address that starts with no prefecture, an
impossible date) is also None, and so is one whose words OCR read with low
confidence; its field name is reported as a doubt so the reading can raise
`low_ocr_confidence` — never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from rapidfuzz.distance import Levenshtein

from ocr import gazetteer
from ocr.address import building_slips, normalize_address
from ocr.dates import MISREAD_ERA, iso, parse_date
from ocr.gazetteer import PREFECTURES
from ocr.mrz import find_td3, parse_td3
from ocr.names import normalize_name, same_name
from ocr.readings import family_name_alone, katakana, reading_fit
from ocr.text import compact, unify_digit_dashes

REQUEST_TYPE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("third_party_record_disclosure", ("第三者提供記録の開示", "第三者提供に係る記録の開示",
                                       "提供記録の開示")),
    ("third_party_stop", ("第三者提供の停止", "第三者への提供の停止", "第三者提供停止")),
    ("purpose_notice", ("利用目的の通知",)),
    ("applicant_erasure", ("応募後の個人情報の抹消", "応募情報の抹消", "抹消")),
    ("suspension", ("利用停止", "利用の停止")),
    ("deletion", ("削除", "消去")),
    ("correction", ("訂正", "追加")),
    ("disclosure", ("開示",)),
)
# Phrases that name the procedure in general, not a request of one type.
_GENERIC = re.compile(r"開示等|開示・訂正|開示請求等|第三者提供記録の開示|"
                      r"第三者提供に係る記録の開示|提供記録の開示")
# Tesseract reads an empty box as 口/ロ/日 and a filled one as 置/圏/図/團 and the like.
_EMPTY_BOX = "□☐口ロ日"
_FILLED_BOX = "■☑✓✔☒置圏図團囗国回田図"
_TYPE_WORDS = ("第三者提供記録の開示|第三者提供の停止|利用目的の通知|開示|訂正|追加|削除|消去|"
               "利用停止|抹消")
# ？ is a mark that could not be told (ocr.marks); NFKC makes it "?".
_UNSURE = "？?"
_BOXED = re.compile(rf"([{_EMPTY_BOX}{_FILLED_BOX}{_UNSURE}])({_TYPE_WORDS})")
# A type whose mark ocr.marks decided (the verdict it writes before the option).
_DECIDED = re.compile(rf"[■□{_UNSURE}](?:{_TYPE_WORDS})")

REPRESENTATIVES = ("agent", "legal_representative")
# The types a request form commonly offers as its options.
FORM_TYPES = ("disclosure", "correction", "deletion", "suspension", "third_party_stop")
_LABEL_END = r"\s*[:：]?\s*"
# Dust or a box's corner before a label, read as a mark or two ((< 住所 ), | 氏名).
_SPECKS = r"(?:[<>|;:'\"`~^_*.,・]{1,2}\s*)?"
_LETTERS = r"[\u3005\u3040-\u30ff\u3400-\u9fff]"  # kana and kanji
# An era misread before a year (芝和27年): ocr.dates tells which era it was.
_ERA_MISREAD = rf"{MISREAD_ERA}(?=[0-9]+年)"
_DATE_CHARS = r"(?:令和|平成|昭和|大正|明治|[RHST]\.?\d|\d{4}年|\d{4}[/.-])"
# How sure OCR was of the words a value was read from (0–1), None when unknown
# (typed text, a text layer).
class Confidence(Protocol):
    """How sure OCR was of the words of a value; `checked`: the value's shape is checked
    after (a date, an address), so words read through a removed seal may count."""

    def __call__(self, raw: str, *, checked: bool = False) -> float | None: ...
# Below this a value is not taken. Measured on the corpus: correct values come from
# words read at 0.72 and above on average; a scribble over a name reads near 0.
FIELD_MIN_CONFIDENCE = 0.5
# A reading is held against a name only when OCR was surer of its kana than of most
# values: a misread kana makes a right name look misread.
READING_MIN_CONFIDENCE = 0.8
_READING_LABEL = re.compile(r"^(?:フリガナ|ふりがな|ヨミガナ|よみがな)[:：]?")
# フリガナ as OCR reads it too: its フ doubled or misread (ブフリカナ, マリガナ), its ガ
# read カ or twice (フリカガナ).
_READING_LABELS = (r"[フブプマ]{1,2}\s*リ\s*[ガカ]{1,2}\s*ナ|ふ\s*り\s*が\s*な|"
                   r"よ\s*み\s*が\s*な|ヨ\s*ミ\s*ガ\s*ナ")
_READING_ROW = re.compile(r"^.{0,5}?([\u30a1-\u30fa\u30fc]{3,})$")
_KANA_ONLY = re.compile(r"[\u3041-\u3096\u30a1-\u30fa\u30fc・]+")
# Words of a form or of a sentence (ます, お願い): a value holding one is not a name.
_CUT_OFF = re.compile(r"(?:丁|番|[0-9]-|[一二三四五六七八九十]丁?)$")
# As written: an address that stops at 番 (not 番地), at a dash or at 丁目 goes on.
_RAW_CUT = re.compile(r"(?:[0-9〇一二三四五六七八九十]番|丁目?|[-‐－ー]|の)$")
_TRAILING_DASH = re.compile(r"[-‐－ー]$")
# Block numbers that did not read: a 丁目 left unconverted (廿丁目, 三本目 for 三丁目) or one
# letter after the last number (8弓 for 8号, 20き; a room, 201号室 or 3階, is no slip).
_GARBLED_NUMBERS = re.compile(r"丁目|[一二三四五六七八九十廿][本木]目|"
                              r"[0-9](?![室階])[\u3040-\u30ff\u4e00-\u9fff]$|"
                              # 目 without its 丁 before the numbers (本町目10-17),
                              # or apart from it (九丁10目: 九丁目10番 misread)
                              r"(?<![丁0-9])目[0-9]|[0-9〇一二三四五六七八九十]丁[0-9]+目|"
                              # a number with a letter or a kanji figure inside it
                              # (二O04号室, 40セ7号室, 七申8号室)
                              r"[0-9〇一二三四五六七八九][A-Za-z\u30a0-\u30ff申甲由田]"
                              r"[0-9〇一二三四五六七八九]+(?:号室)?$|"
                              r"[〇一二三四五六七八九][0-9]|[0-9][〇一二三四五六七八九]")
# An address as written, however it read: a prefecture's shape (two or three letters
# and 都道府県), more letters, then a number.
_WRITTEN_ADDRESS = re.compile(r"^[^\s0-9]{2,3}[都道府県][^\s0-9]{2,}.*[0-9]")
# Marks no address is written with: where one is read, so were the letters around it.
_STRAY = re.compile(r"[「」『』|｜:;,.、。!?'\"<>\[\]{}~^*_=+\\/“”‘’]")

def _second_address(value: str | None) -> int:
    """Where a second address begins after a first that ends in its numbers; 0 if none."""
    if not value:
        return 0
    m = re.search(rf"(?<=[0-9号室階])(?:{'|'.join(PREFECTURES)})", value)
    return m.start() if m else 0


def _second_date(raw: str) -> int:
    """Where a second date begins after a first that ended (…21日平成15年…); 0 if none."""
    m = re.search(rf"(?<=日)\s*(?:{_DATE_CHARS})", raw)
    return m.start() if m else 0


# (Between dashes too, which read as 一: 一昭和41年1月4日生一.)
_BORN_ALONE = re.compile(rf"^[（(―ー\-一]?{_DATE_CHARS}.{{2,16}}日\s*生(?:まれ)?[)）―ー\-一]?$")
# A signature of a name and its birth date on one line, nothing else (松本智子昭和56年1月17日生).
# The given name in kanji or katakana, or all in hiragana (さくら), so that prose is not
# one (私の母は昭和…生).
_NAME_THEN_BORN = re.compile(r"^[\u4e00-\u9fff々]{1,5}(?:[\u4e00-\u9fff々\u30a1-\u30fa]{0,5}|"
                             rf"[\u3041-\u3096]{{2,5}})[（(]?{_DATE_CHARS}.{{2,16}}日\s*生[)）]?$")
# An address line that stops after its municipality, with no number at all.
_CITY_ONLY = re.compile(r"^[^0-9〇一二三四五六七八九十]{3,}[市区町村郡]$")
_NUMBERED = re.compile(r"[0-9〇一二三四五六七八九十]")
_OTHER_LABEL = re.compile(r"(電話|氏名|お名前|生年月日|郵便|メール|E-?mail|TEL|FAX|フリガナ|"
                          r"ふりがな|連絡|請求|代理人|本人)")
_KANA_AMID_KANJI = re.compile(r"[\u4e00-\u9fff][\u3041-\u306d\u306f-\u3096][\u4e00-\u9fff]")
_NUMERALS = "0-9０-９〇一二三四五六七八九十"
_CHOME_LOST = re.compile(rf"(?<![{_NUMERALS}丁])([{_NUMERALS}]+)目(?=\s*[{_NUMERALS}])")
# …or read as another character of about its shape (五耳目7番, 三了目, 7] 目).
_CHOME_MISREAD = re.compile(
    rf"(?<![{_NUMERALS}])([{_NUMERALS}]+)\s?[耳了刀寸亅\]]\s?目(?=\s*[{_NUMERALS}])")
_TRAILING_MARKS = re.compile(r"(?<=[0-9０-９号番地])\s+[^\w\s]{1,3}$")


def _cut_off(raw: str) -> bool:
    """Is this address cut off mid-number (…日吉5丁, …20番, …9-9-)?"""
    flat = unify_digit_dashes(compact(raw))
    return bool(_RAW_CUT.search(flat) or _CUT_OFF.search(normalize_address(flat) or ""))
_NOT_NAME = re.compile(r"本人|代理|請求|氏名|名前|住所|生年|月日|電話|番号|確認|書類|記入|連絡|"
                       r"フリガナ|ふりがな|[■□？]|ます|です|ください|お願い|いたし|致し|申し|"
                       r"区分|種類|内容|該当|選択|"
                       # an organisation, the addressee of a letter: never the writer
                       r"会社|御中|殿|相談室|窓口|支社|センター|個人情報|事務局")
# The addressee of a letter, whose address may head it: an organisation, or 御中 / 殿.
_ADDRESSEE = re.compile(r"株式会社|有限会社|合同会社|御中|殿$|相談室|窓口|御担当|ご担当")
# A row of options as marks.rewrite writes them: a box's verdict before an option word.
_OPTION_ROW = re.compile(r"[■□？]\s*(?:法定代理人|任意代理人|代理人|本人)")
_NAME_OK = re.compile(r"^[\u3005\u3040-\u30ff\u3400-\u9fff\uf900-\ufaffA-Za-z・]{2,24}$")


# Labels of four characters or more, matched when OCR got one character wrong
# (生年月日 read as 生年月目 or 生畠月日); shorter ones must be read exactly.
FUZZY_LABELS = ("生年月日", "フリガナ", "電話番号", "ふりがな", "請求年月日", "代理人氏名",
                "代理人住所", "代理人生年月日")


def fuzzy_label(line: str) -> str:
    """The line with a near-miss label at its start written as the label."""
    flat = line.lstrip()
    for label in FUZZY_LABELS:
        if flat.startswith(label[:-1]) and re.match(rf"\s*(?:{_DATE_CHARS}|[0-9])",
                                                     flat[len(label) - 1:]):
            # Its last character lost, and the value follows (生年月昭和…): not one
            # misread, or the value would lose its first character.
            return label + flat[len(label) - 1:]
        head = flat[:len(label)]
        if head != label and len(head) == len(label) and Levenshtein.distance(head, label) == 1 \
                and sum(a == b for a, b in zip(head, label, strict=True)) >= len(label) - 1:
            return label + flat[len(label):]
    return line


# What heads a column of a form whose values stand in the row below (ocr.layout).
HEADER_LABELS = ("氏名", "お名前", "名前", "生年月日", "住所", "ご住所", "電話番号", "電話",
                 "フリガナ", "ふりがな", "連絡先", "印", "性別", "年齢")


def party_caption(text: str) -> str | None:
    """Whose column a table's caption heads: principal (請求者本人, ご本人, 委任者) or agent
    (代理人, 受任者); None for anything else. Marks written before a caption by a page
    read as options (■本人) do not change whose it is."""
    flat = re.sub(rf"[{_EMPTY_BOX}{_FILLED_BOX}{_UNSURE}■□()（）【】\[\]]", "", compact(text))
    if len(flat) > 8:
        return None
    if re.fullmatch(r"(?:請求者)?(?:代理人|受任者|法定代理人|任意代理人)(?:欄)?", flat):
        return "agent"
    if re.fullmatch(r"(?:請求者)?(?:ご|御)?(?:本人|委任者)(?:欄)?", flat):
        return "principal"
    return None


# A name in kanji run together with its reading in katakana (岩崎直子イワサキナオコ: the
# next box's value read onto the same line). A reading spells every kanji, so it is
# longer than the kanji by two or more; a given name in katakana (佐藤マリア) is not.
_NAME_AND_READING = re.compile(r"^([\u4e00-\u9fff々]{2,6})\s*([\u30a1-\u30fa\u30fc]+)$")


def _without_reading(raw: str) -> str:
    m = _NAME_AND_READING.match(compact(raw))
    if m and len(m.group(2)) >= len(m.group(1)) + 2:
        return m.group(1)
    return raw


def _misread_label(text: str) -> bool:
    """A label of four characters or more, read with one character wrong, added or lost."""
    return any(len(label) >= 4 and Levenshtein.distance(text, label) <= 1
               for label in HEADER_LABELS + FUZZY_LABELS)


def _letterless(value: str) -> bool:
    """A mark or two a box's rule or dust was read as (氏名 7), and nothing else."""
    flat = compact(value)
    return len(flat) <= 2 and not re.search(r"[\u3040-\u30ff\u3400-\u9fffA-Za-z]", flat)


# A line that is a date however misread: 年, 月 and 日 in order, figures among them.
_DATE_SHAPED = re.compile(r"(?=.*[0-9０-９〇一二三四五六七八九十])[^年月日]{1,6}年[^年月日]{1,4}月"
                          r"[^年月日]{1,4}日")
_DATE_LINES = 8  # a letter dates itself at its head, above the addressee or beside it
_WRITTEN_LABELS = {"name": r"氏\s*名|お\s*名\s*前", "birth_date": r"生\s*年\s*月\s*日",
                   "address": r"住\s*所|ご\s*住\s*所|現\s*住\s*所"}


def _holds_writing(what: str, rest: str) -> bool:
    """Is this, after a label on its line, something written (however misread)?"""
    if not rest or _next_label_only(rest) or _OTHER_LABEL.match(rest):
        return False
    letters = re.sub(r"[^\u3040-\u30ff\u3400-\u9fff]", "", rest)
    digits = re.search(r"[0-9〇一二三四五六七八九十元]", rest)
    if what == "name":
        return len(letters) >= 2 and not _NOT_NAME.search(rest) and \
            not re.search(r"署名|記名|自署|押印|捺印|楷書|フルネーム", rest)
    if what == "birth_date":
        return bool(digits)
    # An address, however misread, has its block numbers: words alone (下記の通り) refer
    # elsewhere or name a place without saying where in it.
    return bool(digits) and len(letters) >= 2


def _next_label_only(value: str) -> bool:
    """Is what follows a label on its line only the next box's caption, among marks a
    box's rules or dust were read as (氏名 3 "フリガナ)?"""
    flat = compact(value)
    letters = re.sub(r"[^\u3040-\u30ff\u3400-\u9fffA-Za-z]", "", flat)
    return len(letters) >= 2 and not re.search(r"[0-9]", flat) and (
        is_header_label(letters) or _misread_label(letters))


def is_header_label(text: str) -> bool:
    """A run of a row that is a field's label, read as written or (four characters or
    more) with one character wrong or lost (生年月 for 生年月日: a thin 日 dropped)."""
    flat = compact(text).strip("()（）:：|｜")
    return flat in HEADER_LABELS or any(
        len(label) >= 4 and len(flat) >= len(label) - 1
        and Levenshtein.distance(flat, label) == 1 for label in HEADER_LABELS)


@dataclass
class Extracted:
    fields: dict[str, Any]
    doubts: list[str] = field(default_factory=list)
    # Values read but not trusted (their words' confidence was low), kept aside so that
    # the same value read reliably on another document can confirm them (corroborate).
    unsure: dict[str, Any] = field(default_factory=dict)


class _Reader:
    """Label-based lookups over one document's text, collecting doubts."""

    def __init__(self, text: str, confidence: Confidence | None = None) -> None:
        self.text = text
        self.lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        self.doubts: list[str] = []
        self.confidence = confidence
        self.unsure: dict[str, Any] = {}
        self.kana: dict[str, str] = {}  # the reading given beside each name read

    def part(self, text: str) -> _Reader:
        part = _Reader(text, self.confidence)
        part.unsure = self.unsure  # one envelope of untrusted values for the document
        return part

    @property
    def joined(self) -> str:
        """The text as one run, its lines joined without spaces: a sentence broken over
        lines reads whole."""
        return "".join(compact(line) for line in self.lines)

    def kept(self, value: Any, raw: str, key: str) -> Any:
        """The value when OCR was sure of its words; else None, a doubt, and the value
        set aside as unsure."""
        if value is None or self.sure(raw, key):
            return value
        self.unsure[key] = value
        return None

    def sure(self, raw: str, key: str) -> bool:
        """False, and a doubt, when OCR read the words of this value with low confidence."""
        conf = self.confidence(raw, checked=not key.endswith("name")) \
            if self.confidence else None
        if conf is not None and conf < FIELD_MIN_CONFIDENCE:
            self.doubts.append(key)
            return False
        return True

    def after(self, label: str, stop: str = r"$") -> str | None:
        return next(self.all_after(label, stop), None)

    def all_after(self, label: str, stop: str = r"$") -> Iterator[str]:
        """The value after each line-leading label, in page order; a label alone on its
        line (a caption above its box) gives the next line. Labels count only at the
        start of a line: "登録されている住所・電話番号" is prose."""
        pattern = re.compile(rf"^\s*[（(【\[]?\s*{_SPECKS}(?:{label})\s*[)）】\]]?{_LABEL_END}"
                             rf"(.*?)(?:{stop})")
        for i, line in enumerate(self.lines):
            m = pattern.match(fuzzy_label(line))
            if not m:
                continue
            value = m.group(1).strip().lstrip(")）】]:：.．、。 ")
            if not value or _next_label_only(value) or _letterless(value):
                # A caption above its box, or a row of captions (氏名 … フリガナ, the
                # reading's box beside it): the value stands on the next line that is
                # not another caption (フリガナ under 氏名).
                value = next((ln.strip() for ln in self.lines[i + 1:i + 3]
                              if not _next_label_only(ln)), "")
            if value:
                yield value

    def _labelled_names(self) -> Iterator[tuple[str, str]]:
        """(value, raw) of each name the text gives after a name label, in page order."""
        stop = rf"\s*(?:{_DATE_CHARS}|生年月日|㊞|印\s*$|$)"
        for raw in self.all_after(r"氏\s*名|お\s*名\s*前|名\s*前|請求者(?:の?(?:氏名|お名前|名))?|"
                                  r"Name", stop):
            if _OPTION_ROW.search(raw):
                # 請求者 ■本人 □法定代理人: the row of the requester's kind, whatever
                # its first option was misread as (画木人), holds no name.
                yield "", raw
                continue
            yield self._valid_name(raw) or "", raw

    def name(self, key: str = "name") -> str | None:
        tried = False
        for value, raw in self._labelled_names():
            tried = True
            if value:
                return self._against_reading(self.kept(value, raw, key), raw, key)
        for raw in (self._name_near_address(), self._introduced(), self._name_by_reading()):
            if raw is None:
                continue
            value = self._valid_name(raw)
            if value:
                return self._against_reading(self.kept(value, raw, key), raw, key)
            tried = True
        if tried:
            self.doubts.append(key)
        return None

    def written_unread_all(self, fields: dict[str, Any], keys: tuple[str, ...]) -> None:
        """`written_unread` for each of these values that came out null."""
        for key in keys:
            if fields[key] is None:
                self.written_unread(key)

    def written_unread(self, key: str) -> None:
        """The value's label stands on a line that holds writing after it, and no
        value was read from it: the letter states it, unreadably. It is set aside as
        unsure — stated, so not asked for again; null, so a person reads it on the page.
        A line that holds only marks, a seal, the next box's caption or a printed
        template (昭和・平成　年　月　日) holds no writing."""
        what = key.removeprefix("agent_").removeprefix("principal_")
        if what not in _WRITTEN_LABELS or self.unsure.get(key) is not None:
            return
        pattern = re.compile(rf"^\s*[（(【\[]?\s*{_SPECKS}(?:{_WRITTEN_LABELS[what]})"
                             rf"\s*[)）】\]]?{_LABEL_END}(.*)$")
        for line in self.lines:
            m = pattern.match(fuzzy_label(line))
            if m is None:
                continue
            rest = _unspecked(m.group(1)).strip(":：・.．…‥、。 ").rstrip("㊞印様")
            if _holds_writing(what, rest):
                self.unsure[key] = rest
                if key not in self.doubts:
                    self.doubts.append(key)
            return

    def reading(self, raw_name: str = "") -> str | None:
        """The name's reading in katakana, where the text gives one surely: after its
        label (フリガナ, ふりがな), run on after the kanji on the name's line, or beside
        it (_reading_beside)."""
        m = _NAME_AND_READING.match(compact(raw_name))
        raw = m.group(2) if m else self.after(_READING_LABELS) or \
            self._reading_beside(raw_name)
        kana = compact(raw or "")
        if len(kana) < 3 or not _KANA_ONLY.fullmatch(kana):
            return None
        conf = self.confidence(raw or "") if self.confidence else None
        return None if conf is not None and conf < READING_MIN_CONFIDENCE else katakana(kana)

    def _reading_beside(self, raw_name: str) -> str | None:
        """By its shape, where its label did not read (フリガナ → ブリ弱): a run of
        katakana ending the line just above or below the name's, after at most a few
        other letters."""
        at = next((i for i, line in enumerate(self.lines) if raw_name and raw_name in line),
                  None)
        if at is None:
            return None
        for j in (at - 1, at + 1):
            m = _READING_ROW.match(compact(self.lines[j])) if 0 <= j < len(self.lines) else None
            if m:
                return m.group(1)
        return None

    def _against_reading(self, value: str | None, raw: str, key: str) -> str | None:
        """A name one of whose kanji its own reading cannot account for (長谷川夢 by
        ハセガワレン) was misread: null with a doubt, set aside as unsure — a person
        looks. A name its reading fits, or one with no reading, is kept as read."""
        kana = self.reading(raw) if value else None
        if kana:
            self.kana[key] = kana
        if value and family_name_alone(value, kana):
            # A family name and nothing more (近藤): its given name was not read (a box
            # of its own, a seal over it). What was read is no name; a person looks.
            self.unsure[key] = value
            self.doubts.append(key)
            return None
        fit = reading_fit(value, kana) if value and kana else None
        if fit is None or fit.fits:
            return value
        self.unsure[key] = value
        self.doubts.append(key)
        return None

    @staticmethod
    def _valid_name(raw: str) -> str | None:
        # The name ends where a mark stands apart after it (遠藤裕子 \ 評: a seal's rim
        # on a 1-bit scan); a box before it is read as ロ, which no kanji name begins with.
        raw = re.sub(r"^ロ(?=[\u4e00-\u9fff])", "", re.split(r"\s+[^\w\s]", raw)[0])
        raw = _without_reading(raw)
        value = normalize_name(re.split(r"[(（]", raw)[0].rstrip("ー—-|｜l1I 　_＿.,、。"))
        if value and re.search(r"[\u3040-\u9fff]", value):
            value = re.sub(r"[A-Za-z|]+$", "", value)  # a box rule read as a letter
            if re.search(r"[A-Za-z]", value) or _KANA_AMID_KANJI.search(value):
                # Latin letters inside a Japanese name, or one hiragana between its kanji
                # (長谷川も海 for 長谷川七海; の of 木の下 aside): a misreading.
                return None
        # A value that still carries a label, an option or a mark is not a name, nor is
        # another field's label misread (フリグガナ, the next box's caption).
        if value and _NAME_OK.match(value) and len(value) <= 12 and not _NOT_NAME.search(value) \
                and not _misread_label(value):
            return value
        return None

    def _name_by_reading(self) -> str | None:
        """A form whose name label did not read: the name is the line of kanji with its
        reading in katakana beside it (原田洋平 ハラダヨウヘイ), the reading longer by two
        or more, as a reading of every kanji is."""
        for k, line in enumerate(self.lines):
            # (What stands between them is a box's rule or dust: 丸山勝也 i マルヤマ.)
            m = _NAME_AND_READING.match(re.sub(
                r"(?<=[\u4e00-\u9fff々])[^\u3040-\u30ff\u4e00-\u9fff々]{1,3}(?=[\u30a1-\u30fa])",
                "", compact(line)))
            if m and len(m.group(2)) >= len(m.group(1)) + 2 and \
                    not re.search(r"フリ|ガナ", m.group(2)):
                return m.group(1)
            # The reading on the line above, the name alone on this one (their labels
            # and a leader's dots misread as letters: SA ウチダヨウヘイ / MN SS 内田洋平).
            kanji = re.sub(r"[^\u3040-\u30ff\u4e00-\u9fff々]", "", compact(line))
            reading = re.sub(r"[^\u3040-\u30ff\u4e00-\u9fff々]", "",
                             compact(self.lines[k - 1])) if k else ""
            if re.fullmatch(r"[\u4e00-\u9fff々]{2,6}", kanji) and \
                    re.fullmatch(r"[\u30a1-\u30fa\u30fc]+", reading) and \
                    len(reading) >= len(kanji) + 2 and not re.search(r"フリ|ガナ", reading):
                return kanji
            # The reading above (after its label, or a misread one), and the kanji that
            # end this line — after a label misread past knowing (氏凍名較了0 0宮本早苗) —
            # the very name that reading spells, every kanji of it.
            above = _READING_ROW.match(_READING_LABEL.sub("", compact(self.lines[k - 1]))) \
                if k else None
            tail = re.search(r"[\u4e00-\u9fff々]{2,8}$", compact(line))
            if above and tail and len(above.group(1)) >= 4 and \
                    (fit := reading_fit(tail.group(0), above.group(1))) and fit.fits:
                return tail.group(0)
        return None

    def _introduced(self) -> str | None:
        """The writer's own introduction in a mail or a letter: 「会員の山田太郎と申します」."""
        m = re.search(rf"({_LETTERS}{{2,16}})\s*と申します", self.text)
        # What stands before the name joins it in the match: 会員の山田太郎 → 山田太郎.
        return re.split(r"[のはがをにで]", m.group(1))[-1] if m else None

    def _name_near_address(self) -> str | None:
        """Prose letters and mail signatures without labels: the name is the short line
        after the address (a letter's 記 block) or just before it (a signature)."""
        for i, line in enumerate(self.lines):
            if _BORN_ALONE.match(compact(line)):
                # A signature without an address: the name stands on the line above its
                # birth date (山田太郎 / 昭和六十年五月一日生).
                near: tuple[int, ...] = (i - 1,)
            elif _NAME_THEN_BORN.match(compact(line)) and compact(line)[0] not in "氏名前":
                # (A line that begins with what is left of 氏名 lost its label: 名山田健一.)
                near = (i,)
            elif _postal_stripped(line).startswith(PREFECTURES) and not self._addressees(i):
                # The next line with letters on it (a seal or a rule may read as ーー),
                # after the address's own rest if it ran on (a flat on a line of its own).
                k = i + 1
                while k < len(self.lines) and _address_rest(self.lines[k]):
                    k += 1
                near = (next((j for j in range(k, min(k + 2, len(self.lines)))
                              if re.search(r"[\u3041-\u3096\u30a1-\u30fa\u4e00-\u9fff]",
                                           self.lines[j])), k), i - 1)
            else:
                continue
            for j in near:
                if 0 <= j < len(self.lines):
                    # A birth date may follow the name on its line (山田太郎 昭和…生).
                    candidate = re.split(rf"[(（]|{_DATE_CHARS}|{_ERA_MISREAD}",
                                         compact(self.lines[j]))[0].rstrip("㊞印")
                    if 2 <= len(candidate) <= 10 and _NAME_OK.match(candidate) and \
                            self._valid_name(candidate):
                        return candidate
        return None

    def birth_date(self, key: str = "birth_date") -> str | None:
        raw = self.after(r"生\s*年\s*月\s*日")
        if raw is None:
            m = re.search(rf"((?:{_DATE_CHARS}|{_ERA_MISREAD}).{{2,16}}?日)\s*生", self.text)
            raw = m.group(1) if m else None
        return self.date(raw, key)

    def date(self, raw: str | None, key: str) -> str | None:
        if raw is None:
            return None
        value = parse_date(raw)
        if value is not None and key.endswith("birth_date"):
            second = _second_date(raw)
            if second:
                # Two people's dates side by side on one row (a column for the person,
                # one for the agent): whose is whose is the layout's, and it was lost.
                # The first is the person's, as with addresses; never the agent's.
                self.doubts.append(key)
                if key.startswith("agent_"):
                    return None
                raw = raw[:second]
        if value is None:
            if re.search(r"\d|[元〇一二三四五六七八九十]", raw):
                self.doubts.append(key)
            return None
        return self.kept(iso(value), raw, key)

    def address(self, key: str = "address") -> str | None:
        raw = self.after(r"住\s*所|ご\s*住\s*所|現住所|住居地")
        if raw is None:
            # By its shape: a line that is a prefecture onwards, after a postal code or not
            # — but not the addressee's (the company's address above 株式会社… 御中).
            raw = next((v for i, v in enumerate(map(_address_shaped, self.lines))
                        if (v.startswith(PREFECTURES) or gazetteer.misread_prefecture(v))
                        and not self._addressees(i)), None)
        if raw is None:
            return None
        # Marks standing apart after the address's last number (a seal's rim, a box's
        # edge read as = or a backslash) are not part of it; one inside still voids it.
        raw = _TRAILING_MARKS.sub("", self._continued(raw))
        lost = _CHOME_LOST.search(raw)
        if lost and lost.group(1) in ("一", "二"):
            # 二丁目 read as 一目: the stroke that went with 丁 may have been the
            # figure's own (二, 三), so the figure is not known.
            self.unsure[key] = normalize_address(_CHOME_LOST.sub(r"\1丁目", raw))
            self.doubts.append(key)
            return None
        if lost or _CHOME_MISREAD.search(raw):
            # 五目14番: the thin 丁 of 五丁目 dropped (no town is named so), or read as
            # another character; a person looks.
            raw = _CHOME_MISREAD.sub(r"\1丁目", _CHOME_LOST.sub(r"\1丁目", raw))
            self.doubts.append(key)
        value = normalize_address(raw)
        second = _second_address(value)
        if second and value:
            # Two people's addresses side by side on one row (a form with a column for
            # the person and one for the agent): the first is the person's, and a
            # person looks. The agent's section that got such a row gets neither.
            value = None if key.startswith("agent_") else value[:second]
            self.doubts.append(key)
        # An address cut off mid-number (…日吉5丁, …2番), or with a stray mark in it
        # (深四」目: 栄4丁目 misread), is not the address.
        # An address with no block number at all stops at its town: part of it is lost.
        if value and not _cut_off(raw) and not _STRAY.search(value) and \
                not _GARBLED_NUMBERS.search(value) and re.search(r"[0-9]", value):
            checked = gazetteer.check(value)
            if checked is not None and (not checked.municipality_known
                                        or checked.neighbourhood_misread):
                # No city, ward, town or village reads like this, or the neighbourhood
                # is a slip of two real ones: a misreading.
                self.unsure[key] = value
                self.doubts.append(key)
                return None
            if checked is not None and checked.corrected:
                self.doubts.append(key)  # put right against the list: a person looks
                value = checked.value
            value, slipped = building_slips(value)
            if slipped:
                self.doubts.append(key)
            if value.startswith(PREFECTURES):
                return self.kept(value, raw, key)
        if value and _WRITTEN_ADDRESS.match(value):
            # A prefecture (or a word shaped like one: 本岡県), a place and numbers: an
            # address is written here, though it did not read cleanly (a stray mark, a
            # number cut off, a letter misread). It is null, and set aside: the letter
            # states one (a person reads it), and an ID reading it alike may confirm it
            # (ocr.corroborate).
            self.unsure[key] = value
        self.doubts.append(key)
        return None

    def _addressees(self, i: int) -> bool:
        """Is line i the address of the letter's addressee: it, or one of the next two
        lines, names an organisation or carries 御中 or 殿? (The writer's own block often
        stands just under the addressee's line, so the line before says nothing.)"""
        near = self.lines[i:i + 3]
        return any(_ADDRESSEE.search(compact(line)) for line in near)

    def _continued(self, raw: str) -> str:
        """An address whose block numbers go on to the next line (目29番10号) in full."""
        flat = compact(raw)
        if _CITY_ONLY.search(flat):
            # The prefecture and city on one line, the rest on the next (a form's two
            # address lines): joined when the next line is no label's and has numbers.
            for i, line in enumerate(self.lines[:-1]):
                after = compact(self.lines[i + 1])
                if compact(line).endswith(flat) and _NUMBERED.search(after) and \
                        not _OTHER_LABEL.match(after) and not after.startswith(PREFECTURES):
                    return flat + after
            return raw
        cut = _cut_off(flat)
        for i, line in enumerate(self.lines[:-1]):
            if not compact(line).endswith(flat):
                continue
            after = _unspecked(self.lines[i + 1])
            if _OTHER_LABEL.match(after) or after.startswith(PREFECTURES):
                return raw
            if cut:
                more = _CONTINUES.match(after) or (
                    _TRAILING_DASH.search(flat) and re.match(r"^[0-9]+(?:-[0-9]+)*$", after))
                if more:
                    rest = after[more.end():]
                    return flat + more.group(0) + (rest if _FLAT.fullmatch(rest) else "")
            elif re.search(r"[0-9０-９〇一二三四五六七八九十号]$", flat) and _address_rest(after):
                # A line filled to its edge goes on below: block numbers split mid-number
                # (…一丁目1 / 2番14号), the rest of them (…六丁目8 / 番12号), or the
                # building and room alone (…22番2号 / コーポ桜709号室).
                return flat + after
            return raw
        return raw

    def letter_date(self) -> str | None:
        labelled = self.after(r"請求日|記入日|日付")
        if labelled:
            value = self.date(labelled, "date")
            if value is None and self.unsure.get("date") is None and \
                    _DATE_SHAPED.fullmatch(compact(labelled)):
                # Written after its label, shaped as a date, unread (令和八年填一月二十日):
                # stated, so not asked for; a person reads it.
                self.unsure["date"] = labelled
                if "date" not in self.doubts:
                    self.doubts.append("date")
            return value
        for k, line in enumerate(self.lines):
            if re.search(r"生年|誕生|日\s*生|生まれ|生\s*[)）]?$|有効|交付|期限|となった", line):
                continue
            above = self.lines[k - 1] if k else ""
            if re.search(r"生年|誕生", above) and not parse_date(above):
                continue  # the value under a birth date's caption (生年月日, misread or not)
            value = parse_date(line)
            if value:
                return value.isoformat() if self.sure(line, "date") else None
        for line in self.lines[:_DATE_LINES]:
            if _DATE_SHAPED.fullmatch(compact(line)) and \
                    not re.search(r"生年|誕生|日\s*生|生まれ|有効|交付|期限", line):
                # A date is written (年, 月, 日 and figures among them) where letters
                # date themselves, but did not read (令和8年 [1月20日): stated, unread.
                self.unsure["date"] = line
                self.doubts.append("date")
                break
        return None

    def certified_date(self) -> str | None:
        """Certificates carry their issue date just after the 証明 sentence."""
        labelled = self.after(r"交\s*付(?:年月日)?|発行日|証明日|Date of issue")
        if labelled:
            return self.date(labelled, "issue_date")
        for i, line in enumerate(self.lines):
            if re.search(r"証明(し|す|する|します)|相違ない", line):
                for candidate in self.lines[i:i + 3]:
                    value = parse_date(candidate)
                    if value:
                        return value.isoformat() if self.sure(candidate, "issue_date") else None
        return None

    def expiry(self) -> str | None:
        m = re.search(rf"((?:{_DATE_CHARS}|{_ERA_MISREAD})[^\n]{{2,16}}?日)\s*まで有効", self.text)
        if m:
            return self.date(m.group(1), "expiry_date")
        raw = self.after(r"有効期限|有効期間の満了日|有効期間満了日|Date of expiry")
        return self.date(raw, "expiry_date")


def card_expiry(text: str) -> str | None:
    """The expiry date a card's text gives, read as its fields are."""
    return _Reader(text).expiry()


# Before a prefecture, a postal code whose 〒 or a figure was misread ([423-7160茨城県,
# 〒778-9]72広島県) is still one: nothing else stands there.
_POSTAL = re.compile(r"^(?:〒|郵便番号[:：]?)?\s*[0-9]{3}\s*[-‐－ー]?\s*[0-9]{4}\s*|"
                     r"^[〒T干\[\]|]?\s*[0-9\]|lI]{3}\s*[-‐－ー]\s*[0-9\]|lI\"']{4,5}\s*"
                     rf"(?={'|'.join(PREFECTURES)})")


def _postal_stripped(line: str) -> str:
    """A line without the postal code that may lead it (〒154-0015 東京都…)."""
    return compact(_POSTAL.sub("", compact(line)))


# A two-character label with a colon or a prefecture after it, one of its characters 住
# or 所: 住所 misread (佳所:, 信所鹿児島県).
_MISREAD_ADDRESS_LABEL = re.compile(
    rf"^(?:[住]\S|\S[所])\s*(?:[:：]|(?={'|'.join(PREFECTURES)}))\s*")


def _address_shaped(line: str) -> str:
    """The line as an address by its shape: without a postal code or a misread 住所
    label before it."""
    value = _postal_stripped(_MISREAD_ADDRESS_LABEL.sub("", _postal_stripped(line)))
    if value[1:].startswith(PREFECTURES) and not value.startswith(PREFECTURES):
        # One stray letter before a prefecture whose municipality follows as listed
        # (上島根県益田市…: a speck or the 〒's rest read as a letter).
        checked = gazetteer.check(value[1:])
        if checked is not None and checked.municipality_known and not checked.corrected:
            return value[1:]
    return value


_MEMBER_NO = re.compile(r"(?:会員番号|会員NO|会員No|会員ID|会員コード)\.?\s*(?:は|：|:)?\s*"
                        r"([A-Za-z]{0,3}-?[0-9][0-9A-Za-z-]{2,15})")


def member_number(text: str) -> str | None:
    """The member number the writer gives (会員番号：M-000101, 会員番号はM-000101です)."""
    m = _MEMBER_NO.search(compact(text))
    return m.group(1).upper() if m else None


def _boxed_types(text: str) -> list[tuple[str, str]]:
    """(mark, option word) for every request type offered on a line of tick boxes. On
    such a line an empty box reads as □ (or 口); whatever else stands before an option
    was a mark (■, or the glyph tesseract made of one: 画, 置, ...)."""
    out = []
    for line in text.splitlines():
        flat = compact(line)
        if _BOXED.search(flat):
            out += re.findall(rf"(.)({_TYPE_WORDS})", flat)
    return out


# What a line listing options may hold besides them: its label, separators, and a
# stray glyph or two (a tick read as ソ or Y). Anything more is a sentence.
_LIST_LABEL = re.compile(r"ご?請求(者の区分|の内容|内容|事項|の種類)|請求者|区分|該当[^\s]*|"
                         r"[\s・、,，/|｜:：。.()（）]")


def _listed(text: str, words: str) -> bool:
    """Does a line list two or more of these words as options, with no mark at all
    before any of them (options ticked without boxes, or underlined, or circled where
    no ring was found)? Then which were chosen cannot be told from the text."""
    for line in text.splitlines():
        flat = compact(line)
        found = set(re.findall(words, flat))
        if len(found) >= 2 and not re.search(
                rf"[{_EMPTY_BOX}{_FILLED_BOX}{_UNSURE}■□](?:{words})", flat):
            rest = _LIST_LABEL.sub("", re.sub(words, "", flat))
            if len(rest) <= 2:
                return True
    return False


_ROLE_WORDS = "法定代理人|任意代理人|本人"
# Two role words a box's glyph or a mark or two apart (本人、口法定代理人口任意代理人): a
# list of options, whatever was read of its marks; prose puts words or a particle
# between them (本人の法定代理人).
_ROLE_LIST = re.compile(rf"(?:{_ROLE_WORDS})[^\u3040-\u309f]{{0,2}}?(?:{_ROLE_WORDS})")


def types_unsure(text: str) -> bool:
    """A form offers the types as options and at least one mark could not be told, or
    it lists them with no marks that reading could find."""
    offered, chosen = _marked_types(text)
    return offered and chosen is None


# What a marked box may stand before on a line of request types besides a type: the
# requester's kind, the way of disclosure.
_OTHER_OPTIONS = re.compile(r"代理人|本人|書面|紙|電磁的記録|電子")


def _marked_unread(text: str) -> bool:
    """Does a line of request types whose marks ocr.marks decided leave one unknown: a
    marked box (■) whose option did not come through (第三者提供の, its 停止 lost after
    the marks were read), or a type with no verdict before it (an option the marks
    reader did not find: 訂正 beside 削除 misread 湯際)? Then the choice is not known."""
    for line in text.splitlines():
        flat = compact(line)
        if not _DECIDED.search(flat):
            continue
        for m in re.finditer("■", flat):
            rest = flat[m.end():]
            if not (re.match(_TYPE_WORDS, rest) or _OTHER_OPTIONS.match(rest)):
                return True
        generic = [g.span() for g in _GENERIC.finditer(flat)]
        for m in re.finditer(_TYPE_WORDS, flat):
            before = flat[m.start() - 1] if m.start() else ""
            if before not in f"■□{_UNSURE}{_EMPTY_BOX}{_FILLED_BOX}" and not any(
                    a <= m.start() < b for a, b in generic):
                return True
    return False


# 訂正・追加・削除 is one request (Art. 34's 訂正等: wrong data put right), offered as one
# option; its 削除 is no 消去 (Art. 35), nor its words three options.
_CORRECTION_WORDS = re.compile(r"訂正\s*[・、,，]?\s*追加\s*(?:[・、,，]|又は|または)?\s*削除")


def _as_one_option(text: str) -> str:
    return _CORRECTION_WORDS.sub("訂正", text)


def _marked_types(text: str) -> tuple[bool, list[str] | None]:
    """(the page offers the types as options, the ones marked — None when that cannot
    be told)."""
    text = _as_one_option(text)
    boxed = _boxed_types(text)
    if any(m in _UNSURE for m, _w in boxed) or _marked_unread(text):
        # An option whose mark could not be told (？): the choice is not known — never
        # all of the options, nor the others alone.
        return True, None
    if len(boxed) >= 2 and any(m in _EMPTY_BOX for m, _w in boxed):
        # A form with tick boxes: only the marked ones count (marks are decided from
        # the page's ink, see ocr.marks; an empty box reads as □).
        chosen = " ".join(w for m, w in boxed if m not in _EMPTY_BOX)
        found = [t for t, words in REQUEST_TYPE_WORDS if any(w in chosen for w in words)]
        return True, _ordered(_drop_nested(found, chosen))
    written = _written_out(text) if not boxed else None
    if written:
        return True, written
    if len(boxed) < 2 and _listed(text, _TYPE_WORDS):
        return True, None  # options with no mark found: never all of them
    if len(boxed) == 1 and boxed[0][0] == "□":
        # One option read, its box seen empty (□ is what ocr.marks writes): the others
        # were lost with their row, and what was chosen among them is not known — the
        # option's word elsewhere in the text is its own label, never a request.
        return True, None
    if len(boxed) == 1 and any(len(set(re.findall(_TYPE_WORDS, compact(line)))) >= 2
                               and _DECIDED.search(compact(line))
                               for line in text.splitlines()):
        # A row of options of which one only kept its mark (a loop drawn through the
        # row lost the others'): what the others were is not known.
        return True, None
    return False, None


# The types' label, then the types the writer asks for written out after it, in words
# joined as a list is (請求の内容：開示・第三者提供の停止).
_TYPES_WRITTEN = re.compile(rf"^ご?請求(?:の内容|内容|事項|の種類)[:：]?((?:{_TYPE_WORDS})"
                            rf"(?:(?:[・、,，/]|及び|および|と)(?:{_TYPE_WORDS}))*)[。.]?$")
# A page that tells its reader to mark a choice offers options: a list there is the
# options (their marks lost), never the choice.
_MARK_THEM = re.compile(r"○で囲|〇で囲|該当|いずれか|選択|チェック|印を|を付け|に印|レ点")


def _written_out(text: str) -> list[str] | None:
    """The request types written out after their label, on a page that offers no
    options to mark; None when there is no such line. A list of every type a form
    offers is the form's options, whatever the page says."""
    if _MARK_THEM.search(compact(text)):
        return None
    for line in text.splitlines():
        m = _TYPES_WRITTEN.match(compact(_as_one_option(line)))
        if m is None:
            continue
        words = m.group(1)
        found = [t for t, ws in REQUEST_TYPE_WORDS if any(w in words for w in ws)]
        found = _ordered(_drop_nested(found, words))
        if len(found) >= len(FORM_TYPES):
            return None
        return found or None
    return None


def request_types(text: str) -> list[str]:
    offered, chosen = _marked_types(text)
    if offered:
        return chosen or []
    flat = compact(_as_one_option(text))
    specific = [t for t, words in REQUEST_TYPE_WORDS[:4] if any(w in flat for w in words)]
    flat = _GENERIC.sub("", flat)
    found = specific + [t for t, words in REQUEST_TYPE_WORDS[4:] if any(w in flat for w in words)]
    return _ordered(found)


def _drop_nested(found: list[str], text: str) -> list[str]:
    # "第三者提供記録の開示" must not also count as a plain "開示".
    if "third_party_record_disclosure" in found and "disclosure" in found:
        if "開示" not in re.sub("第三者提供記録の開示|提供記録の開示", "", text):
            found.remove("disclosure")
    return found


def _ordered(types: list[str]) -> list[str]:
    order = ["disclosure", "correction", "deletion", "suspension", "third_party_stop",
             "third_party_record_disclosure", "purpose_notice", "applicant_erasure"]
    return [t for t in order if t in set(types)]


_MARK = re.compile(r"([■□？?])(法定代理人|任意代理人|代理人|本人)")


def marked_role(text: str) -> tuple[bool, str | None]:
    """(the form offers the roles as options, the one marked). None when none or
    several are marked, or a mark could not be told."""
    found = _MARK.findall(compact(text))
    if {w for _m, w in found} & {"法定代理人", "任意代理人"}:
        # A form that offers the kinds of representative: a bare ■代理人 is the bullet
        # of a section's heading, not a third option.
        found = [(m, w) for m, w in found if w != "代理人"]
    if len({w for _m, w in found}) < 2:
        # Listed with no mark found before any, or before only one of them (the rest
        # were lost to a loop drawn through their row): offered, but the choice is not
        # known — never the first role word the text names.
        offered = _listed(text, _ROLE_WORDS) or any(
            _ROLE_LIST.search(compact(line)) for line in text.splitlines())
        return (True, None) if offered else (False, None)
    marked = {w for m, w in found if m == "■"}
    if any(m in _UNSURE for m, _w in found) or len(marked) != 1:
        return True, None
    word = marked.pop()
    return True, {"本人": "self", "代理人": "agent", "任意代理人": "agent",
                  "法定代理人": "legal_representative"}[word]


_ROLE_OF = {"本人": "self", "ご本人": "self", "任意代理人": "agent", "代理人": "agent",
            "法定代理人": "legal_representative", "親権者": "legal_representative",
            "成年後見人": "legal_representative"}
_ROLE_WRITTEN = re.compile(r"^(?:請求者の区分|請求者の種別|請求者区分|請求者|区分)[:：]?"
                           rf"({'|'.join(sorted(_ROLE_OF, key=len, reverse=True))})[。.]?$")


def requester_role(text: str) -> str | None:
    offered, role = marked_role(text)
    if offered:
        return role
    for line in text.splitlines():
        # The requester's kind written out after its label (請求者の区分：任意代理人).
        m = _ROLE_WRITTEN.match(compact(line))
        if m:
            return _ROLE_OF[m.group(1)]
    flat = compact(text)
    if "法定代理人" in flat or "親権者" in flat or "成年後見人" in flat:
        return "legal_representative"
    if re.search(r"(任意)?代理人(として|が請求|による請求)|委任を受け", flat):
        return "agent"
    if "本人" in flat or "私の" in flat or "私自身" in flat or "私は" in flat:
        return "self"
    return None


_METHOD_OPTION = re.compile(r"([■□？?])(書面|紙|電磁的記録|電子メール|電子データ|電子ファイル|"
                            r"電子|データ|PDF)")
_ELECTRONIC_WISH = re.compile(r"(電磁的記録|電子メール|電子データ|電子ファイル|PDF|メールで|"
                              r"メールにて|データで|データにて)[^。\n]{0,16}"
                              r"(希望|ご提供|提供|交付|送付|お送り|開示|ください|下さい)")


def disclosure_method(text: str) -> str | None:
    """How the person wants the disclosure (Art. 33(1)): electronic | paper | None
    (not designated, or a form's marks could not be told)."""
    flat = compact(text)
    found = _METHOD_OPTION.findall(flat)
    if len({w for _m, w in found}) >= 2:
        marked = {w for m, w in found if m == "■"}
        if any(m in _UNSURE for m, _w in found) or len(marked) != 1:
            return None
        return "paper" if marked.pop() in ("書面", "紙") else "electronic"
    if _ELECTRONIC_WISH.search(flat):
        return "electronic"
    if re.search(r"(書面|紙|郵送)[^。\n]{0,8}(で|にて)[^。\n]{0,8}(開示|交付|希望)", flat):
        return "paper"
    return None


_PHONE = re.compile(r"(?:電話|TEL|Tel|携帯)[^0-9\n]{0,6}(0[0-9\-() ]{8,20})")


def _phone(text: str) -> str | None:
    """A phone number after its label, as many digit groups as its kind has digits:
    eleven for a mobile or IP phone (070/080/090/050/020), ten for any other. A group
    split by a space OCR put in (070-8001-651 7) joins its number; a count that does
    not come out right is no number (null, never a number cut short)."""
    m = _PHONE.search(text)
    if m is None:
        return None
    want = 11 if re.match(r"0[25789]0", m.group(1)) else 10
    groups: list[str] = []
    for group in re.findall(r"\d+", m.group(1)):
        groups.append(group)
        if sum(map(len, groups)) >= want:
            break
    digits = "".join(groups)
    if len(digits) != want:
        return None
    if len(groups) == 3:
        return "-".join(groups)
    return f"{digits[:3]}-{digits[3:7]}-{digits[7:]}" if want == 11 else digits


def _email(text: str) -> str | None:
    m = re.search(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text)
    return m.group(0) if m else None


def _one_person(section: str) -> str:
    """A party's section up to its first birth date when a second follows: the heading
    of the next party's section was misread, and what follows is someone else's."""
    lines = section.splitlines()
    born = [i for i, line in enumerate(lines) if re.search(r"日\s*生[)）]?$", compact(line))]
    return "\n".join(lines[:born[0] + 1]) if len(born) >= 2 else section


def request_letter(text: str, seals: int | None,
                   confidence: Confidence | None = None) -> Extracted:
    r = _Reader(text, confidence)
    sections = _sections(r.lines)
    # The person's details: their section; else, beside an agent's section, only what
    # stands before it (the whole letter would give the agent's for the person's).
    person = r.part(sections["principal"]) if sections["principal"].strip() else \
        r.part(sections["head"]) if sections["agent"].strip() else r
    fields = {
        "date": r.letter_date(),
        "name": person.name(),
        "address": person.address(),
        "birth_date": person.birth_date(),
        "seal": None if seals is None else seals > 0,
        "request_types": request_types(text) or None,
        "requester_role": requester_role(text),
        "phone": _phone(text),
        "email": _email(text),
        "disclosure_method": disclosure_method(text),
        "member_number": member_number(text),
    }
    # The person's reading (フリガナ): it finds them in the register when the name does
    # not; it is never the name.
    fields["kana"] = person.kana.get("name") or person.reading()
    person.written_unread_all(fields, ("name", "birth_date", "address"))
    if sections["agent"].strip():
        # A letter written by a representative names both: the person and themself.
        agent = r.part(_one_person(sections["agent"]))
        fields.update(agent_name=agent.name("agent_name"),
                      agent_address=agent.address("agent_address"),
                      agent_birth_date=agent.birth_date("agent_birth_date"))
        agent.written_unread_all(fields, ("agent_name", "agent_birth_date", "agent_address"))
        r.doubts += agent.doubts
    elif fields["requester_role"] in REPRESENTATIVES and sections["principal"].strip():
        # The representative wrote it and set the person's details apart: their own
        # stand unlabelled where a writer signs — a letterhead, a closing block — as a
        # name beside an address. Without such a name nothing is taken.
        writer = r.part(sections["head"])
        raw = writer._name_near_address()
        name = writer._valid_name(raw) if raw else None
        if name:
            fields.update(agent_name=writer.kept(name, raw or "", "agent_name"),
                          agent_address=writer.address("agent_address"),
                          agent_birth_date=writer.birth_date("agent_birth_date"))
            r.doubts += writer.doubts
        else:
            # Still, the details set apart are the person's: the agent's are unknown.
            fields.update(agent_name=None, agent_address=None, agent_birth_date=None)
    elif not sections["principal"].strip() and not (
            fields["requester_role"] in REPRESENTATIVES and _represents(r, fields)):
        _from_sentences(r, fields)
    doubts = r.doubts + (person.doubts if person is not r else [])
    if types_unsure(text):
        doubts.append("request_types")
    if marked_role(text) == (True, None):
        doubts.append("requester_role")
    return Extracted(fields, doubts, r.unsure)


_BORN = rf"(?:[（(]\s*({_DATE_CHARS}[^)）]{{2,16}}?日)\s*生?(?:まれ)?\s*[)）])?"
# The writer introducing themself in a sentence: 私、山田太郎（昭和60年4月1日生）は、
# (A name begins with no hiragana: 私の母は… names nobody.)
_WRITER_SAYS = re.compile(rf"^私[、,]?(?![\u3041-\u3096])({_LETTERS}{{2,12}}?){_BORN}は")
# A representative naming the person: 本人は山田花子（平成…生）で、
_PERSON_SAYS = re.compile(rf"^(?:ご?本人|委任者)(?:の氏名)?(?:は|:|：)({_LETTERS}{{2,12}}?)"
                          rf"{_BORN}(?:で|です|、|。|$)")
# An address given in a sentence: 私の現住所は東京都…です。/ 住所は大阪府…です。
_ADDRESS_SAYS = re.compile(r"^(私の)?(?:現住所|住所|所在地)(?:は|:|：)(.+?)"
                           r"(?:です|でございます|に住|。|、|$)")


def _from_sentences(r: _Reader, fields: dict[str, Any]) -> None:
    """Details a letter gives in sentences rather than labels. 私 is the writer: for a
    representative, the agent; the person is who they name as 本人. Only what is stated
    is taken; a sentence that does not read so gives nothing."""
    role = fields["requester_role"]
    writer_is_agent = role in REPRESENTATIVES
    writer: re.Match[str] | None = None
    person: re.Match[str] | None = None
    mine: list[str] = []
    others: list[str] = []
    for line in r.lines:
        flat = compact(line)
        writer = writer or _WRITER_SAYS.match(flat)
        person = person or _PERSON_SAYS.match(flat)
        said = _ADDRESS_SAYS.match(flat)
        if said and said.group(2).startswith(PREFECTURES):
            (mine if said.group(1) else others).append(said.group(2))
    keys = ("agent_name", "agent_birth_date", "agent_address") if writer_is_agent \
        else ("name", "birth_date", "address")
    if writer is not None:
        _said(r, fields, writer, keys[0], keys[1])
    if writer_is_agent:
        if person is not None:
            _said(r, fields, person, "name", "birth_date")
        elif writer is not None and fields.get("birth_date") == fields.get("agent_birth_date"):
            fields["birth_date"] = None  # the writer's own date, found by its shape
        if mine and fields.get("agent_address") is None:
            fields["agent_address"] = _address_said(r, mine[0], "agent_address")
        if others and fields.get("address") in (None, fields.get("agent_address")):
            fields["address"] = _address_said(r, others[0], "address")
    elif fields.get("address") is None and (mine or others):
        fields["address"] = _address_said(r, (mine or others)[0], "address")


# A representative naming the person they act for: 私は、山田花子（平成…生まれ）の任意代理人
# として / 山田花子さんの法定代理人（親権者）として.
_REPRESENTS = re.compile(
    rf"(?:私は|私、|私)?[、,]?({_LETTERS}{{2,12}}?)(?:さん|様|氏)?{_BORN}(?:さん|様|氏)?の"
    r"(?:[^\s、。]{0,2}代理人|親権者|成年後見人|後見人)")  # (決定代理人: 法定 misread)
_IN_A_SENTENCE = re.compile(r"[、。]$|として|いたします|します|ください")
_REFERENCE = re.compile(r"(?:上記|下記|以下|次|左記|右記|後記|別紙|記載)の?(?:者|方|人)?$|"
                        r"^(?:同人|本人|ご本人|委任者)$")
# The person's own details in a sentence of their own: 同人の住所は…です。
_THEIRS = r"(?:同人|本人|ご本人|委任者|同氏)の?"
_THEIR_ADDRESS = re.compile(_THEIRS + r"(?:現住所|住所)(?:は|:|：)(.+?)(?:です|でございます|。|$)")
_THEIR_BIRTH = re.compile(_THEIRS + rf"生年月日(?:は|:|：)((?:{_DATE_CHARS}).{{2,16}}?日)")


def _represents(r: _Reader, fields: dict[str, Any]) -> bool:
    """A representative's letter that labels nobody: its unlabelled details — a name
    signed by an address, a birth date standing alone — are the writer's, the agent's,
    never the person's. The person's are what the letter says of them in its sentences
    (whose representative the writer is; 同人の住所は…). Nothing else stands in for them:
    what the sentences do not give is null, with a doubt. False (nothing changed) when a
    label names someone: a form is read by its labels."""
    if any(value for value, _ in r._labelled_names()):
        return False
    joined = r.joined
    said = _REPRESENTS.search(joined)
    if said and _REFERENCE.search(said.group(1)):
        return False  # 下記の者の法定代理人: the person's details stand elsewhere
    address = _THEIR_ADDRESS.search(joined)
    birth = _THEIR_BIRTH.search(joined)
    spans = [m.span() for m in (said, address, birth) if m]
    # The writer's own lines: those the sentences about the person do not touch.
    # (Nor any other sentence: the writer signs in lines that are not sentences.)
    own, at = [], 0
    for line in r.lines:
        end = at + len(compact(line))
        if not any(a < end and at < b for a, b in spans) and \
                not _IN_A_SENTENCE.search(compact(line)):
            own.append(line)
        at = end
    writer = r.part("\n".join(own))
    raw = writer._name_near_address()
    name = writer._valid_name(raw) if raw else None
    fields.update(agent_name=writer.kept(name, raw or "", "agent_name") if name else None,
                  agent_address=writer.address("agent_address"),
                  agent_birth_date=writer.birth_date("agent_birth_date"))
    r.doubts += writer.doubts
    for key in ("name", "birth_date", "address"):
        r.unsure.pop(key, None)  # what the first reading set aside was the writer's
    name = r._valid_name(said.group(1)) if said else None
    fields["name"] = r.kept(name, said.group(1), "name") if said and name else None
    fields["birth_date"] = r.date(said.group(2), "birth_date") if said and said.group(2) \
        else r.date(birth.group(1), "birth_date") if birth else None
    fields["address"] = _address_said(r, address.group(1), "address") if address else None
    for key in ("name", "birth_date", "address", "agent_name"):
        if fields[key] is None and key not in r.doubts:
            r.doubts.append(key)
    return True


def _address_said(r: _Reader, said: str, key: str) -> str | None:
    part = r.part(f"住所：{said}")
    value = part.address(key)
    r.doubts += part.doubts
    return value


def _said(r: _Reader, fields: dict[str, Any], match: re.Match[str], name_key: str,
          birth_key: str) -> None:
    name = r._valid_name(match.group(1))
    if name and fields.get(name_key) is None:
        fields[name_key] = r.kept(name, match.group(1), name_key)
    if match.group(2) and fields.get(birth_key) in (None, fields.get("agent_birth_date")):
        fields[birth_key] = r.date(match.group(2), birth_key)


# A party's heading, alone on its line or standing before its first label (a form's
# 代理人氏名, 本人住所): "の" may join them (代理人の住所).
# (A stray mark after a heading alone on its line is dust or a rule: (委任者) -.)
_PARTY_LABELS = r"(?=の?(?:住\s*所|氏\s*名|お名前|生年月日|電話|フリガナ|ふりがな)|" \
    r"[-－ー_~〜.・]?$)"
# A heading may be numbered (5., (2), and 3, where the full stop was misread) and
# bracketed (【代理人】), and name the party's part (代理人の情報, ご本人欄).
# It may stand after a bullet (■代理人; ■ is often read as 画 or 置) or after the word
# for the one who asks (請求者（ご本人）).
_HEAD_START = r"^(?:[■□●○◆◇・※*]|[画置](?=請求者|代理人|ご本人|本人))?" \
    r"(?:[0-9]+|[(（][0-9]+[)）])?[.．、,，)]?(?:請求者(?=[（(]))?[（(【\[]?"
# (It may be glossed in brackets — 委任者（本人）, 受任者（代理人） — or followed by a mark
# misread: 受任者。住所.)
_HEAD_END = r"(?:の情報|の方|欄)?[)）】\]]?" \
    r"(?:[（(][■□？?]?(?:ご?本人|代理人|受任者|委任者)[)）])?[:：。.、,]?\s*"
# A numbered heading alone on its line, its 代理人 read with one letter wrong and its
# full stop misread (3痢代理炎), its full stop alone misread as a letter (3引代理人),
# or its number misread before a bullet (引□代理人):
# nothing else a letter numbers is so near the word.
_MISREAD_AGENT_HEAD = re.compile(
    r"(?:[0-9]+\S?(?:代理[^人\s]|[^代\s]理人)|[0-9]+\S代理人|[^\s0-9][■□]代理人)")
_AGENT_HEAD = re.compile(_HEAD_START + r"(?:法定代理人|任意代理人|代理人|受任者|親権者|成年後見人)"
                         + _HEAD_END + _PARTY_LABELS)
# (委任者 with a letter misread before a label of its line — 妻任者住所 — is still the
# person's heading; never 受任者, the agent's.)
_PRINCIPAL_HEAD = re.compile(_HEAD_START + r"(?:委任者|委任する人|ご本人|本人|"
                             r"[^受\s]任者(?=住所|氏名)|委[^\s]者(?=住所|氏名))"
                             + _HEAD_END + _PARTY_LABELS)


# The labels that open a party's field; a row that opens with one and holds it again
# further on sets two parties side by side.
_PARTY_LABEL = re.compile(r"^(?:氏名|お名前|生年月日|ご?住所|電話番号|電話|フリガナ|ふりがな)")
# A building and its room on a line of their own, or after the block numbers: a name
# (no figures, no @) and a room of one to four figures (メゾン杭瀬503, 荘栗山709号室).
_FLAT = re.compile(r"[^\s0-9@＠:：]{1,16}[0-9]{1,4}(?:号室|号|階)?|[0-9]{1,4}号室")
# What goes on from an address line that stopped at a figure: the block numbers' rest,
# their marks first (番12号, -12-14) or a figure first (2番14号), then a building or not.
_WRAPPED = re.compile(r"^(?:丁?目|番地?|号|-)?[0-9]+(?:番地?|号|-[0-9])|^(?:番地?|号|-)[0-9]|"
                      r"^[0-9]{1,3}[^\s0-9@＠:：]{1,16}[0-9]{1,4}(?:号室|号|階)?$")
_PHONE_LIKE = re.compile(r"^0[0-9]{1,4}-?[0-9]{1,4}-[0-9]{3,4}$|^[0-9]{3}-[0-9]{4}$")


def _unspecked(line: str) -> str:
    """A line without the speck read before it (`_ 2番14号`), its spaces gone."""
    return compact(re.sub(rf"^\s*{_SPECKS}", "", line))


def _address_rest(line: str) -> bool:
    """Is this line the rest of an address that ran on from the line above (its block
    numbers' rest, or a building and its room) — no phone number, no label's line?"""
    flat = _unspecked(line)
    return bool(flat) and not _PHONE_LIKE.match(flat) and not _OTHER_LABEL.match(flat) \
        and bool(_WRAPPED.match(flat) or _FLAT.fullmatch(flat))


# Block numbers that a wrapped address continues with on the next line (目29番10号).
_CONTINUES = re.compile(r"^(?:丁?目)?[0-9]+(?:番地?[0-9]+号?|(?:-[0-9]+)+|番地?|号)")
# One column's wrapped block numbers: 8, -11, 14番15号, 3番11号.
_PIECE = re.compile(r"^(?:丁?目)?-?[0-9]+(?:番地?|号|-[0-9]+)*(?:[0-9]+号)?$")


def _columns(line: str) -> tuple[str, str] | None:
    """(left, right) of a row that sets two parties' same field side by side: where the
    row's opening label comes again — as read, or with one character misread when a
    colon follows it (殿名 : for 氏名 :)."""
    label = _PARTY_LABEL.match(line)
    if not label:
        return None
    word = label.group(0)
    again = line.find(word, label.end() + 2)
    if again < 0 and len(word) >= 2:
        again = next((i for i in range(label.end() + 2, len(line) - len(word))
                      if sum(a != b for a, b in zip(line[i:i + len(word)], word,
                                                    strict=True)) == 1
                      and line[i + len(word)] in ":："), -1)
    # The right half starts with the label as the left has it, misread or not.
    return (line[:again], word + line[again + len(word):]) if again > 0 else None


def _both_parties(flat: str) -> bool:
    """A short heading row that names the person and a representative: 【ご本人】【代理人】."""
    return len(flat) <= 16 and bool(re.search(r"本人|委任者", flat)) \
        and bool(re.search(r"理人|受任者|親権者|後見人", flat.split("本人")[-1]))


def _sections(lines: list[str]) -> dict[str, str]:
    """The parties' blocks: lines from each heading to the next heading. A heading row
    naming both parties (【ご本人】【代理人】) starts two columns: each row's left half is
    the person's and its right half the agent's."""
    out: dict[str, list[str]] = {"head": [], "agent": [], "principal": []}
    current = "head"
    side_by_side = split = False
    for line in lines:
        flat = compact(line)
        if _both_parties(flat):
            current, side_by_side = "principal", True
            continue
        halves = _columns(flat) if side_by_side else None
        if halves:
            out["principal"].append(halves[0])
            out["agent"].append(halves[1])
            split = True
            continue
        pieces = line.split()
        if split and len(pieces) == 2 and all(_PIECE.match(p) for p in pieces):
            # Both columns' values wrapped onto one row, apart: left, then right.
            out["principal"][-1] += pieces[0]
            out["agent"][-1] += pieces[1]
            continue
        wrapped = _CONTINUES.match(flat) if split else None
        if wrapped:
            # Both columns' values wrapped onto one row: the left's numbers come first.
            out["principal"][-1] += wrapped.group(0)
            out["agent"][-1] += flat[wrapped.end():]
            continue
        split = False
        if _AGENT_HEAD.match(flat) or _MISREAD_AGENT_HEAD.fullmatch(flat):
            current, line = "agent", _AGENT_HEAD.sub("", flat).removeprefix("の")
        elif _PRINCIPAL_HEAD.match(flat):
            current, line = "principal", _PRINCIPAL_HEAD.sub("", flat).removeprefix("の")
        elif re.search(r"委任します|委任事項|^令和|^平成|殿$|御中$", flat) and \
                not re.search(r"生[)）]?$", flat):  # a birth date is its party's
            current = "head"
        out[current].append(line)
    return {k: "\n".join(v) for k, v in out.items()}


# 殿 is often read as 典, 服, 股 or 段; a trailing one of these is the honorific.
_HONORIFIC = re.compile(r"(殿|御中|様|典|服|股|段|歌)$")


def _addressee(lines: list[str]) -> str | None:
    for line in lines:
        flat = compact(line)
        company = re.search(r"(株式会社|有限会社|合同会社|法人)", flat)
        if company and not flat.startswith(PREFECTURES):
            # A katakana company name followed by one misread kanji: that kanji was 殿.
            katakana = re.match(
                r"^((?:株式会社|有限会社|合同会社)[\u30a0-\u30ff]+)[\u4e00-\u9fff]$", flat)
            return katakana.group(1) if katakana else (_HONORIFIC.sub("", flat) or None)
    return None


def _titled(text: str, title: str) -> bool:
    """The document carries its title: written anywhere, or as a line of its head that
    OCR read with one character wrong or lost (任状, 委任伏)."""
    if title in compact(text):
        return True
    head = [compact(ln) for ln in text.splitlines() if ln.strip()][:3]
    return any(len(ln) >= len(title) - 1 and Levenshtein.distance(ln, title) <= 1 for ln in head)


def power_of_attorney(text: str, seals: int | None,
                      confidence: Confidence | None = None) -> Extracted:
    r = _Reader(text, confidence)
    sections = _sections(r.lines)
    fields: dict[str, Any] = {"title": _titled(text, "委任状")}
    head = r.part(sections["head"])
    fields["date"] = head.letter_date()
    fields["addressee"] = _addressee(r.lines)
    doubts = list(head.doubts)
    for who in ("principal", "agent"):
        part = r.part(sections[who])
        fields[f"{who}_name"] = part.name(f"{who}_name")
        fields[f"{who}_address"] = part.address(f"{who}_address")
        fields[f"{who}_birth_date"] = part.birth_date(f"{who}_birth_date")
        part.written_unread_all(fields, (f"{who}_name", f"{who}_address", f"{who}_birth_date"))
        doubts += part.doubts
    _poa_sentence(r, fields)
    both = None if seals is None or seals == 1 else seals >= 2
    fields["principal_seal"] = fields["agent_seal"] = both
    fields["matters"] = r.after(r"委任事項") or _matters_said(r)
    order = ["title", "date", "addressee", "principal_name", "principal_address",
             "principal_birth_date", "principal_seal", "agent_name", "agent_address",
             "agent_birth_date", "agent_seal", "matters"]
    return Extracted({k: fields.get(k) for k in order}, doubts, r.unsure)


# A 委任状 written as one sentence: 私、山田太郎（昭和…生、住所…）は、佐藤花子（…）を代理人と
# 定め、…を委任します。
_POA_SAYS = re.compile(rf"私[、,]?({_LETTERS}{{2,12}}?)[（(]([^)）]*)[)）]は[、,]?"
                       rf"({_LETTERS}{{2,12}}?)[（(]([^)）]*)[)）]を(?:代理人|受任者)と(?:定め|し)")
_MATTERS_SAID = re.compile(r"(?:代理人|受任者)と(?:定め|し)[、,]?(.{4,60}?)を(?:委任|委託)")


def _poa_sentence(r: _Reader, fields: dict[str, Any]) -> None:
    """The parties' details a 委任状 gives in its sentence: each filled only where its
    labels gave nothing."""
    m = _POA_SAYS.search(r.joined)
    if m is None:
        return
    for who, name, said in (("principal", m.group(1), m.group(2)),
                            ("agent", m.group(3), m.group(4))):
        valid = r._valid_name(name)
        if fields.get(f"{who}_name") is None and valid:
            fields[f"{who}_name"] = r.kept(valid, name, f"{who}_name")
        born = re.search(rf"((?:{_DATE_CHARS}).{{2,16}}?日)\s*生", said)
        if fields.get(f"{who}_birth_date") is None and born:
            fields[f"{who}_birth_date"] = r.date(born.group(1), f"{who}_birth_date")
        lives = re.search(r"住所[:：]?(.+)$", said)
        if fields.get(f"{who}_address") is None and lives:
            fields[f"{who}_address"] = _address_said(r, lives.group(1), f"{who}_address")


def _matters_said(r: _Reader) -> str | None:
    """What a 委任状 written in sentences delegates: …と定め、<matters>を委任します."""
    m = _MATTERS_SAID.search(r.joined)
    return m.group(1) if m else None


def mask_number(digits: str, keep: int = 4) -> str:
    """An ID number as kept and shown: only the last characters, enough to tell cards apart."""
    return "*" * (len(digits) - keep) + digits[-keep:]


def _licence_number(text: str) -> str | None:
    m = re.search(r"第\s*(\d[\d ]{10,14}\d)\s*号", text)
    digits = re.sub(r"\D", "", m.group(1)) if m else ""
    return mask_number(digits) if len(digits) == 12 else None


def _residence_number(text: str) -> str | None:
    m = re.search(r"(?<![A-Z0-9])([A-Z]{2}\d{8}[A-Z]{2})(?![A-Z0-9])", compact(text).upper())
    return mask_number(m.group(1)) if m else None


# Numbers of these kinds must not be kept: the field is absent, not null.
NUMBER_FORBIDDEN = ("my_number_card", "health_insurance_card", "pension_book")
CERTIFICATES = ("resident_record", "seal_certificate", "family_register")


def _other_reading(value: str, name: str) -> bool:
    """Another reading of the same name: in the same script (a passport's romaji is the
    name too), and not the same letters."""
    japanese = re.compile(r"[\u3040-\u9fff]")
    return bool(value) and bool(japanese.search(value)) == bool(japanese.search(name)) \
        and not same_name(value, name)


def id_document(kind: str, text: str, confidence: Confidence | None = None) -> Extracted:
    r = _Reader(text, confidence)
    fields: dict[str, Any] = {"name": r.name(), "birth_date": r.birth_date(),
                              "address": r.address()}
    if kind not in CERTIFICATES and fields["name"] is not None and any(
            _other_reading(value, fields["name"]) for value, _ in r._labelled_names()):
        # A card names one person. Printed twice (a card's two sides) and read two ways
        # (芝原康弘 / 菅原康弘), its name is one OCR could not settle: which reading is
        # the card's is not for the reader to pick. A person looks; a letter's name is
        # neither confirmed nor contradicted by it.
        r.unsure["name"] = fields["name"]
        r.doubts.append("name")
        fields["name"] = None
    if kind in CERTIFICATES:
        fields["expiry_date"] = None
        fields["issue_date"] = r.certified_date()
    else:
        fields["expiry_date"] = r.expiry()
        issued = r.after(r"交\s*付(?:年月日)?|発行日|Date of issue")
        fields["issue_date"] = r.date(issued, "issue_date") if issued else None
    if kind == "passport":
        fields.update(_passport(text, r))
    if kind not in NUMBER_FORBIDDEN:
        number = None
        if kind == "drivers_license":
            number = _licence_number(text)
        elif kind == "residence_card":
            number = _residence_number(text)
        fields.setdefault("number", number)
    return Extracted(fields, r.doubts, r.unsure)


def _passport(text: str, r: _Reader) -> dict[str, Any]:
    found = find_td3(text)
    if not found:
        return {"number": None}
    mrz = parse_td3(*found)
    if not mrz.valid:
        # A failed check digit means a misread character: nothing from the MRZ is trusted.
        r.doubts.extend(f"mrz.{f}" for f in mrz.failed)
        return {"number": None}
    return {"name": (mrz.surname + mrz.given_names).replace(" ", ""),
            "birth_date": iso(mrz.birth_date), "expiry_date": iso(mrz.expiry_date),
            "number": mask_number(mrz.number)}


def extract_document(kind: str, text: str, seals: int | None = None,
                     confidence: Confidence | None = None) -> Extracted:
    if kind == "request_letter":
        return request_letter(text, seals, confidence)
    if kind == "power_of_attorney":
        return power_of_attorney(text, seals, confidence)
    if kind in ("drivers_license", "passport", "my_number_card", "basic_resident_card",
                "residence_card", "health_insurance_card", "pension_book",
                *CERTIFICATES):
        return id_document(kind, text, confidence)
    return Extracted({})


def extract(kind: str, text: str, seal: bool | int | None = None) -> dict[str, Any]:
    """Fields only (for callers that do not track doubts)."""
    seals = None if seal is None else int(seal)
    return extract_document(kind, text, seals).fields
