"""Approved letters as print-ready A4 PDFs with an embedded Japanese font."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf",
    "/usr/share/fonts/truetype/fonts-japanese-mincho.ttf",
    "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
)
FONT_NAME = "IPAexMincho"


class LetterError(Exception):
    pass


def _register_font() -> str:
    if FONT_NAME in pdfmetrics.getRegisteredFontNames():
        return FONT_NAME
    for path in FONT_CANDIDATES:
        if Path(path).exists():
            pdfmetrics.registerFont(TTFont(FONT_NAME, path))  # embedded as a subset
            return FONT_NAME
    raise LetterError("日本語フォント (fonts-ipaexfont) がインストールされていません")


def _wrap(line: str, width: float, font: str, size: float) -> list[str]:
    """Japanese wraps between any two characters; keep 、。 off the start of a line."""
    out, current = [], ""
    for ch in line:
        if pdfmetrics.stringWidth(current + ch, font, size) > width and current:
            if ch in "、。」）":
                current += ch
                continue
            out.append(current)
            current = ""
        current += ch
    out.append(current)
    return out


def render_letter_pdf(body: str, path: Path, title: str = "") -> Path:
    font = _register_font()
    size, leading = 10.5, 17
    left, top, bottom = 25 * mm, A4[1] - 25 * mm, 25 * mm
    width = A4[0] - 2 * left
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf = canvas.Canvas(str(path), pagesize=A4, pageCompression=1)
    pdf.setTitle(title)
    pdf.setFont(font, size)
    y = top
    for line in body.splitlines():
        for piece in _wrap(line, width, font, size) if line else [""]:
            if y < bottom:
                pdf.showPage()
                pdf.setFont(font, size)
                y = top
            pdf.drawString(left, y, piece)
            y -= leading
    pdf.save()
    return path
