"""An envelope's raw bytes → pages and documents (mail parsing + OCR). No database."""

from __future__ import annotations

import io
import re
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

from intake.mail import ParsedMail, own_text, parse_mail
from ocr.fields import request_types
from ocr.model import Document, Page, ReadError
from ocr.pages import IMAGE_SUFFIXES, RawPage, load_pages, sniff
from ocr.reader import ReadSettings, documents_from_pages, read_pages
from ocr.redact import redact_text
from ocr.text import normalize


@dataclass
class Reading:
    channel: str  # post | email
    pages: list[Page]
    documents: list[Document]
    mail: ParsedMail | None = None
    points: list[str] = field(default_factory=list)  # review points from reading


def is_tar(data: bytes) -> bool:
    return len(data) > 262 and data[257:262] == b"ustar"


def pack_folder(files: list[tuple[str, bytes]]) -> bytes:
    """The pages of a folder envelope as one deterministic tar, so it has one sha256."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for name, data in sorted(files):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = 0
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def envelope_bytes(path: Path) -> bytes:
    """One envelope from the file system: a file as it is, or a folder of page images
    (in file-name order) packed as one tar."""
    if path.is_dir():
        pages = [(p.name, p.read_bytes()) for p in sorted(path.iterdir())
                 if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES]
        if not pages:
            raise ReadError("empty_folder",
                            "フォルダに画像（.jpg .png .tif）がありません")
        return pack_folder(pages)
    return path.read_bytes()


def _tar_members(data: bytes) -> list[bytes]:
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as tar:
        members = sorted((m for m in tar.getmembers() if m.isfile()), key=lambda m: m.name)
        out = []
        for m in members:
            if m.name.lower().endswith((*IMAGE_SUFFIXES, ".pdf")):
                fh = tar.extractfile(m)
                if fh is not None:
                    out.append(fh.read())
        return out


def _raw_pages(parts: list[bytes], settings: ReadSettings) -> list[RawPage]:
    raw: list[RawPage] = []
    for part in parts:
        for page in load_pages(part, settings.limits):
            page.number = len(raw) + 1
            raw.append(page)
            if len(raw) > settings.limits.max_pages:
                raise ReadError("too_many_pages",
                                f"ページ数が上限({settings.limits.max_pages})を超えています")
    return raw


def reading_points(pages: list[Page], min_confidence: float) -> list[str]:
    points = []
    if any(p.method == "ocr" and len(p.text.strip()) < 5 for p in pages):
        points.append("unreadable_page")
    if any(p.method == "ocr" and p.text.strip() and p.confidence < min_confidence
           for p in pages):
        points.append("low_ocr_confidence")
    if any(p.masked for p in pages):
        points.append("sensitive_number_masked")
    return points


def document_points(documents: list[Document]) -> list[str]:
    return ["low_ocr_confidence"] if any(d.doubts for d in documents) else []


def _reading(channel: str, pages: list[Page], min_confidence: float,
             mail: ParsedMail | None = None, first_kind: str | None = None) -> Reading:
    documents = documents_from_pages(pages, first_kind=first_kind)
    points = reading_points(pages, min_confidence)
    points += [p for p in document_points(documents) if p not in points]
    return Reading(channel, pages, documents, mail=mail, points=points)


_REPLY_SUBJECT = re.compile(r"^\s*(?:re|ｒｅ|返信)\s*[:：]", re.I)


def read_envelope(data: bytes, settings: ReadSettings, *, staff: tuple[str, ...] = (),
                  scanners: tuple[str, ...] = (), min_confidence: float = 0.75,
                  own: tuple[str, ...] = ()) -> Reading:
    kind = sniff(data)
    if is_tar(data):
        parts = _tar_members(data)
        if not parts:
            raise ReadError("empty_folder", "フォルダに画像がありません")
        return _reading("post", read_pages(_raw_pages(parts, settings), settings),
                        min_confidence)
    if kind in ("pdf", "image"):
        return _reading("post", read_pages(_raw_pages([data], settings), settings),
                        min_confidence)
    mail = parse_mail(data, staff=staff)
    if mail.machine_generated is None and not mail.forwarded_by and \
            mail.from_addr in {a.lower() for a in own}:
        # The desk's own address writing to itself (a copy, a note): never answered.
        mail.machine_generated = f"sent from the desk's own address {mail.from_addr}"
    scans = [a.data for a in mail.attachments if a.kind in ("pdf", "image")]
    if mail.from_addr in scanners or (mail.forwarded_by in scanners and mail.forwarded_by):
        if not scans:
            raise ReadError("scanner_mail_empty",
                            "スキャナーからのメールに添付ファイルがありません")
        return _reading("post", read_pages(_raw_pages(scans, settings), settings),
                        min_confidence, mail=mail)
    # A reply's subject ("Re: ...") is the earlier message's, like its quote.
    subject = "" if _REPLY_SUBJECT.match(mail.subject) else mail.subject
    body, masked = redact_text(normalize(f"{subject}\n{own_text(mail.body)}"))
    pages = [Page(number=1, text=body, method="text", masked=masked)]
    if scans:
        attached = read_pages(_raw_pages(scans, settings), settings)
        for p in attached:
            p.number += 1
        pages += attached
    first = "request_letter" if request_types(body) else None
    return _reading("email", pages, min_confidence, mail=mail, first_kind=first)
