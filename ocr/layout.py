"""The page as geometry: OCR words grouped into rows by where they stand.

tesseract orders its lines by the blocks its layout analysis found; on a ruled form it
often takes the label column as one block and the values as another, so a label and
its value end up lines apart. A row here is every word whose vertical middle lies
within the height of the row, whichever block tesseract gave it to, left to right.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median
from typing import Protocol


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
