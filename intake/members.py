"""The member register: CSV import (CONTRACT.md columns) and lookup."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.models import Member
from ocr.address import normalize_address, same_address
from ocr.dates import iso, parse_date
from ocr.names import fold_name, normalize_name
from ocr.text import compact
from rules.case import NO_MEMBER, MemberMatch, Party

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


def member_record(m: Member) -> dict[str, str | None]:
    return {c: getattr(m, c) for c in COLUMNS}


def lookup(session: Session, person: Party, kana: str | None = None) -> MemberMatch:
    """Name + birth date is a match; address (or kana) then decides exact or partial."""
    if not person.name:
        return NO_MEMBER
    rows = session.scalars(select(Member).where(Member.name_key == fold_name(person.name))).all()
    same_birth = [m for m in rows if person.birth_date and m.birth_date == person.birth_date]
    for m in same_birth:
        if same_address(person.address, m.address):
            return MemberMatch(m.member_id, "exact", member_record(m))
    if len(same_birth) == 1:
        return MemberMatch(same_birth[0].member_id, "partial", member_record(same_birth[0]))
    if kana:
        by_kana = [m for m in rows if m.name_kana and compact(m.name_kana) == compact(kana)
                   and same_address(person.address, m.address)]
        if len(by_kana) == 1:
            return MemberMatch(by_kana[0].member_id, "partial", member_record(by_kana[0]))
    return NO_MEMBER
