"""Numbers that must not be kept (マイナンバー and the like) are removed from text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import numpy as np
from PIL import Image, ImageDraw

from ocr.text import normalize

MASK = "＊"
# Twelve digits, optionally grouped 4-4-4, not part of a longer number.
_TWELVE = re.compile(r"(?<![0-9])(\d{4})[ -]?(\d{4})[ -]?(\d{4})(?![0-9])")
# Labels after which any number is sensitive (insurance and pension numbers). The
# 住民票コード label is matched loosely: OCR often splits or garbles it.
_LABELLED = re.compile(r"(個人番号|マイナンバー|記号|保険者番号|被保険者番号|基礎年金番号|"
                       r"年金番号|住民.{0,3}コード|票コード|番号)\s*[:：]?\s*"
                       r"([0-9][0-9\-・ ]{1,})")
# 本籍 (registered domicile) on a 住民票 must not be kept either.
_HONSEKI = re.compile(r"^(\s*本\s*籍\s*[:：]?\s*)(\S.*)$", re.M)
# Permitted ID numbers are shown with only their last four characters.
_LICENCE = re.compile(r"(第\s*)(\d[\d ]{10,14}\d)(\s*号)")
_RESIDENCE = re.compile(r"(?<![A-Z0-9])([A-Z]{2}\d{8}[A-Z]{2})(?![A-Z0-9])")
_PASSPORT = re.compile(r"(?<![A-Z0-9<])([A-Z]{2}\d{7})(?=\d?[A-Z<]{3}\d{6}|(?![A-Z0-9]))")


# Ten digits or more in one run (spaces aside) that no label explains: a 住民票コード or a
# 個人番号 whose label OCR garbled (人必束コード: 1 2345678901). Nothing the desk keeps is
# written so: a licence's number stands between 第 and 号, a phone is hyphenated or
# labelled, a member number has letters.
_LONG = re.compile(r"(?<![0-9A-Za-z])[0-9](?: ?[0-9]){9,}(?![0-9])")
_LONG_ALLOWED_BEFORE = re.compile(r"(第|電話|TEL|Tel|tel|携帯|FAX|Fax)[^\n0-9]{0,8}$")


def my_number_valid(digits: str) -> bool:
    """The check digit of a 12-digit 個人番号 (総務省令 第五条)."""
    if len(digits) != 12 or not digits.isdigit():
        return False
    body = [int(c) for c in digits[:11]][::-1]
    total = sum(p * (n + 1 if n <= 6 else n - 5) for n, p in enumerate(body, start=1))
    rest = total % 11
    check = 0 if rest <= 1 else 11 - rest
    return check == int(digits[11])


# On a card whose numbers must not be kept (個人番号カード, 資格確認書, 年金手帳) every
# number of three digits or more is masked unless it is part of a date: their labels
# (記号, 保険者番号) are small print, and when OCR garbles them the numbers would pass.
_LOOSE = re.compile(r"(?<![\d/.])\d{3,}(?!\d|\s*[年月日/.])")


def redact_text(text: str, numbers_forbidden: bool = False) -> tuple[str, bool]:
    """Text with sensitive numbers masked, and whether anything was masked.
    `numbers_forbidden`: the text is of a card none of whose numbers may be kept."""
    masked = False

    def twelve(m: re.Match[str]) -> str:
        nonlocal masked
        start = m.start()
        # 運転免許証の番号 (第123456789012号) is a permitted ID number, not a 個人番号.
        if start > 0 and m.string[start - 1] == "第":
            return m.group(0)
        if my_number_valid("".join(m.groups())):
            masked = True
            return MASK * 12
        return m.group(0)

    def labelled(m: re.Match[str]) -> str:
        nonlocal masked
        if m.group(1) == "番号" and not _next_to_sensitive_label(m):
            return m.group(0)  # a plain "番号" (licence, residence card) is a permitted ID
        masked = True
        return m.group(1) + " " + MASK * 8

    def honseki(m: re.Match[str]) -> str:
        nonlocal masked
        masked = True
        return m.group(1) + MASK * 8

    def loose(m: re.Match[str]) -> str:
        nonlocal masked
        masked = True
        return MASK * len(m.group(0))

    def long_run(m: re.Match[str]) -> str:
        nonlocal masked
        if _LONG_ALLOWED_BEFORE.search(m.string[max(0, m.start() - 12):m.start()]) or \
                re.match(r"\s*号", m.string[m.end():]):
            return m.group(0)
        masked = True
        return MASK * 8

    text = _TWELVE.sub(twelve, text)
    text = _LABELLED.sub(labelled, text)
    text = _LONG.sub(long_run, text)
    text = _HONSEKI.sub(honseki, text)
    if numbers_forbidden:
        text = _LOOSE.sub(loose, text)
    return text, masked


def _next_to_sensitive_label(m: re.Match[str]) -> bool:
    """記号 12345 番号 678: the 番号 of a health-insurance card follows its 記号."""
    before = m.string[max(0, m.start() - 20):m.start()]
    return "記号" in before or MASK in before


def _last4(value: str) -> str:
    digits = value.replace(" ", "")
    return "*" * (len(digits) - 4) + digits[-4:]


def mask_id_numbers(text: str) -> str:
    """Licence, residence-card and passport numbers down to their last four characters,
    for text that is stored or shown (the fields keep the same masked form)."""
    text = _LICENCE.sub(lambda m: m.group(1) + _last4(m.group(2)) + m.group(3), text)
    text = _RESIDENCE.sub(lambda m: _last4(m.group(1)), text)
    return _PASSPORT.sub(lambda m: _last4(m.group(1)), text)


def sensitive_boxes(words: Iterable[Any],
                    numbers_forbidden: bool = False) -> list[tuple[int, int, int, int]]:
    """Boxes (left, top, width, height) of the OCR words to black out in a page image:
    every word holding a digit on a line where text redaction masked something (the
    label may stand on the line before), and everything after a 本籍 label."""
    lines: dict[int, list[Any]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    boxes: list[tuple[int, int, int, int]] = []
    before = ""
    for _n, line_words in sorted(lines.items()):
        line = normalize(" ".join(w.text for w in line_words))
        sensitive = _masks_line(before, line, numbers_forbidden)
        before = line
        if not sensitive:
            continue
        after_honseki = False
        for w in line_words:
            if after_honseki or any(c.isdigit() for c in w.text):
                boxes.append(w.box)
            if "籍" in w.text:
                after_honseki = True
    return boxes


def _masks_line(before: str, line: str, numbers_forbidden: bool = False) -> bool:
    """Whether redaction masks something on `line`, also by a label on the line before:
    a card's 個人番号 stands above the number, and a number with one digit misread
    fails its check digit and is masked for the label only."""
    if redact_text(line, numbers_forbidden)[1]:
        return True
    if not before:
        return False
    joined, masked = redact_text(before + "\n" + line, numbers_forbidden)
    # A label's mask that reaches into the next line takes the line break with it.
    return masked and ("\n" not in joined or MASK in joined.split("\n", 1)[1])


def black_out(image: Image.Image, boxes: list[tuple[int, int, int, int]],
              margin: int = 6) -> Image.Image:
    out = image.copy()
    draw = ImageDraw.Draw(out)
    for left, top, width, height in boxes:
        draw.rectangle((left - margin, top - margin, left + width + margin,
                        top + height + margin), fill="black")
    return out


def code_boxes(gray: Image.Image) -> list[tuple[int, int, int, int]]:
    """Boxes (left, top, width, height) of 2D codes (QR) in a page image at about 300
    dpi: square patches 8–40 mm wide, densely filled with fine black-and-white modules.
    Text is too sparse or too flat for that, a photo has too much grey, a printed band
    too little ink."""
    step, cell = 2, 6  # analysed at half size, in cells of about 1 mm
    small = np.asarray(gray.reduce(step), dtype=np.uint8)
    rows, cols = small.shape[0] // cell, small.shape[1] // cell
    if not (rows and cols):
        return []
    ink = (small[:rows * cell, :cols * cell] < 110).reshape(rows, cell, cols, cell)
    frac = np.pad(ink.mean(axis=(1, 3)), 1)
    # Each cell with its eight neighbours: a code's white modules are never far from ink.
    smooth = sum(frac[1 + dy:1 + dy + rows, 1 + dx:1 + dx + cols]
                 for dy in (-1, 0, 1) for dx in (-1, 0, 1)) / 9
    full = np.asarray(gray, dtype=np.uint8)
    boxes = []
    for top, left, bottom, right, count in _regions(smooth >= 0.3):
        height, width = (bottom - top) * cell * step, (right - left) * cell * step
        if not (90 <= width <= 480 and 90 <= height <= 480 and 0.7 <= width / height <= 1.4):
            continue
        if count < 0.5 * (bottom - top) * (right - left):
            continue
        x, y = int(left * cell * step), int(top * cell * step)
        patch = full[y:y + height, x:x + width]
        dark = (patch < 128).mean()
        grey = ((patch >= 80) & (patch <= 175)).mean()
        edges = min(np.abs(np.diff(patch < 128, axis=0)).mean(),
                    np.abs(np.diff(patch < 128, axis=1)).mean())
        if 0.3 <= dark <= 0.75 and grey < 0.25 and edges > 0.02:
            # Cells cut the edge modules: a cell more all round.
            pad = cell * step
            boxes.append((max(0, x - pad), max(0, y - pad), int(width) + 2 * pad,
                          int(height) + 2 * pad))
    return boxes


def _regions(mask: np.ndarray) -> list[tuple[int, int, int, int, int]]:
    """Connected regions of True cells (4-neighbour): (top, left, bottom, right, cells),
    bottom and right exclusive."""
    seen = np.zeros_like(mask, dtype=bool)
    found = []
    for start in zip(*np.nonzero(mask), strict=True):
        if seen[start]:
            continue
        seen[start] = True
        stack, cells = [start], []
        while stack:
            r, c = stack.pop()
            cells.append((r, c))
            for nr, nc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
                if (0 <= nr < mask.shape[0] and 0 <= nc < mask.shape[1] and mask[nr, nc]
                        and not seen[nr, nc]):
                    seen[nr, nc] = True
                    stack.append((nr, nc))
        rs = [r for r, _ in cells]
        cs = [c for _, c in cells]
        found.append((min(rs), min(cs), max(rs) + 1, max(cs) + 1, len(cells)))
    return found
