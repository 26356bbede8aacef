"""An envelope's raw bytes → pages and documents (mail parsing + OCR). No database."""

from __future__ import annotations

import errno
import io
import os
import re
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

from intake.mail import ParsedMail, own_text, parse_mail
from ocr.fields import request_types
from ocr.marks import typed_choices
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
    notes: list[str] = field(default_factory=list)  # for the reviewer, in words


def is_tar(data: bytes) -> bool:
    return len(data) > 262 and data[257:262] == b"ustar"


# The manifest of what a folder envelope held besides its pages (kept in its tar).
SKIPPED = ".skipped"
PAGE_SUFFIXES = (*IMAGE_SUFFIXES, ".pdf")


def pack_folder(files: list[tuple[str, bytes]],
                skipped: list[tuple[str, str]] | None = None) -> bytes:
    """The pages of a folder envelope as one deterministic tar, so it has one sha256;
    what was not a page is listed in it, by name and why."""
    buf = io.BytesIO()
    members = sorted(files)
    if skipped:
        listing = "".join(f"{name}\t{why}\n" for name, why in sorted(skipped))
        members.append((SKIPPED, listing.encode("utf-8")))
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = 0
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def refuse_link(path: Path) -> None:
    if path.is_symlink():
        raise ReadError("symlink_refused", f"{path.name} はシンボリックリンクのため読みません"
                                           "（リンク先は開きません）。実物のファイルを置いてください")


def read_file(path: Path) -> bytes:
    """A file's bytes, never through a link (O_NOFOLLOW: a link swapped in after the
    check is refused by the kernel too)."""
    refuse_link(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ReadError("symlink_refused",
                            f"{path.name} はシンボリックリンクのため読みません") from exc
        raise
    with os.fdopen(fd, "rb") as fh:
        return fh.read()


def envelope_bytes(path: Path) -> bytes:
    """One envelope from the file system: a file as it is, or a folder of pages (images
    or PDFs, in file-name order) packed as one tar. Links are never followed; anything
    in a folder that is not a page is named in the envelope for the reviewer."""
    refuse_link(path)
    if path.is_dir():
        pages: list[tuple[str, bytes]] = []
        skipped: list[tuple[str, str]] = []
        for p in sorted(path.iterdir()):
            if p.is_symlink():
                skipped.append((p.name, "シンボリックリンク（リンク先は開きません）"))
            elif p.is_dir():
                skipped.append((p.name, "フォルダ（中身は読みません）"))
            elif not p.is_file():
                skipped.append((p.name, "通常のファイルではありません"))
            elif p.suffix.lower() not in PAGE_SUFFIXES:
                skipped.append((p.name, "ページの画像・PDFではありません"))
            else:
                pages.append((p.name, read_file(p)))
        if not pages:
            raise ReadError("empty_folder",
                            "フォルダに画像（.jpg .png .tif .gif）またはPDFがありません")
        return pack_folder(pages, skipped)
    return read_file(path)


def _tar_members(data: bytes) -> tuple[list[bytes], list[str]]:
    """The pages of a folder envelope, and a note for each thing that was not one."""
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as tar:
        members = sorted((m for m in tar.getmembers() if m.isfile()), key=lambda m: m.name)
        out, notes = [], []
        for m in members:
            fh = tar.extractfile(m)
            if fh is None:
                continue
            if m.name == SKIPPED:
                notes += [f"読まなかったもの: {line.replace(chr(9), ' — ')}"
                          for line in fh.read().decode("utf-8").splitlines() if line]
            elif m.name.lower().endswith(PAGE_SUFFIXES):
                out.append(fh.read())
            else:
                notes.append(f"読まなかったもの: {m.name} — ページの画像・PDFではありません")
        return out, notes


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


def _reading(channel: str, pages: list[Page], min_confidence: float, settings: ReadSettings,
             mail: ParsedMail | None = None, first_kind: str | None = None) -> Reading:
    documents = documents_from_pages(pages, first_kind=first_kind, ocr=settings.ocr)
    points = reading_points(pages, min_confidence)
    points += [p for p in document_points(documents) if p not in points]
    return Reading(channel, pages, documents, mail=mail, points=points)


_REPLY_SUBJECT = re.compile(r"^\s*(?:re|ｒｅ|返信)\s*[:：]", re.I)


def read_envelope(data: bytes, settings: ReadSettings, *, staff: tuple[str, ...] = (),
                  scanners: tuple[str, ...] = (), min_confidence: float = 0.75,
                  own: tuple[str, ...] = ()) -> Reading:
    kind = sniff(data)
    if is_tar(data):
        parts, notes = _tar_members(data)
        if not parts:
            raise ReadError("empty_folder", "フォルダに画像がありません")
        reading = _reading("post", read_pages(_raw_pages(parts, settings), settings),
                           min_confidence, settings)
        if notes:
            reading.points.append("folder_items_skipped")
            reading.notes += notes
        return reading
    if kind in ("pdf", "image"):
        return _reading("post", read_pages(_raw_pages([data], settings), settings),
                        min_confidence, settings)
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
                        min_confidence, settings, mail=mail)
    # A reply's subject ("Re: ...") is the earlier message's, like its quote.
    subject = "" if _REPLY_SUBJECT.match(mail.subject) else mail.subject
    body, masked = redact_text(typed_choices(normalize(f"{subject}\n{own_text(mail.body)}")))
    pages = [Page(number=1, text=body, method="text", masked=masked)]
    if scans:
        attached = read_pages(_raw_pages(scans, settings), settings)
        for p in attached:
            p.number += 1
        pages += attached
    first = "request_letter" if request_types(body) else None
    return _reading("email", pages, min_confidence, settings, mail=mail, first_kind=first)
