"""Robust parsing of customer mail: charsets, forwards, auto-replies, attachments."""

from __future__ import annotations

import email
import email.policy
import html.parser
import re
from dataclasses import dataclass, field
from email.header import Header, decode_header
from email.message import Message
from email.utils import getaddresses, parseaddr, parsedate_to_datetime
from typing import ClassVar

from intake.charsets import decode_bytes
from ocr.pages import sniff

MAX_ATTACHMENTS = 20
MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024


class MailError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class Attachment:
    filename: str
    content_type: str  # as declared
    kind: str  # as sniffed: pdf | image | unknown
    data: bytes = field(repr=False)


@dataclass
class ParsedMail:
    message_id: str | None
    subject: str
    from_addr: str
    from_name: str
    to: list[str]
    date: str | None
    in_reply_to: str | None
    references: list[str]
    body: str
    attachments: list[Attachment]
    machine_generated: str | None  # the reason, or None for a person's mail
    forwarded_by: str | None = None  # the staff member who forwarded it
    notes: list[str] = field(default_factory=list)
    inner: Message | None = field(default=None, repr=False)  # a message/rfc822 forward


def decode_header_value(value: str | Header | None) -> str:
    """RFC 2047 words (even split mid-character) and raw 8-bit headers to text."""
    if not value:
        return ""
    if isinstance(value, str) and any("\udc80" <= c <= "\udcff" for c in value):
        # 8-bit bytes kept by surrogateescape
        return decode_bytes(value.encode("ascii", "surrogateescape"), None)[0]
    try:
        parts = decode_header(value)  # a compat32 Header holds raw 8-bit as unknown-8bit
    except Exception:
        return str(value)
    # Join adjacent words of one charset before decoding: senders split
    # multibyte characters across encoded-words.
    merged: list[tuple[bytes, str | None]] = []
    for chunk, charset in parts:
        data = chunk if isinstance(chunk, bytes) else chunk.encode("utf-8", "surrogateescape")
        if merged and merged[-1][1] == charset:
            merged[-1] = (merged[-1][0] + data, charset)
        else:
            merged.append((data, charset))
    text = "".join(decode_bytes(d, c)[0] for d, c in merged)
    return re.sub(r"\s*\n\s*", " ", text).strip()


