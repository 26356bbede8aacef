"""Approved letters as print-ready A4 PDFs with an embedded Japanese font."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

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


# Characters a Japanese line never starts with (行頭禁則): they hang on the line before.
NO_LINE_START = "、。」）・"


def _wrap(line: str, width: float, font: str, size: float) -> list[str]:
    """Japanese wraps between any two characters; keep 、。・ off the start of a line. A
    wrapped line keeps its indent (and that of a list mark: ・, →), so an item reads as
    one."""
    head = len(line) - len(line.lstrip(" 　"))
    mark = line[head:head + 2] if line[head:head + 1] in "・→" else ""
    indent = line[:head] + "　" * len(mark.strip()[:1])
    out, current = [], ""
    for unit in _units(line):
        if pdfmetrics.stringWidth(current + unit, font, size) > width and current.strip():
            if unit in NO_LINE_START:
                current += unit
                continue
            if len(unit) > 1 and pdfmetrics.stringWidth(indent + unit, font, size) > width:
                # A name too long for a line of its own still wraps, letter by letter.
                for ch in unit:
                    if pdfmetrics.stringWidth(current + ch, font, size) > width:
                        out.append(current)
                        current = indent
                    current += ch
                continue
            out.append(current)
            current = indent
        current += unit
    out.append(current)
    return _no_orphan(out, len(line[:head]), len(indent))


# A person's name with its honorific (山田太郎様) is never split across two lines.
_NAME_WITH_HONORIFIC = re.compile(r"[\u4e00-\u9fff々\u30a1-\u30fa\u30fc]{2,12}(?:様|殿)")


def _units(line: str) -> list[str]:
    """The line as the pieces it may break between: letters, and names kept whole."""
    out, at = [], 0
    for m in _NAME_WITH_HONORIFIC.finditer(line):
        out += [*line[at:m.start()], m.group(0)]
        at = m.end()
    return out + list(line[at:])


# A paragraph's last printed line holds at least this many characters: 「て、」 alone on a
# line reads as a mistake in a letter.
SHORTEST_LAST = 4


def _no_orphan(lines: list[str], first_indent: int, indent: int) -> list[str]:
    """The wrapped lines with a short last one given characters from the line above
    (never a 、。・ to start it)."""
    if len(lines) < 2 or len(lines[-1]) - indent >= SHORTEST_LAST:
        return lines
    above, last = lines[-2], lines[-1][indent:]
    cut = len(above) - (SHORTEST_LAST - len(last))
    while cut > 0 and above[cut] in NO_LINE_START:
        cut -= 1
    start = first_indent if len(lines) == 2 else indent
    if cut - start < SHORTEST_LAST:
        return lines  # (the line above is as short: nothing to give)
    return [*lines[:-2], above[:cut], lines[-1][:indent] + above[cut:] + last]


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


Line = tuple[str, str, float]  # text, align, scale


def _addressee(lines: list[str]) -> str:
    """The name the letter is addressed to, repeated at the head of every later page."""
    for line in lines[:8]:
        if line.strip().endswith("様"):
            return line.strip()
    return ""


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("｜").split("｜")]


def _paginate(body: str, width: float, font: str, size: float, leading: float,
              usable: float) -> list[list[tuple[str, str, float, list[str] | None]]]:
    """The letter's lines cut into pages: (text, align, size, table cells or None)."""
    pages: list[list[tuple[str, str, float, list[str] | None]]] = [[]]
    used = 0.0
    for line, align, scale in layout(body.splitlines()):
        fs = size * scale
        if line.strip().startswith("｜"):
            cells = _cells(line)
            wrapped = [_wrap(c, width / len(cells) - 4, font, size * 0.9) for c in cells]
            pieces: list[tuple[str, str, float, list[str] | None]] = [
                ("", "table", leading * max(len(w) for w in wrapped), cells)]
        else:
            pieces = [(p, align, fs, None) for p in (_wrap(line, width, font, fs) if line
                                                    else [""])]
        for piece in pieces:
            height = piece[2] if piece[1] == "table" else leading * piece[2] / size
            if used + height > usable and pages[-1]:
                pages.append([])
                used = 0.0
            pages[-1].append(piece)
            used += height
    return _no_widow(pages)


def _no_widow(pages: list[list[Any]]) -> list[list[Any]]:
    """A last page holding only the closing (以上, a blank) takes the lines before it,
    so no page carries 以上 alone."""
    if len(pages) > 1:
        last = [p for p in pages[-1] if p[0].strip() or p[3] is not None]
        if len(last) <= 2:
            moved = pages[-2][-6:]
            pages[-2] = pages[-2][:-6]
            pages[-1] = moved + pages[-1]
    return pages


def render_letter_pdf(body: str, path: Path, title: str = "") -> Path:
    """A4, Mincho 10.5 pt; from page 2 the addressee and the title head each page, and
    every page is numbered (n / N), so a loose page is never without its reader."""
    font = _register_font()
    size, leading = 10.5, 17
    left, top, bottom = 25 * mm, A4[1] - 25 * mm, 25 * mm
    width = A4[0] - 2 * left
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf = canvas.Canvas(str(path), pagesize=A4, pageCompression=1)
    pdf.setTitle(title)
    addressee = _addressee(body.splitlines())
    head_height = 2 * leading
    pages = _paginate(body, width, font, size, leading, top - bottom - head_height)
    for number, page in enumerate(pages, 1):
        y = top
        if number > 1:
            pdf.setFont(font, size * 0.85)
            pdf.drawString(left, y, f"{addressee}　{title}".strip())
            y -= head_height
        for text, align, fs, cells in page:
            if cells is not None:
                _table_row(pdf, cells, left, y, width, fs, font, size * 0.9)
                y -= fs
                continue
            pdf.setFont(font, fs)
            if align == "right":
                pdf.drawRightString(left + width, y, text.strip())
            elif align == "center":
                pdf.drawCentredString(left + width / 2, y, text.strip())
            else:
                pdf.drawString(left, y, text)
            y -= leading * fs / size
        pdf.setFont(font, size * 0.85)
        pdf.drawCentredString(A4[0] / 2, bottom - 10 * mm, f"{number} / {len(pages)}")
        pdf.showPage()
    pdf.save()
    return path


def _table_row(pdf: canvas.Canvas, cells: list[str], left: float, y: float, width: float,
               height: float, font: str, size: float) -> None:
    """One row of a ruled table (a line written ｜a｜b｜c｜ in the draft)."""
    column = width / len(cells)
    lines = [_wrap(cell, column - 4, font, size) for cell in cells]
    step = height / max(len(w) for w in lines)
    top = y + step * 0.7
    for i, pieces in enumerate(lines):
        x = left + i * column
        pdf.rect(x, top - height, column, height, stroke=1, fill=0)
        pdf.setFont(font, size)
        for j, piece in enumerate(pieces):
            pdf.drawString(x + 2, y - j * step, piece)
