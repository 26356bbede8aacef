"""Field extraction per document kind; every value normalised and validated.

A value that is absent is None. A value whose label was found but which fails
validation (a name with digits, an address that starts with no prefecture, an
impossible date) is also None, and so is one whose words OCR read with low
confidence; its field name is reported as a doubt so the reading can raise
`low_ocr_confidence` — never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ocr.address import normalize_address
from ocr.dates import iso, parse_date
from ocr.mrz import find_td3, parse_td3
from ocr.names import normalize_name
from ocr.text import compact

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
_TYPE_WORDS = "開示|訂正|追加|削除|消去|利用停止|第三者提供の停止|利用目的の通知"
_BOXED = re.compile(rf"([{_EMPTY_BOX}{_FILLED_BOX}])({_TYPE_WORDS})")

_LABEL_END = r"\s*[:：]?\s*"
_DATE_CHARS = r"(?:令和|平成|昭和|大正|明治|[RHST]\.?\d|\d{4}年|\d{4}[/.-])"
PREFECTURES = (
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県",
    "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県",
    "山梨県", "長野県", "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府",
    "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県",
    "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県",
    "鹿児島県", "沖縄県")
# How sure OCR was of the words a value was read from (0–1), None when unknown
# (typed text, a text layer).
Confidence = Callable[[str], float | None]
# Below this a value is not taken. Measured on the corpus: correct values come from
# words read at 0.72 and above on average; a scribble over a name reads near 0.
FIELD_MIN_CONFIDENCE = 0.5
_NAME_OK = re.compile(r"^[\u3005\u3040-\u30ff\u3400-\u9fff\uf900-\ufaffA-Za-z・]{2,24}$")


@dataclass
class Extracted:
    fields: dict[str, Any]
    doubts: list[str] = field(default_factory=list)


class _Reader:
    """Label-based lookups over one document's text, collecting doubts."""

    def __init__(self, text: str, confidence: Confidence | None = None) -> None:
        self.text = text
        self.lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        self.doubts: list[str] = []
        self.confidence = confidence

    def part(self, text: str) -> _Reader:
        return _Reader(text, self.confidence)

    def sure(self, raw: str, key: str) -> bool:
        """False, and a doubt, when OCR read the words of this value with low confidence."""
        conf = self.confidence(raw) if self.confidence else None
        if conf is not None and conf < FIELD_MIN_CONFIDENCE:
            self.doubts.append(key)
            return False
        return True

    def after(self, label: str, stop: str = r"$") -> str | None:
        # Labels count only at the start of a line: "登録されている住所・電話番号" is prose.
        m = re.search(rf"^\s*[（(]?(?:{label})[)）]?{_LABEL_END}(.+?)(?:{stop})", self.text,
                      flags=re.M)
        return m.group(1).strip() if m and m.group(1).strip() else None

    def name(self, key: str = "name") -> str | None:
        stop = rf"\s*(?:{_DATE_CHARS}|生年月日|㊞|印\s*$|$)"
        raw = self.after(r"氏\s*名|お\s*名\s*前|名\s*前|請求者名?|Name", stop)
        if raw is None:
            raw = self._name_near_address()
        if raw is None or not self.sure(raw, key):
            return None
        value = normalize_name(re.split(r"[(（]", raw)[0].rstrip("ー—-|｜l1I 　"))
        if value and re.search(r"[\u3040-\u9fff]", value):
            value = re.sub(r"[A-Za-z|]+$", "", value)  # a box rule read as a letter
        if value and _NAME_OK.match(value):
            return value
        self.doubts.append(key)
        return None

    def _name_near_address(self) -> str | None:
        """Prose letters without labels: the name is the short line after the address."""
        for i, line in enumerate(self.lines[:-1]):
            if compact(line).startswith(PREFECTURES):
                candidate = compact(self.lines[i + 1]).rstrip("㊞印")
                if 2 <= len(candidate) <= 10 and _NAME_OK.match(candidate):
                    return candidate
        return None

    def birth_date(self, key: str = "birth_date") -> str | None:
        m = re.search(r"^\s*生年月日\s*[:：]?\s*(.+)$", self.text, flags=re.M)
        raw = m.group(1) if m else None
        if raw is None:
            m = re.search(rf"({_DATE_CHARS}.{{2,16}}?日)\s*生", self.text)
            raw = m.group(1) if m else None
        return self.date(raw, key)

    def date(self, raw: str | None, key: str) -> str | None:
        if raw is None or not self.sure(raw, key):
            return None
        value = parse_date(raw)
        if value is None and re.search(r"\d|[元〇一二三四五六七八九十]", raw):
            self.doubts.append(key)
        return iso(value)

    def address(self, key: str = "address") -> str | None:
        raw = self.after(r"住\s*所|ご\s*住\s*所|現住所|住居地")
        if raw is None:
            raw = next((ln for ln in self.lines if compact(ln).startswith(PREFECTURES)), None)
        if raw is None or not self.sure(raw, key):
            return None
        value = normalize_address(raw)
        if value and value.startswith(PREFECTURES):
            return value
        self.doubts.append(key)
        return None

    def letter_date(self) -> str | None:
        labelled = self.after(r"請求日|記入日|日付")
        if labelled:
            return self.date(labelled, "date")
        for line in self.lines:
            if re.search(r"生年月日|生$|有効|交付|期限|となった", line):
                continue
            value = parse_date(line)
            if value:
                return value.isoformat() if self.sure(line, "date") else None
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
        m = re.search(rf"({_DATE_CHARS}[^\n]{{2,16}}?日)\s*まで有効", self.text)
        if m:
            return self.date(m.group(1), "expiry_date")
        raw = self.after(r"有効期限|有効期間の満了日|有効期間満了日|Date of expiry")
        return self.date(raw, "expiry_date")