class _HtmlText(html.parser.HTMLParser):
    """HTML to text without running or fetching anything."""

    BLOCK: ClassVar[frozenset[str]] = frozenset(
        {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "table", "blockquote"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "head", "title"):
            self._skip += 1
        elif tag in self.BLOCK:
            self.out.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head", "title"):
            self._skip = max(0, self._skip - 1)
        elif tag in self.BLOCK:
            self.out.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.out.append(data)


def html_to_text(markup: str) -> str:
    parser = _HtmlText()
    parser.feed(markup)
    parser.close()
    return re.sub(r"\n{3,}", "\n\n", "".join(parser.out)).strip()


def _part_text(part: Message, notes: list[str]) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        payload = str(part.get_payload()).encode("utf-8", "surrogateescape")
    text, note = decode_bytes(payload, part.get_content_charset())
    if note:
        notes.append(note)
    return html_to_text(text) if part.get_content_type() == "text/html" else text


def _filename(part: Message, index: int) -> str:
    raw = part.get_filename()  # handles RFC 2231 continuations
    name = decode_header_value(raw) if raw else ""
    name = re.sub(r"[\\/\x00-\x1f]", "_", name).strip(" .") or f"attachment-{index}"
    return name[:120]


def _h(msg: Message, name: str) -> str:
    """A header as plain str (compat32 hands 8-bit headers back as Header objects)."""
    value = msg.get(name)
    return "" if value is None else str(value)


OWN_HEADER = "X-APPI-Intake"  # on every mail appi-intake sends


def machine_generated(msg: Message, from_addr: str) -> str | None:
    """Why this mail was written by a machine (never answered), or None."""
    if msg.get(OWN_HEADER) is not None:
        return f"sent by appi-intake ({OWN_HEADER})"
    auto = _h(msg, "Auto-Submitted").strip().lower()
    if auto and auto != "no":
        return f"Auto-Submitted: {auto}"
    precedence = _h(msg, "Precedence").strip().lower()
    if precedence in ("bulk", "junk", "list", "auto_reply"):
        return f"Precedence: {precedence}"
    for header in ("X-Autoreply", "X-Autorespond", "X-Auto-Response-Suppress", "List-Id",
                   "List-Unsubscribe", "X-Autogenerated"):
        if msg.get(header) is not None:
            return f"{header} header"
    if msg.get("Return-Path") is not None and _h(msg, "Return-Path").strip() in ("<>", ""):
        return "empty Return-Path"
    if msg.get_content_type() == "multipart/report":
        return "delivery report (multipart/report)"
    local = from_addr.split("@")[0].lower()
    if local in ("mailer-daemon", "postmaster", "no-reply", "noreply", "do-not-reply"):
        return f"sent by {from_addr}"
    return None


_FORWARD_MARK = re.compile(r"^[-\s]*(?:Forwarded message|転送メッセージ|Original Message|"
                           r"元のメッセージ|転送されたメッセージ)[-\s]*$", re.M | re.I)
_FWD_FROM = re.compile(r"^(?:From|差出人|送信者|送信元)\s*[:：]\s*(.+)$", re.M)
_FWD_SUBJECT = re.compile(r"^(?:Subject|件名)\s*[:：]\s*(.+)$", re.M)


def _inline_forward(body: str) -> tuple[str, str, str, str] | None:
    """(from name, from address, subject, body) of an inline-forwarded message."""
    mark = _FORWARD_MARK.search(body)
    if not mark:
        return None
    rest = body[mark.end():]
    sender = _FWD_FROM.search(rest[:2000])
    if not sender:
        return None
    name, addr = parseaddr(sender.group(1).strip())
    subject = _FWD_SUBJECT.search(rest[:2000])
    # The forwarded body starts after the first blank line of the header block.
    head_end = re.search(r"\n\s*\n", rest[sender.start():])
    inner = rest[sender.start() + head_end.end():] if head_end else rest
    return name, addr, subject.group(1).strip() if subject else "", inner.strip()


# Where a reply's quote of an earlier message starts: mailers' attribution lines.
_REPLY_HEAD = re.compile(
    r"^\s*(?:-{2,}\s*(?:Original Message|元のメッセージ)\s*-{2,}"
    r"|On .{4,200}wrote:|.{4,200}(?:wrote|書きました|のメッセージ)\s*[:：]"
    r"|.{0,80}\d{4}[/年].{0,80}<[^<>\s]+@[^<>\s]+>\s*[:：]?)\s*$", re.M | re.I)


def own_text(body: str) -> str:
    """The sender's own words: a reply's quoted message (after its attribution line, or
    lines quoted with >) is someone else's — often the desk's, with the desk's name and
    address in its signature. The sender's own signature stays: it is theirs."""
    head = _REPLY_HEAD.search(body)
    mine = body[:head.start()] if head else body
    return "\n".join(line for line in mine.splitlines()
                     if not line.lstrip().startswith((">", "＞", "|"))).strip()


def parse_mail(raw: bytes, staff: tuple[str, ...] = ()) -> ParsedMail:
    if not raw.strip():
        raise MailError("mail_empty", "メールが空です")
    try:
        msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    except Exception as exc:
        raise MailError("mail_unparseable", f"メールを解析できません ({type(exc).__name__})") \
            from exc
    if not msg.keys():
        raise MailError("mail_unparseable", "メールのヘッダーがありません")
    parsed = _parse_message(msg)
    if parsed.from_addr.lower() in staff:
        parsed = _unwrap_forward(msg, parsed)
    return parsed


def _parse_message(msg: Message) -> ParsedMail:
    notes: list[str] = []
    from_name, from_addr = parseaddr(decode_header_value(msg.get("From")))
    bodies: dict[str, list[str]] = {"text/plain": [], "text/html": []}
    attachments: list[Attachment] = []
    inner: Message | None = None
    for part in msg.walk():
        ctype = part.get_content_type()
        if part.is_multipart():
            continue
        disposition = (part.get("Content-Disposition") or "").lower()
        if ctype in bodies and "attachment" not in disposition:
            try:
                bodies[ctype].append(_part_text(part, notes))
            except Exception as exc:  # one broken part must not lose the rest
                notes.append(f"unreadable {ctype} part: {type(exc).__name__}")
            continue
        if ctype == "message/rfc822":
            continue
        data = part.get_payload(decode=True)
        if not isinstance(data, bytes) or not data:
            continue
        if len(attachments) >= MAX_ATTACHMENTS:
            raise MailError("too_many_attachments",
                            f"添付ファイルが多すぎます (上限 {MAX_ATTACHMENTS} 件)")
        if len(data) > MAX_ATTACHMENT_BYTES:
            raise MailError("attachment_too_large",
                            f"添付ファイルが大きすぎます ({len(data) // 1_000_000} MB)")
        attachments.append(Attachment(_filename(part, len(attachments) + 1), ctype,
                                      sniff(data), data))
    for part in msg.walk():
        if part.get_content_type() == "message/rfc822" and part is not msg:
            payload = part.get_payload()
            inner = payload[0] if isinstance(payload, list) and payload else None
            break
    body = "\n".join(bodies["text/plain"]) or "\n".join(bodies["text/html"])
    date = None
    try:
        date = parsedate_to_datetime(_h(msg, "Date")).isoformat() if msg.get("Date") else None
    except (TypeError, ValueError):
        notes.append("unreadable Date header")
    refs = _h(msg, "References").split()
    parsed = ParsedMail(
        message_id=_h(msg, "Message-ID").strip() or None,
        subject=decode_header_value(msg.get("Subject")),
        from_addr=from_addr.lower(), from_name=from_name,
        to=[a for _n, a in getaddresses([decode_header_value(v) for v in msg.get_all("To", [])])],
        date=date, in_reply_to=_h(msg, "In-Reply-To").strip() or None,
        references=refs, body=body.strip(), attachments=attachments,
        machine_generated=machine_generated(msg, from_addr.lower()), notes=notes, inner=inner)
    return parsed


def _unwrap_forward(msg: Message, outer: ParsedMail) -> ParsedMail:
    if outer.inner is not None:
        inner = _parse_message(outer.inner)
        inner.attachments = inner.attachments or outer.attachments
        inner.forwarded_by = outer.from_addr
        return inner
    found = _inline_forward(outer.body)
    if not found:
        return outer
    name, addr, subject, body = found
    return ParsedMail(
        message_id=outer.message_id, subject=subject or outer.subject, from_addr=addr.lower(),
        from_name=name, to=outer.to, date=outer.date, in_reply_to=None, references=[],
        body=body, attachments=outer.attachments, machine_generated=None,
        forwarded_by=outer.from_addr, notes=outer.notes)
