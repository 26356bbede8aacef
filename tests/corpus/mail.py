"""Generated customer mail in the charsets Japanese mailers really use."""

from __future__ import annotations

import base64
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
