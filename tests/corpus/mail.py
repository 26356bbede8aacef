"""Generated customer mail in the charsets Japanese mailers really use."""

from __future__ import annotations

import base64
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import compat32
from email.utils import formatdate

_NEC_SELECTED: dict[str, bytes] = {}


def _nec_selected() -> dict[str, bytes]:
    """IBM extension characters (髙, 﨑) at their NEC-selected cp932 codes, which
    — unlike the IBM codes 0xFA–0xFC — have a JIS row and so fit ISO-2022-JP."""
    if not _NEC_SELECTED:
        for lead in (0xED, 0xEE):
            for trail in range(0x40, 0xFD):
                try:
                    _NEC_SELECTED[bytes((lead, trail)).decode("cp932")] = bytes((lead, trail))
                except UnicodeDecodeError:
                    continue
    return _NEC_SELECTED


def _sjis_to_jis(s1: int, s2: int) -> bytes:
    row = (s1 - (0x70 if s1 <= 0x9F else 0xB0)) * 2
    if s2 < 0x9F:
        row -= 1
        col = s2 - (0x20 if s2 >= 0x80 else 0x1F)
    else:
        col = s2 - 0x7E
    return bytes((row, col))


def encode_iso2022jp_cp932(text: str) -> bytes:
    """ISO-2022-JP as Windows mailers write it, NEC/IBM characters included."""
    out, kanji = bytearray(), False
    nec = _nec_selected()
    for ch in text:
        if ord(ch) < 0x80:
            if kanji:
                out += b"\x1b(B"
                kanji = False
            out += ch.encode("ascii")
            continue
        sj = ch.encode("cp932")
        if sj[0] >= 0xFA:
            sj = nec[ch]
        if not kanji:
            out += b"\x1b$B"
            kanji = True
        out += _sjis_to_jis(sj[0], sj[1])
    if kanji:
        out += b"\x1b(B"
    return bytes(out)


def _encoded_word(text: str, charset: str) -> str:
    if charset == "iso-2022-jp":
        data = encode_iso2022jp_cp932(text)
    else:
        data = text.encode("cp932" if charset == "shift_jis" else charset)
    return f"=?{charset}?B?{base64.b64encode(data).decode()}?="


def make_mail(*, sender_name: str, sender: str, subject: str, body: str,
              charset: str = "utf-8", to: str = "desk@example.jp",
              extra_headers: dict[str, str] | None = None,
              message_id: str = "<sample@example.jp>") -> bytes:
    """One text/plain message; headers as RFC 2047 words in the body's charset."""
    name = _encoded_word(sender_name, charset) if sender_name else ""
    headers = {
        "From": f"{name} <{sender}>" if name else sender,
        "To": to,
        "Subject": _encoded_word(subject, charset),
        "Date": formatdate(1795000000, localtime=False),
        "Message-ID": message_id,
        "MIME-Version": "1.0",
        "Content-Type": f'text/plain; charset="{charset}"',
    }
    if charset == "iso-2022-jp":
        payload, cte = encode_iso2022jp_cp932(body), "7bit"
    elif charset in ("shift_jis", "cp932"):
        payload, cte = base64.encodebytes(body.encode("cp932")), "base64"
    else:
        payload, cte = base64.encodebytes(body.encode(charset)), "base64"
    headers["Content-Transfer-Encoding"] = cte
    headers.update(extra_headers or {})
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items()).encode("ascii")
    return head + b"\r\n" + payload.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def forward_inline(*, staff: str, customer_name: str, customer: str, subject: str,
                   body: str, message_id: str) -> bytes:
    """A desk member's forward with the customer's mail quoted inline (Outlook style)."""
    text = (f"お客様からのメールを転送します。\n\n-------- 転送メッセージ --------\n"
            f"差出人: {customer_name} <{customer}>\n件名: {subject}\n日付: 2026/11/20 10:00\n\n"
            f"{body}")
    return make_mail(sender_name="受付 佐藤", sender=staff, subject=f"Fw: {subject}", body=text,
                     charset="iso-2022-jp", message_id=message_id)


def _message(sender: str, subject: str, message_id: str, text: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "desk@example.jp"
    msg["Subject"] = subject
    msg["Message-ID"] = message_id
    msg.set_content(text)
    return msg


def forward_attached(*, staff: str, inner: bytes, message_id: str) -> bytes:
    outer = _message(staff, "転送", message_id, "お客様のメールを添付で転送します。")
    outer.add_attachment(BytesParser(policy=compat32).parsebytes(inner))
    return outer.as_bytes()


def bounce(message_id: str) -> bytes:
    return (b"From: MAILER-DAEMON@mx.example.jp\r\nTo: desk@example.jp\r\n"
            b"Subject: Undelivered Mail Returned to Sender\r\n"
            b"Message-ID: " + message_id.encode() + b"\r\nReturn-Path: <>\r\n"
            b"MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status;"
            b" boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n"
            b"This is the mail system. Your message could not be delivered.\r\n"
            b"--b\r\nContent-Type: message/delivery-status\r\n\r\nStatus: 5.1.1\r\n--b--\r\n")


def scanner_mail(*, scanner: str, pdf: bytes, message_id: str) -> bytes:
    msg = _message(scanner, "Scanned from MFP-3F", message_id, "Scanned document attached.")
    msg.add_attachment(pdf, maintype="application", subtype="pdf", filename="scan0001.pdf")
    return msg.as_bytes()


def reply(*, sender: str, subject: str, in_reply_to: str | None, message_id: str,
          body: str = "承知しました。書類を郵送いたします。") -> bytes:
    headers = {"In-Reply-To": in_reply_to, "References": in_reply_to} if in_reply_to else {}
    return make_mail(sender_name="", sender=sender, subject=subject, body=body,
                     extra_headers=headers, message_id=message_id)
