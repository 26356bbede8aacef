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


def layout(lines: list[str]) -> list[tuple[str, str, float]]:
    """(text, align, scale) per line, as a Japanese business letter is set: the date
    and the sender block to the right, the title centred and larger, 記 centred,
    敬具 and 以上 to the right. The draft itself stays plain text for the reviewer."""
    out: list[tuple[str, str, float]] = []
    sender = title_done = False
    for i, line in enumerate(lines):
        stripped = line.strip()
        align, scale = "left", 1.0
        if i == 0 and stripped.endswith("日"):
            align = "right"
        elif not title_done and i < 6 and stripped.endswith("様"):
            sender = True  # the addressee; the sender block follows after a blank line
        elif sender and stripped and not title_done:
            align = "right"
            if stripped.startswith("整理番号"):
                sender, title_done = False, True
                out.append((stripped, align, scale))
                continue
        elif title_done and stripped and not any(a == "center" for _t, a, _s in out):
            align, scale = "center", 1.3
        if stripped in ("敬具", "以上"):
            align = "right"
        elif stripped == "記":
            align = "center"
        out.append((line, align, scale))
    return out


def render_letter_pdf(body: str, path: Path, title: str = "") -> Path:
    font = _register_font()
    size, leading = 10.5, 17
    left, top, bottom = 25 * mm, A4[1] - 25 * mm, 25 * mm
    width = A4[0] - 2 * left
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf = canvas.Canvas(str(path), pagesize=A4, pageCompression=1)
    pdf.setTitle(title)
    y = top
    for line, align, scale in layout(body.splitlines()):
        fs = size * scale
        for piece in _wrap(line, width, font, fs) if line else [""]:
            if y < bottom:
                pdf.showPage()
                y = top
            pdf.setFont(font, fs)
            if align == "right":
                pdf.drawRightString(left + width, y, piece.strip())
            elif align == "center":
                pdf.drawCentredString(left + width / 2, y, piece.strip())
            else:
                pdf.drawString(left, y, piece)
            y -= leading * scale
    pdf.save()
    return path
