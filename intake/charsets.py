"""Decoding Japanese mail bytes the way Japanese mail really is, not as labelled."""

from __future__ import annotations

import codecs
import re

# Labels that mean "Shift_JIS as Windows writes it": decode as cp932 so that
# ①, ㈱, 髙 and the other vendor characters survive.
ALIASES = {
    "shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932",
    "windows-31j": "cp932", "ms_kanji": "cp932", "csshiftjis": "cp932", "cp932": "cp932",
    "iso-2022-jp": "iso-2022-jp-cp932", "csiso2022jp": "iso-2022-jp-cp932",
    "iso-2022-jp-1": "iso-2022-jp-cp932", "iso-2022-jp-2": "iso-2022-jp-cp932",
    "iso-2022-jp-3": "iso-2022-jp-cp932", "euc-jp": "euc_jis_2004", "x-euc-jp": "euc_jis_2004",
    "utf8": "utf-8", "us-ascii": "utf-8", "ascii": "utf-8", "unknown-8bit": "",
    "x-unknown": "", "unknown": "", "default": "",
}
FALLBACKS = ("utf-8", "cp932", "euc_jis_2004")
_ESC = re.compile(rb"\x1b(\$@|\$B|\$\(D|\$\(Q|\(B|\(J|\(I)")
# Dashes and waves that Windows and Unix code pages map differently.
_VARIANTS = str.maketrans({"\uff5e": "〜", "\u301c": "〜", "\u2212": "－", "\u2016": "‖",
                           "\u2015": "—", "\u2014": "—"})


def _jis_pair_to_sjis(c1: int, c2: int) -> bytes:
    s1 = (c1 + 1) // 2 + (0x70 if c1 <= 0x5E else 0xB0)
    s2 = c2 + (0x1F if c1 % 2 else 0x7E)
    if c1 % 2 and s2 >= 0x7F:
        s2 += 1
    return bytes((s1, s2))


def decode_iso2022jp(data: bytes) -> str:
    """ISO-2022-JP through cp932: Python's own codec rejects NEC/IBM characters (①, 髙)."""
    out: list[str] = []
    mode = b"(B"
    pos = 0
    for m in [*list(_ESC.finditer(data)), None]:
        end = m.start() if m else len(data)
        chunk = data[pos:end]
        if chunk:
            if mode in (b"$@", b"$B", b"$(Q"):
                sjis = b"".join(_jis_pair_to_sjis(chunk[i], chunk[i + 1])
                                for i in range(0, len(chunk) - 1, 2)
                                if 0x21 <= chunk[i] <= 0x7E)
                out.append(sjis.decode("cp932", errors="replace"))
            elif mode == b"(I":
                out.append(bytes(b + 0x80 for b in chunk).decode("cp932", errors="replace"))
            else:
                out.append(chunk.decode("ascii", errors="replace"))
        if m:
            mode = m.group(1)
            pos = m.end()
    return "".join(out)


def codec_for(label: str | None) -> str | None:
    """Our codec name for a charset label, None when the label names nothing usable."""
    if not label:
        return None
    key = label.strip().strip('"').lower()
    if key in ALIASES:
        return ALIASES[key] or None
    try:
        return codecs.lookup(key).name
    except LookupError:
        return None


def decode_bytes(data: bytes, label: str | None) -> tuple[str, str | None]:
    """Text and a note when the label was wrong or unknown (None when it was right)."""
    codec = codec_for(label)
    note = None if codec or not label else f"unknown charset {label!r}"
    if codec == "iso-2022-jp-cp932" or (codec is None and b"\x1b$B" in data):
        return normalise_variants(decode_iso2022jp(data)), note
    candidates = ([codec] if codec else []) + [c for c in FALLBACKS if c != codec]
    for candidate in candidates:
        try:
            text = data.decode(candidate)
        except (UnicodeDecodeError, LookupError):
            if candidate == codec:
                note = f"charset {label!r} did not fit the bytes"
            continue
        return normalise_variants(text), note
    return normalise_variants(data.decode("utf-8", errors="replace")), \
        f"undecodable bytes (labelled {label!r})"


def normalise_variants(text: str) -> str:
    return text.translate(_VARIANTS)
