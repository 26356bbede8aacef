"""The member register: CSV import (CONTRACT.md columns) and lookup."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, false, or_, select, text
from sqlalchemy.orm import Session

from intake.models import Member
from ocr.address import normalize_address
from ocr.dates import iso, parse_date
from ocr.names import fold_name, normalize_name
from ocr.text import compact
from rules.case import NO_MEMBER, MemberMatch, Party
from rules.matching import match_member

COLUMNS = ("member_id", "name", "name_kana", "birth_date", "postal_code", "address", "phone",
           "email", "status", "contract_date", "plan", "contract_details", "payment_status",
           "usage_status")
STATUSES = ("member", "withdrawn", "prospect")


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)


def decode_csv(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp932")


def _row_values(row: dict[str, str], line: int) -> dict[str, str | None]:
    values = {k: (row.get(k) or "").strip() or None for k in COLUMNS}
    if not values["member_id"]:
        raise ValueError(f"line {line}: member_id is empty")
    if not values["name"]:
        raise ValueError(f"line {line}: name is empty")
    status = values["status"] or "member"
    if status not in STATUSES:
        raise ValueError(f"line {line}: status {status!r} is not one of {', '.join(STATUSES)}")
    values["status"] = status
    for key in ("birth_date", "contract_date"):
        if values[key]:
            parsed = parse_date(values[key] or "")
            if parsed is None:
                raise ValueError(f"line {line}: {key} {values[key]!r} is not a date")
            values[key] = iso(parsed)
    values["held_name"], values["held_address"] = values["name"], values["address"]
    values["name"] = normalize_name(values["name"])
    values["address"] = normalize_address(values["address"])
    return values


def import_csv(session: Session, path: Path) -> ImportReport:
    report = ImportReport()
    reader = csv.DictReader(io.StringIO(decode_csv(path.read_bytes())))
    missing = [c for c in ("member_id", "name") if c not in (reader.fieldnames or [])]
    if missing:
        report.errors.append(f"line 1: missing column(s) {', '.join(missing)}")
        return report
    for row in reader:
        line = reader.line_num
        try:
            values = _row_values(row, line)
        except ValueError as exc:
            report.errors.append(str(exc))
            continue
        member = session.get(Member, values["member_id"])
        if member is None:
            member = Member(member_id=values["member_id"])
            session.add(member)
            report.added += 1
        else:
            report.updated += 1
        for key, value in values.items():
            setattr(member, key, value)
        member.name_key = fold_name(values["name"])
    session.commit()
    return report


HELD = ("held_name", "held_address")


def member_record(m: Member) -> dict[str, str | None]:
    return {c: getattr(m, c) for c in (*COLUMNS, *HELD)}


def lookup(session: Session, person: Party) -> MemberMatch:
    """The person in the imported register (the members table)."""
    if not (person.name or person.birth_date):
        return NO_MEMBER
    # Candidates by name, and by birth date for names an OCR confusion changed (郎/朗)
    # or that were not read at all (the birth date and the address may still find them).
    rows = session.scalars(select(Member).where(or_(
        Member.name_key == fold_name(person.name) if person.name else false(),
        Member.birth_date == person.birth_date if person.birth_date else false(),
        Member.member_id == person.member_number if person.member_number else false())))
    return match_member(person, [member_record(m) for m in rows])


class ExternalRegister:
    """A read-only look into the company's own member database.

    `[members] query` is a SELECT returning the CONTRACT columns (member_id, name,
    name_kana, birth_date, address, …) for the bound parameter :birth_date
    (YYYY-MM-DD); names are compared here, after normalisation, so the company's
    spelling conventions do not matter.
    """

    def __init__(self, url: str, query: str) -> None:
        if not query.strip().lower().startswith("select"):
            raise ValueError("[members] query must be a SELECT")
        self.engine = create_engine(url, pool_pre_ping=True)
        self.query = text(query)

    def lookup(self, person: Party) -> MemberMatch:
        if not person.birth_date:
            return NO_MEMBER
        # A read-only transaction: the register is the company's, never ours to change.
        with self.engine.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(self.query,
                                                           {"birth_date": person.birth_date})]
            conn.rollback()
        for r in rows:
            r["held_name"], r["held_address"] = r.get("name"), r.get("address")
            r["name"] = normalize_name(r.get("name"))
            r["address"] = normalize_address(r.get("address"))
            for key in ("birth_date", "contract_date"):
                if r.get(key) is not None:
                    r[key] = str(r[key])[:10]
        return match_member(person, rows)


def search(session: Session, *, name: str | None = None, kana: str | None = None,
           birth_date: str | None = None, member_id: str | None = None,
           address: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
    """Register rows matching every criterion given, each partially (a name or kana
    fragment, the start of a member number, part of an address; a birth date exactly),
    with the criteria each row met. For a person who looks before confirming that
    someone has no data; the web app uses the same search."""
    given = {k: v for k, v in (("name", name), ("kana", kana), ("birth_date", birth_date),
                               ("member_id", member_id), ("address", address)) if v}
    if not given:
        raise ValueError("検索条件を一つ以上指定してください"
                         "（氏名・フリガナ・生年月日・会員番号・住所）")
    born = None
    if birth_date:
        parsed = parse_date(birth_date)
        if parsed is None:
            raise ValueError(f"生年月日 {birth_date!r} を日付として読めません")
        born = iso(parsed)
    query = select(Member).order_by(Member.member_id)
    if born:
        query = query.where(Member.birth_date == born)
    if member_id:
        query = query.where(Member.member_id.startswith(member_id.strip()))
    hits = []
    for m in session.scalars(query):
        matched = [k for k in ("birth_date", "member_id") if k in given]
        if name and fold_name(name) not in (m.name_key or ""):
            continue
        if kana and compact(kana) not in compact(m.name_kana or ""):
            continue
        if address and compact(normalize_address(address) or "") not in compact(m.address or ""):
            continue
        matched += [k for k in ("name", "kana", "address") if k in given]
        hits.append({**member_record(m), "matched": matched})
        if len(hits) >= limit:
            break
    return hits
