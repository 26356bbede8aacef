"""An electronic disclosure (Art. 33(1) 電磁的記録の提供): the letter as a PDF locked with
AES-256, and a password that travels by another way (post)."""

from __future__ import annotations

import io
import secrets

from pypdf import PdfReader, PdfWriter

# No 0/O, 1/l/I: the password is read off paper and typed.
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"


def new_password(length: int = 12) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def lock_pdf(pdf: bytes, password: str) -> bytes:
    """The same PDF, opened only with the password (AES-256; owner password random)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=password, owner_password=new_password(24),
                   algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