def request_types(text: str) -> list[str]:
    flat = compact(text)
    box_lines = [compact(ln) for ln in text.splitlines()
                 if sum(b in _EMPTY_BOX for b, _w in _BOXED.findall(compact(ln))) >= 1
                 and len(_BOXED.findall(compact(ln))) >= 2]
    if box_lines:
        # A form with tick boxes: only the ticked ones count. An empty box reads as
        # 口 or □; whatever else stands before an option was a filled box.
        chosen = " ".join(word for line in box_lines
                          for box, word in re.findall(rf"(.)({_TYPE_WORDS})", line)
                          if box not in _EMPTY_BOX)
        found = [t for t, words in REQUEST_TYPE_WORDS if any(w in chosen for w in words)]
        return _ordered(_drop_nested(found, chosen))
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


def requester_role(text: str) -> str | None:
    flat = compact(text)
    if "法定代理人" in flat or "親権者" in flat or "成年後見人" in flat:
        return "legal_representative"
    if re.search(r"(任意)?代理人(として|が請求|による請求)|委任を受け", flat):
        return "agent"
    if "本人" in flat or "私の" in flat or "私自身" in flat or "私は" in flat:
        return "self"
    return None


def _phone(text: str) -> str | None:
    m = re.search(r"(?:電話|TEL|Tel|携帯)[^0-9]{0,6}(0\d{1,4}-?\d{1,4}-?\d{3,4})", text)
    return m.group(1) if m else None


def _email(text: str) -> str | None:
    m = re.search(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text)
    return m.group(0) if m else None


def request_letter(text: str, seals: int | None,
                   confidence: Confidence | None = None) -> Extracted:
    r = _Reader(text, confidence)
    sections = _sections(r.lines)
    person = r.part(sections["principal"]) if sections["principal"].strip() else r
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
    }
    if sections["agent"].strip():
        # A letter written by a representative names both: the person and themself.
        agent = r.part(sections["agent"])
        fields.update(agent_name=agent.name("agent_name"),
                      agent_address=agent.address("agent_address"),
                      agent_birth_date=agent.birth_date("agent_birth_date"))
        r.doubts += agent.doubts
    return Extracted(fields, r.doubts + (person.doubts if person is not r else []))


_AGENT_HEAD = re.compile(r"^[（(]?(?:法定代理人|代理人|受任者|親権者|成年後見人)[)）]?"
                         r"\s*(?=住\s*所|氏\s*名|$)")
_PRINCIPAL_HEAD = re.compile(r"^[（(]?(?:委任者|委任する人|本人)[)）]?\s*(?=住\s*所|氏\s*名|$)")


def _sections(lines: list[str]) -> dict[str, str]:
    """The 委任状's two blocks: lines from each heading to the next heading."""
    out: dict[str, list[str]] = {"head": [], "agent": [], "principal": []}
    current = "head"
    for line in lines:
        flat = compact(line)
        if _AGENT_HEAD.match(flat):
            current, line = "agent", _AGENT_HEAD.sub("", flat)
        elif _PRINCIPAL_HEAD.match(flat):
            current, line = "principal", _PRINCIPAL_HEAD.sub("", flat)
        elif re.search(r"委任します|委任事項|^令和|^平成|殿$|御中$", flat):
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


def power_of_attorney(text: str, seals: int | None,
                      confidence: Confidence | None = None) -> Extracted:
    r = _Reader(text, confidence)
    sections = _sections(r.lines)
    fields: dict[str, Any] = {"title": "委任状" in compact(text)}
    head = r.part(sections["head"])
    fields["date"] = head.letter_date()
    fields["addressee"] = _addressee(r.lines)
    doubts = list(head.doubts)
    for who in ("principal", "agent"):
        part = r.part(sections[who])
        fields[f"{who}_name"] = part.name(f"{who}_name")
        fields[f"{who}_address"] = part.address(f"{who}_address")
        fields[f"{who}_birth_date"] = part.birth_date(f"{who}_birth_date")
        doubts += part.doubts
    both = None if seals is None or seals == 1 else seals >= 2
    fields["principal_seal"] = fields["agent_seal"] = both
    fields["matters"] = r.after(r"委任事項")
    order = ["title", "date", "addressee", "principal_name", "principal_address",
             "principal_birth_date", "principal_seal", "agent_name", "agent_address",
             "agent_birth_date", "agent_seal", "matters"]
    return Extracted({k: fields.get(k) for k in order}, doubts)


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


def id_document(kind: str, text: str, confidence: Confidence | None = None) -> Extracted:
    r = _Reader(text, confidence)
    fields: dict[str, Any] = {"name": r.name(), "birth_date": r.birth_date(),
                              "address": r.address()}
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
    return Extracted(fields, r.doubts)


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
