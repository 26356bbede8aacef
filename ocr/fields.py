"""Field extraction per document kind; every value normalised, unknown = None."""

from __future__ import annotations

import re
from typing import Any

from ocr.address import normalize_address
from ocr.dates import iso, parse_date
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
_UNCHECKED = re.compile(r"[□☐]\s*([^\s□☐■☑✓✔]+)")
_CHECKED = re.compile(r"[■☑✓✔☒]\s*([^\s□☐■☑✓✔]+)")

_LABEL_END = r"\s*[:：]?\s*"
_DATE_CHARS = r"(?:令和|平成|昭和|大正|明治|[RHST]\.?\d|\d{4}年|\d{4}[/.-])"


def _after(label: str, text: str, stop: str = r"$") -> str | None:
    # Labels count only at the start of a line: "登録されている住所・電話番号" is prose.
    m = re.search(rf"^\s*(?:{label}){_LABEL_END}(.+?)(?:{stop})", text, flags=re.M)
    return m.group(1).strip() if m and m.group(1).strip() else None


def request_types(text: str) -> list[str]:
    flat = compact(text)
    if _CHECKED.search(flat) or _UNCHECKED.search(flat):
        chosen = " ".join(_CHECKED.findall(flat))
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
    if "本人" in flat or "私の" in flat or "私自身" in flat:
        return "self"
    return None


def _name(text: str) -> str | None:
    stop = rf"\s*(?:{_DATE_CHARS}|生年月日|㊞|印\s*$|$)"
    raw = _after(r"氏\s*名|お名前|請求者名?", text, stop=stop)
    return normalize_name(raw.split("(")[0].split("（")[0]) if raw else None


def _birth_date(text: str) -> str | None:
    m = re.search(r"生年月日\s*[:：]?\s*(.+)$", text, flags=re.M)
    if m:
        return iso(parse_date(m.group(1)))
    m = re.search(rf"({_DATE_CHARS}.{{2,14}}?日)\s*生", text)
    return iso(parse_date(m.group(1))) if m else None


def _address(text: str) -> str | None:
    raw = _after(r"住\s*所|ご住所|現住所", text)
    return normalize_address(raw)


def _letter_date(text: str) -> str | None:
    for line in text.splitlines():
        if re.search(r"生年月日|生$|有効|交付|期限", line):
            continue
        value = parse_date(line)
        if value:
            return value.isoformat()
    return None


def _phone(text: str) -> str | None:
    m = re.search(r"(?:電話|TEL|Tel|携帯)[^0-9]{0,6}(0\d{1,4}-?\d{1,4}-?\d{3,4})", text)
    return m.group(1) if m else None


def _email(text: str) -> str | None:
    m = re.search(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text)
    return m.group(0) if m else None


def request_letter(text: str, seal: bool | None) -> dict[str, Any]:
    return {
        "date": _letter_date(text),
        "name": _name(text),
        "address": _address(text),
        "birth_date": _birth_date(text),
        "seal": seal,
        "request_types": request_types(text) or None,
        "requester_role": requester_role(text),
        "phone": _phone(text),
        "email": _email(text),
    }


def _expiry(text: str) -> str | None:
    m = re.search(rf"({_DATE_CHARS}[^\n]{{2,16}}?日)\s*まで有効", text)
    if m:
        return iso(parse_date(m.group(1)))
    raw = _after(r"有効期限|有効期間の満了日|有効期間満了日|Date of expiry", text)
    return iso(parse_date(raw)) if raw else None


def _issue(text: str) -> str | None:
    raw = _after(r"交\s*付|発行日|Date of issue", text)
    return iso(parse_date(raw)) if raw else None


def mask_number(digits: str, keep: int = 4) -> str:
    """An ID number as kept and shown: only the last digits, enough to tell cards apart."""
    return "*" * (len(digits) - keep) + digits[-keep:]


def _licence_number(text: str) -> str | None:
    m = re.search(r"第\s*(\d[\d ]{10,14}\d)\s*号", text)
    digits = re.sub(r"\D", "", m.group(1)) if m else ""
    return mask_number(digits) if len(digits) == 12 else None


# Numbers of these kinds must not be kept: the field is absent, not null.
NUMBER_FORBIDDEN = ("my_number_card", "health_insurance_card", "pension_book")


def id_document(kind: str, text: str) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "name": _name(text),
        "birth_date": _birth_date(text),
        "address": _address(text),
        "expiry_date": _expiry(text),
        "issue_date": _issue(text),
    }
    if kind not in NUMBER_FORBIDDEN:
        fields["number"] = _licence_number(text) if kind == "drivers_license" else None
    return fields


def extract(kind: str, text: str, seal: bool | None = None) -> dict[str, Any]:
    if kind == "request_letter":
        return request_letter(text, seal)
    if kind in ("drivers_license", "passport", "my_number_card", "basic_resident_card",
                "residence_card", "health_insurance_card", "pension_book",
                "resident_record", "seal_certificate", "family_register"):
        return id_document(kind, text)
    return {}
