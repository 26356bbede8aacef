"""The page as geometry: OCR words grouped into rows by where they stand.

tesseract orders its lines by the blocks its layout analysis found; on a ruled form it
often takes the label column as one block and the values as another, so a label and
its value end up lines apart. A row here is every word whose vertical middle lies
within the height of the row, whichever block tesseract gave it to, left to right.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from statistics import median
from typing import Protocol

import cv2
import numpy as np

from ocr.text import compact


class Boxed(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def box(self) -> tuple[int, int, int, int]: ...


@dataclass
class Row:
    words: list[int]  # indexes into the words given
    top: int
    bottom: int

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


def rows(words: Sequence[Boxed]) -> list[list[int]]:
    """Indexes of `words` row by row, top to bottom, each row left to right."""
    heights = [w.box[3] for w in words if w.text.strip()]
    if not heights:
        return []
    typical = median(heights)
    order = sorted(range(len(words)),
                   key=lambda i: words[i].box[1] + min(words[i].box[3], typical) / 2)
    found: list[Row] = []
    for i in order:
        _left, top, _width, height = words[i].box
        if not words[i].text.strip():
            continue
        # tesseract gives some characters (often a line's last 日) boxes that reach far
        # below the line: such a box is placed by its top, where it starts.
        middle = top + min(height, typical) / 2
        # A tall box (a seal read as a character, a vertical rule) joins the row it
        # overlaps most rather than stretching it over its neighbours.
        row = next((r for r in reversed(found[-4:])
                    if abs(r.middle - middle) <= max(typical, r.bottom - r.top) * 0.45), None)
        if row is None:
            found.append(Row([i], top, top + height))
        else:
            row.words.append(i)
            if height <= typical * 1.6:
                row.top, row.bottom = min(row.top, top), max(row.bottom, top + height)
    return [sorted(r.words, key=lambda i: words[i].box[0]) for r in found]


_RULE = re.compile(r"^[|｜Il\[\]]+$")


def segments(words: Sequence[Boxed], line: Sequence[int]) -> list[list[int]]:
    """A row's words in runs that stand apart: a gap wider than two characters' height
    starts a new run (the cells of a table row, the parts of a header)."""
    out: list[list[int]] = []
    for i in line:
        if out:
            prev = words[out[-1][-1]].box
            gap = words[i].box[0] - (prev[0] + prev[2])
            if gap <= 2 * max(prev[3], words[i].box[3]):
                out[-1].append(i)
                continue
        out.append([i])
    return out


def headed_columns(words: Sequence[Boxed], lines: Sequence[Sequence[int]],
                   is_label: Callable[[str], bool]) -> list[list[int]]:
    """Rows of a table whose labels head their columns (お名前 | 生年月日 | 電話番号, the
    values in the row under them) turned into label-and-value rows: each value word goes
    to the label whose column it stands in (columns meet halfway between the labels'
    middles). A row is a header when at least two of its runs are labels and every other
    run is one character (印)."""
    def unruled(k: int) -> list[int]:
        # A table's vertical rules read as | stand between the cells: no part of either.
        return [i for i in lines[k] if not _RULE.match(words[i].text)]

    out: list[list[int]] = []
    n = 0
    while n < len(lines):
        # tesseract may give each label of a header a line of its own (one block each):
        # the lines that follow on the same row are tried as one.
        span = _same_row(words, lines, n)
        line = sorted((i for k in range(n, n + span) for i in unruled(k)),
                      key=lambda i: words[i].box[0])
        # Dust read as ・ or . beside a label would join the label's run and hide it.
        runs = segments(words, _without_specks(words, line))
        texts = ["".join(words[i].text for i in run) for run in runs]
        labels = [k for k, t in enumerate(texts) if is_label(t)]
        # After the last label, a seal's ink in the 印 column may read as a few letters.
        header = len(labels) >= 2 and all(
            k in labels or _stray(t) or (k > max(labels) and len(t) <= 3)
            for k, t in enumerate(texts))
        if not header:
            out.append(unruled(n))
            n += 1
            continue
        # A line of marks alone between the header and its values (dust, a rule's end
        # read as ;) is neither: it is passed over.
        skipped = 0
        while n + span + skipped < len(lines) and not any(
                _lettered(words[i].text) for i in lines[n + span + skipped]):
            skipped += 1
        below = unruled(n + span + skipped) if n + span + skipped < len(lines) else []
        if below:
            height = max(words[i].box[3] for i in line)
            gap = min(words[i].box[1] for i in below) - max(words[i].box[1] + words[i].box[3]
                                                           for i in line)
            if gap < 3 * height:
                middles = [sum(words[i].box[0] + words[i].box[2] / 2 for i in run) / len(run)
                           for run in runs]
                cells: list[list[int]] = [list(run) for run in runs]
                for i in below:
                    centre = words[i].box[0] + words[i].box[2] / 2
                    k = min(range(len(runs)), key=lambda k: _column(middles, k, centre))
                    cells[k].append(i)
                out += cells
                out += [list(lines[k]) for k in range(n + span, n + span + skipped)]
                n += span + skipped + 1
                continue
        out += [unruled(k) for k in range(n, n + span)]
        n += span
    return out


def _same_row(words: Sequence[Boxed], lines: Sequence[Sequence[int]], n: int) -> int:
    """How many lines from the n-th on stand in one row, each to the right of the one
    before (their middles within half a letter's height of each other)."""
    span = 1
    while n + span < len(lines):
        here, there = (_without_specks(words, lines[k]) for k in (n + span - 1, n + span))
        if not here or not there:
            break
        height = max(words[i].box[3] for i in [*here, *there])
        middle = [median(words[i].box[1] + words[i].box[3] / 2 for i in ln)
                  for ln in (here, there)]
        if abs(middle[0] - middle[1]) > height / 2 or \
                min(words[i].box[0] for i in there) <= max(_right(words[i]) for i in here):
            break
        span += 1
    return span


def _without_specks(words: Sequence[Boxed], line: Sequence[int]) -> list[int]:
    """The line without specks: marks with no letter or digit whose box is under a third
    of the line's typical height each way (dust, a dot of toner read as ・ or .)."""
    lettered = [i for i in line if _lettered(words[i].text)]
    heights = [words[i].box[3] for i in lettered or line]
    if not heights:
        return []
    typical = median(heights)
    return [i for i in line
            if i in lettered or max(words[i].box[2], words[i].box[3]) >= typical / 3]


def _lettered(text: str) -> bool:
    """Holds a letter or a digit (・ is no letter, though Unicode files it with katakana)."""
    return bool(_LETTER.search(text.replace("・", "")) or re.search(r"[0-9０-９]", text))


def letter_span(word: Boxed, k: int, letters: int | None = None) -> tuple[float, float]:
    """The left and right of a word's k-th character (of `letters`, its text's length
    unless given): Japanese letters are of one width, so the word's box is cut into as
    many equal parts."""
    left, _top, width, _height = word.box
    step = width / max(1, len(word.text) if letters is None else letters)
    return left + k * step, left + (k + 1) * step


def _stray(text: str) -> bool:
    """A run between a header's labels that is no value: one character, or a few marks
    without a letter (dust, a rule's end, a box's corner read as 3 " or . )."""
    return len(text) <= 1 or (len(text) <= 3 and not _LETTER.search(text))


_LETTER = re.compile(r"[\u3040-\u30ff\u3400-\u9fffA-Za-z]")


def _column(middles: Sequence[float], k: int, x: float) -> float:
    """0 when x lies in column k (bounded halfway to its neighbours), else how far out."""
    lo = (middles[k - 1] + middles[k]) / 2 if k > 0 else float("-inf")
    hi = (middles[k] + middles[k + 1]) / 2 if k + 1 < len(middles) else float("inf")
    return 0.0 if lo <= x < hi else min(abs(x - lo), abs(x - hi))


def unread_after(gray: np.ndarray, words: Sequence[Boxed], lines: Sequence[int]) -> set[int]:
    """Indexes of the words that end their line with ink right after them that no word
    holds: a character tesseract left out (健一 read 健: the thin 一 dropped). Only
    ink of the line's own height counts, starting within one character of the word: a
    seal or a ring beside a name is taller than the line and is no letter left out.
    `gray` is the page as read (ink below 128; a boolean ink mask does as well)."""
    out = set()
    for i, blobs, span, char in _ink_by_line_ends(gray, words, lines, after=True):
        height = words[i].box[3]
        for x, _y, w, h, area, inside in blobs:
            if inside and x <= char and w >= 0.25 * char and area >= 0.02 * char * char \
                    and x + w < span - 1:  # it ends before the window does: one letter
                out.add(i)
                break
            if not inside and x <= 1 and h >= 1.5 * height:
                # A seal stamped over the word's end (black on a 1-bit scan): what it
                # covers may be more of the word.
                out.add(i)
                break
    return out


def unread_before(gray: np.ndarray, words: Sequence[Boxed], lines: Sequence[int]) -> set[int]:
    """Indexes of the words that begin their line with ink just before them that no word
    holds: a first character tesseract left out (金子恵美 read 子恵美). Only ink of the
    line's own height counts, one letter wide, ending within a character of the word
    and starting inside the window: a rule or a ring running in from the left is no
    letter. `gray` as for unread_after."""
    out = set()
    for i, blobs, span, char in _ink_by_line_ends(gray, words, lines, after=False):
        height = words[i].box[3]
        if any(inside and x + w >= span - char and w >= 0.25 * char and h >= 0.5 * height
               and area >= 0.02 * char * char and x > 1
               for x, _y, w, h, area, inside in blobs):
            out.add(i)
    return out


# A blob of ink beside a word: x within the window, y on the page, width, height, area,
# and whether it lies within the word's row (a quarter of a character of slack).
Blob = tuple[int, int, int, int, int, bool]


def _ink_by_line_ends(gray: np.ndarray, words: Sequence[Boxed], lines: Sequence[int], *,
                      after: bool) -> Iterator[tuple[int, list[Blob], int, int]]:
    """For each line's last word (`after`) or first, the blobs of ink in a window two
    characters wide right after or right before it, half a character taller than it
    each way: (the word's index, the blobs, the window's width, the word's character
    size). Words whose window falls off the page are passed over."""
    end: dict[int, int] = {}
    for i, (w, line) in enumerate(zip(words, lines, strict=True)):
        if not w.text.strip():
            continue
        if line not in end or (_right(words[end[line]]) < _right(w) if after
                               else w.box[0] < words[end[line]].box[0]):
            end[line] = i
    for i in end.values():
        left, top, width, height = words[i].box
        char = max(height, width // max(1, len(words[i].text)))
        x0, x1 = ((left + width + 2, min(gray.shape[1], left + width + 2 * char)) if after
                  else (max(0, left - 2 * char), left - 2))
        y0, y1 = max(0, top - char // 2), min(gray.shape[0], top + height + char // 2)
        if x1 - x0 < 4 or y1 <= y0:
            continue
        window = gray[y0:y1, x0:x1]
        ink = window if window.dtype == bool else window < 128
        count, _labels, stats, _ = cv2.connectedComponentsWithStats(
            ink.astype(np.uint8), connectivity=8)
        blobs = [(int(x), y0 + int(y), int(w), int(h), int(a),
                  y0 + y >= top - char // 4 and y0 + y + h <= top + height + char // 4)
                 for x, y, w, h, a in stats[1:count]]
        yield i, blobs, x1 - x0, char


def _right(w: Boxed) -> int:
    return w.box[0] + w.box[2]


def party_columns(words: Sequence[Boxed], lines: Sequence[Sequence[int]],
                  party: Callable[[str], str | None],
                  is_label: Callable[[str], bool]) -> list[list[int]]:
    """A table that sets the person and the agent side by side — captions heading two
    columns (請求者本人 | 代理人), the labels in a column of their own on the left —
    turned into two sections one after the other: the person's caption and each label
    with the person's cell, then the agent's caption and each label with the agent's.
    The table ends where a row reaches across both columns or a wider gap follows."""
    out: list[list[int]] = []
    n = 0
    while n < len(lines):
        runs = segments(words, [i for i in lines[n] if not _RULE.match(words[i].text)])
        kinds = [party("".join(words[i].text for i in run)) for run in runs]
        if len(runs) != 2 or kinds != ["principal", "agent"]:
            out.append(list(lines[n]))
            n += 1
            continue
        middles = [sum(_centre(words[i]) for i in run) / len(run) for run in runs]
        split = sum(middles) / 2
        labels_end = middles[0] - (split - middles[0])
        height = max(words[i].box[3] for run in runs for i in run)
        table: list[tuple[list[int], list[int], list[int]]] = []
        bottom = max(words[i].box[1] + words[i].box[3] for run in runs for i in run)
        k = n + 1
        while k < len(lines):
            line = [i for i in lines[k] if not _RULE.match(words[i].text)]
            top = min((words[i].box[1] for i in line), default=bottom)
            # (A box far wider than its letters — ink under a seal read into a word —
            # says nothing of where the word stands.)
            crossing = any(words[i].box[0] < split - height < split + height
                           < words[i].box[0] + words[i].box[2]
                           and words[i].box[2] <= 1.3 * height * (len(words[i].text) + 1)
                           for i in line)
            if not line or top - bottom > 2.2 * height or crossing or \
                    all(_centre(words[i]) < labels_end for i in line):
                break
            table.append(([i for i in line if _centre(words[i]) < labels_end],
                          [i for i in line if labels_end <= _centre(words[i]) < split],
                          [i for i in line if _centre(words[i]) >= split]))
            bottom = max(words[i].box[1] + words[i].box[3] for i in line)
            k += 1
        # Labels inside the parties' columns (氏名 : … | 氏名 : …) are another layout,
        # read row by row as it stands (ocr.fields._sections splits such rows).
        if not table or any(is_label(words[i].text) for row in table for i in row[1] + row[2]):
            out.append(list(lines[n]))
            n += 1
            continue
        for side, caption in ((1, runs[0]), (2, runs[1])):
            out.append(list(caption))
            out += [row[0] + row[side] for row in table if row[side]]
        n = k
    return out


def _centre(w: Boxed) -> float:
    return w.box[0] + w.box[2] / 2


class SealedWord(Boxed, Protocol):
    @property
    def confidence(self) -> float: ...
    @property
    def under_seal(self) -> bool: ...
    @property
    def line(self) -> int: ...


# A seal's ink read as a letter stands this much taller than the letters of its line.
SEAL_TALLER = 1.5
# ... and is read at a confidence no letter of the line's text has.
SEAL_LETTER_BELOW = 0.3


def seal_read_as_letters(words: Sequence[SealedWord]) -> set[int]:
    """Words that are a seal's own ink read as a letter (the ring of a seal stamped after
    a name read 寺): one or two letters under the seal, ending a line after a gap, read
    at a confidence near none, and far taller than the line's letters — no letter of
    a line of text is. Their line keeps other words."""
    out: set[int] = set()
    by_line: dict[int, list[int]] = {}
    for i, w in enumerate(words):
        by_line.setdefault(w.line, []).append(i)
    for line in by_line.values():
        if len(line) < 2:
            continue
        ordered = sorted(line, key=lambda i: words[i].box[0])
        last, before = words[ordered[-1]], words[ordered[-2]]
        char = median(words[i].box[3] for i in ordered[:-1])  # the line's letter height
        gap = last.box[0] - (before.box[0] + before.box[2])
        if last.under_seal and len(last.text) <= 2 and last.confidence < SEAL_LETTER_BELOW \
                and last.box[3] >= SEAL_TALLER * char and gap >= 0.5 * char:
            out.add(ordered[-1])
    return out


def seals_by(words: Sequence[SealedWord], spots: Sequence[tuple[int, int, int, int]],
             names: Sequence[str]) -> int | None:
    """How many of a page's seals (`spots`: left, top, width, height, in the words'
    frame) stand by one of `names` as written on the page: on a row that holds the name,
    or within a line's height of it, and not wholly to the left of where the name
    starts — where a writer stamps after signing. When none is by a name found, None
    if a name was not found on any row (the seal may be by it: where it stands is not
    known), else 0."""
    by_line: dict[int, list[SealedWord]] = {}
    for w in words:
        by_line.setdefault(w.line, []).append(w)
    places: list[tuple[int, int, int]] = []  # the name's left, its row's top and bottom
    found: set[str] = set()
    for line in by_line.values():
        line = sorted(line, key=lambda w: w.box[0])
        texts = [compact(w.text) for w in line]
        joined = "".join(texts)
        for name in names:
            at = joined.find(name)
            if at < 0:
                continue
            found.add(name)
            ends = np.cumsum([len(t) for t in texts])
            first = line[int(np.searchsorted(ends, at, side="right"))]
            places.append((first.box[0], min(w.box[1] for w in line),
                           max(w.box[1] + w.box[3] for w in line)))
    by = sum(1 for x, y, w, h in spots
             if any(x + w >= left and y <= bottom + (bottom - top)
                    and y + h >= top - (bottom - top) for left, top, bottom in places))
    return by if by or (names and found == set(names)) else None
