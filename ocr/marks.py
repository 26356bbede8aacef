"""Tick boxes and circled options, decided from the ink on the page rather than from the
glyph tesseract guessed (■ comes out as 画, 0 or 置, □ as 口).

The marks are found as shapes among the page's connected components: square boxes about
a character high (hollow with four straight edges, or solid) and rings drawn round a
word. tesseract's word boxes place Japanese characters too loosely to measure beside
them, so the boxes of a row are paired with its option words in reading order (each
box stands before its word), and a ring marks the option whose words lie inside it.
The decision is written back into the words as one glyph before the option — ■ marked,
□ not marked, ？ cannot tell (a box half inked, or boxes and options that do not pair
up) — so that the text that is kept and parsed says what the page shows. Options with
neither a box nor a ring on their row are prose, and are left as they are.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

import cv2
import numpy as np

from ocr.cleanup import components
from ocr.layout import Boxed, letter_span

OPTION_WORDS = ("第三者提供記録の開示", "訂正・追加・削除", "第三者提供の停止", "利用目的の通知",
                "法定代理人", "任意代理人", "電磁的記録", "利用停止", "代理人", "本人", "開示",
                "訂正", "追加", "削除", "消去", "書面", "抹消")
MARKED, UNMARKED, UNSURE = "■", "□", "？"
# Ink inside a box: a tick covers 10-30% of its inside, a filled box nearly all of it,
# an empty one nothing but JPEG speckle.
FILL_MARKED, FILL_EMPTY = 0.08, 0.03
# A shape no bigger than a square of a character's height over this is a speck of dust.
DUST_SHARE = 10


def _speck_area(h: int) -> int:
    """The most pixels a speck of dust has beside letters `h` pixels high."""
    return max(4, (h // DUST_SHARE) ** 2)
# What tesseract makes of a box (filled or empty) when it reads one as a character.
BOX_GLYPHS = "□■☐☑☒口ロ日目画置図團囗国回田圏固四曲由0OoD〇◯●○✓✔レ"
# What tesseract makes of a tick written by hand before a word, without a box.
TICK_GLYPHS = "✓✔レソンシVvY/"


# How a typed form (a text PDF, a mail) marks its choices: ☑ or ● chosen, ☐ or ○ not.
TYPED_MARKED, TYPED_UNMARKED = "☑☒✅✔✓●◉◎", "☐○◯"
_TYPED = re.compile(rf"([{TYPED_MARKED}{TYPED_UNMARKED}])[ \u3000]*(?=" +
                    "|".join(OPTION_WORDS) + ")")


def typed_choices(text: str) -> str:
    """A typed form's marks before its options written as reading writes a page's:
    ■ chosen, □ not (☑本人 ☐法定代理人 → ■本人 □法定代理人)."""
    return _TYPED.sub(lambda m: MARKED if m.group(1) in TYPED_MARKED else UNMARKED, text)


# What may follow an option's word on its row: another option's box, a separator,
# brackets, the end of the row; or the start of the next option (checked by the caller).
_AFTER_OPTION = "・、，,/／()（）[]「」 　:：<>〈〉"  # (< and >: a loop's ends, read)
_OPTION_STARTS = {w[0] for w in OPTION_WORDS}
_SEPARATORS = "・、，,:：/／.。"


@dataclass(frozen=True)
class Option:
    word: str
    start: int  # index in the row's characters
    verdict: str | None  # MARKED | UNMARKED | UNSURE; None: not an option (prose)
    box_chars: tuple[int, ...] = ()  # characters that were the box's glyph
    ringed: bool = False  # marked by a ring drawn round it, or by hand without a box


@dataclass(frozen=True)
class Mark:
    """A tick box or a drawn ring found on the page, and how much ink it holds."""

    left: int
    top: int
    right: int
    bottom: int
    kind: str  # box | ring
    fill: float  # boxes: ink inside; rings: 1.0

    @property
    def middle(self) -> tuple[float, float]:
        return ((self.left + self.right) / 2, (self.top + self.bottom) / 2)

    def holds(self, word: Boxed) -> bool:
        """Does the mark enclose the middle of a word's box (across and up and down)?"""
        x, y, w, h = word.box
        return self.left <= x + w / 2 <= self.right and self.top <= y + h / 2 <= self.bottom


def find_marks(gray: np.ndarray, h: int) -> list[Mark]:
    """Square boxes (hollow with four straight edges, or solid) about a character high,
    and rings (hollow ovals wider than a character) — the shapes a form's options are
    marked with."""
    return [m for m, _n in _shapes(gray, h)[0]]


def without_rings(gray: np.ndarray, h: int) -> tuple[np.ndarray, list[Mark]]:
    """The page with the rings drawn round words whitened, and the rings: tesseract
    loses a whole row of text to a ring round one of its words."""
    shapes, labels = _shapes(gray, h, boxes=False)
    rings = [(m, n) for m, n in shapes if m.kind == "ring"]
    if not rings:
        return gray, []
    out = gray.copy()
    for m, n in rings:
        region = out[m.top:m.bottom, m.left:m.right]
        hh, w = region.shape
        # Only the loop itself: the letters a hand's loop touches are one shape with it,
        # and stay (their ink lies well inside the oval).
        ys, xs = np.ogrid[:hh, :w]
        outer = np.hypot((xs + 0.5 - w / 2) / (w / 2), (ys + 0.5 - hh / 2) / (hh / 2)) >= 0.75
        region[(labels[m.top:m.bottom, m.left:m.right] == n) & outer] = 255
    return out, [m for m, _n in rings]


def without_overruns(gray: np.ndarray, h: int) -> tuple[np.ndarray, int, int]:
    """The page with the strokes of marks that run out of their boxes whitened (a tick
    up to the next word, a cross over its letters), the boxes kept; how many were, and
    how many boxes the page has. The letters a stroke runs into read as others (開示
    read as 開尽周)."""
    shapes, labels = _shapes(gray, h)
    out, count = gray, 0
    boxes = sum(1 for m, _n in shapes if m.kind == "box")
    for m, n in shapes:
        if m.kind != "box":
            continue
        top, left = max(0, m.top - h), max(0, m.left - h)
        window = labels[top:m.bottom + h, left:m.right + h] == n
        inside = np.zeros_like(window)
        inside[m.top - top:m.bottom - top, m.left - left:m.right - left] = True
        if not (window & ~inside).any():
            continue
        if count == 0:
            out = gray.copy()
        out[top:m.bottom + h, left:m.right + h][window & ~inside] = 255
        count += 1
    return out, count, boxes


def may_hold_rings(gray: np.ndarray, h: int) -> bool:
    """Whether the page has a shape of a ring's size and thinness at all: a quick look at
    a half-size copy (its ink kept where any of four pixels had some, so a thin loop stays
    whole) before the full search."""
    ink = gray < 140
    ink = ink[:ink.shape[0] // 2 * 2, :ink.shape[1] // 2 * 2]
    half = (ink[0::2, 0::2] | ink[1::2, 0::2] | ink[0::2, 1::2] | ink[1::2, 1::2])
    _count, _labels, stats, _ = components(half.astype(np.uint8))
    w, hh, area = (stats[1:, k] for k in (cv2.CC_STAT_WIDTH, cv2.CC_STAT_HEIGHT,
                                          cv2.CC_STAT_AREA))
    h2 = h / 2
    return bool(np.any((w >= 1.5 * h2) & (w <= 12 * h2) & (hh >= 1.1 * h2) & (hh <= 2.8 * h2)
                       & (area < 0.3 * w * hh)))


def _shapes(gray: np.ndarray, h: int,
            boxes: bool = True) -> tuple[list[tuple[Mark, int]], np.ndarray]:
    """The marks, each with the number of its connected component in the labels (only
    the rings, without `boxes`)."""
    ink = (gray < 140).astype(np.uint8)
    # Closed by a pixel first: JPEG leaves a light seam between a filled box's outline
    # and its fill, which would make them two shapes.
    shapes = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
    _count, labels, stats, _ = components(shapes)
    out: list[tuple[Mark, int]] = []
    runs: tuple[np.ndarray, np.ndarray] | None = None  # _long_runs, when first needed
    # Only shapes of a box's or a ring's size are looked at one by one: a page has
    # thousands of strokes.
    ws, hs = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    sized = ((ws >= 0.45 * h) & (ws <= 12 * h) & (hs >= 0.45 * h) & (hs <= 2.8 * h))
    sized[0] = False  # the background
    # Specks of dust (a scanner's glass, a dirty roller) by a box do not join it to a
    # character: shapes this small are no stroke of one at this size of letter.
    dust = np.flatnonzero(stats[:, cv2.CC_STAT_AREA] <= _speck_area(h))
    for n in np.flatnonzero(sized):
        x, y, w, hh, area = (int(v) for v in stats[n])
        before = len(out)
        # (Not apart from other ink: the 口 inside 記 or 個, a part of a character, not a
        # box — or a box whose tick runs out of it up to the next letters, below.)
        if boxes and 0.45 * h <= w <= 1.6 * h and 0.45 * h <= hh <= 1.6 * h \
                and 0.7 <= w / hh <= 1.4 and _apart(labels, n, x, y, w, hh, max(2, h // 8),
                                                   dust):
            own = labels[y:y + hh, x:x + w] == n
            middle = own[hh // 3:hh - hh // 3, w // 3:w - w // 3]
            if area >= 0.8 * w * hh or (area >= 0.68 * w * hh and middle.mean() >= 0.95
                                        and 0.85 <= w / hh <= 1.18):
                # A filled box, or a filled round mark (● of a form's ○ / ● choices).
                out.append((Mark(x, y, x + w, y + hh, "box", 1.0), n))
                continue
            # A round choice is a circle: a digit 0 or the 〇 of text is taller than wide.
            circle = 0.85 <= w / hh <= 1.18
            if _edged(own) or (circle and _round(own)):
                out.append((_box(ink, x, y, x + w, y + hh), n))
        elif 1.5 * h <= w <= 12 * h and 1.1 * h <= hh <= 2.8 * h and area < 0.25 * w * hh:
            own = labels[y:y + hh, x:x + w] == n
            # A ring: ink on all four sides of its box and none in its middle band.
            mid = own[hh // 3:hh - hh // 3, w // 6:w - w // 6]
            band = max(1, hh // 5)
            sides = (own[:, :w // 8].any(), own[:, -(w // 8):].any(),
                     own[:band].any(axis=0).mean() > 0.5, own[-band:].any(axis=0).mean() > 0.5)
            # A hand's loop often touches the letters it rounds (利用停止 joined to its
            # ring): then some ink stands in the middle, but the shape is an oval — its
            # box's corners empty, where a table cell's are ruled.
            cw, ch = max(1, w // 10), max(1, hh // 5)
            oval = all(c.mean() <= 0.1 for c in (own[:ch, :cw], own[:ch, -cw:],
                                                 own[-ch:, :cw], own[-ch:, -cw:]))
            if all(sides) and (not mid.any() or (oval and mid.sum() <= 0.4 * area)
                               or _rounds(own)):
                out.append((Mark(x, y, x + w, y + hh, "ring", 1.0), n))
                continue
        if boxes and len(out) == before and w <= 3 * h and hh <= 3 * h:
            # A box whose tick or cross runs out of it, or with dust on its edge: one
            # shape with the box, larger than a box. The box is still there, as four
            # straight edges within it.
            own = labels[y:y + hh, x:x + w] == n
            if runs is None:
                runs = _long_runs(shapes, h)
            found = _box_within(own, runs[0][y:y + hh, x:x + w] & own,
                                runs[1][y:y + hh, x:x + w] & own, h)
            if found is not None and (_a_mark_run_out(own, found) or _crossed_over(own, found)
                                      or _dust_on(own, found, h)) and _apart(
                    labels, n, x + found[0], y + found[1], found[2] - found[0],
                    found[3] - found[1], max(2, h // 8), dust):
                left, top, right, bottom = found
                out.append((_box(ink, x + left, y + top, x + right, y + bottom), n))
    # What is inside a box (a dot, a small filled square) is its mark, not another box.
    kept = [(m, n) for m, n in out if not any(
        o is not m and o.kind == "box" and o.left <= m.left and m.right <= o.right
        and o.top <= m.top and m.bottom <= o.bottom for o, _ in out)]
    return kept, labels


def _long_runs(shapes: np.ndarray, h: int) -> tuple[np.ndarray, np.ndarray]:
    """Where the page's ink runs straight across, and straight down, at least a box's
    side (0.45 of a character): erosions of the whole page, once, instead of a run count
    for each of the thousands of strokes. A run lies within one shape, so a shape's own
    pixels of these maps are its own runs."""
    least = int(0.45 * h)
    across = cv2.erode(shapes, np.ones((1, least), np.uint8), borderType=cv2.BORDER_CONSTANT,
                       borderValue=0)
    down = cv2.erode(shapes, np.ones((least, 1), np.uint8), borderType=cv2.BORDER_CONSTANT,
                     borderValue=0)
    return across.astype(bool), down.astype(bool)


def _box_within(own: np.ndarray, across: np.ndarray, down: np.ndarray,
                h: int) -> tuple[int, int, int, int] | None:
    """(left, top, right, bottom) of a square box's four edges inside a larger shape:
    the outermost rows and columns that hold a straight run of ink as long as a box's
    side (`across`, `down`: the shape's pixels of _long_runs), a box's size apart and
    each inked along the whole side."""
    least = int(0.45 * h)
    rows = np.flatnonzero(across.any(axis=1))
    cols = np.flatnonzero(down.any(axis=0))
    if len(rows) < 2 or len(cols) < 2:
        return None
    top, bottom, left, right = int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1
    w, hh = right - left, bottom - top
    if not (least <= w <= 1.6 * h and least <= hh <= 1.6 * h and 0.7 <= w / hh <= 1.4):
        return None
    return (left, top, right, bottom) if _edged(own[top:bottom, left:right]) else None


def _edged(own: np.ndarray) -> bool:
    """A hollow box's four straight edges: each side inked along nearly all its length."""
    hh, w = own.shape
    edge = max(2, min(w, hh) // 7)
    sides = (own[:edge].any(axis=0).mean(), own[-edge:].any(axis=0).mean(),
             own[:, :edge].any(axis=1).mean(), own[:, -edge:].any(axis=1).mean())
    return min(sides) >= 0.85


def _box(ink: np.ndarray, left: int, top: int, right: int, bottom: int) -> Mark:
    """A hollow box, with the share of its middle (half of it each way) that is ink —
    a pen's, not the specks of dust that fell in it."""
    ix, iy = max(2, (right - left) // 4), max(2, (bottom - top) // 4)
    inside = ink[top + iy:bottom - iy, left + ix:right - ix]
    if not inside.size:
        return Mark(left, top, right, bottom, "box", 0.0)
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(inside, connectivity=8)
    if count > 1:
        speck = _speck_area(bottom - top)
        x, y, w, h, areas = (stats[1:, k] for k in range(5))
        touching = (x == 0) | (y == 0) | (x + w == inside.shape[1]) | (y + h == inside.shape[0])
        # (A stroke cut by the middle's edge is part of a mark, however little is inside.)
        ink_inside = int(areas[(areas > speck) | touching].sum())
    else:
        ink_inside = 0
    return Mark(left, top, right, bottom, "box", ink_inside / inside.size)


def _a_mark_run_out(own: np.ndarray, box: tuple[int, int, int, int]) -> bool:
    """Is what lies outside the box a pen's stroke run out of it — thin, reaching no
    further than the box is wide, to one corner's two sides at most — rather than the
    rest of a character that holds a box (門 of 開)?"""
    left, top, right, bottom = box
    size = max(right - left, bottom - top)
    hh, w = own.shape
    beyond = (left, top, w - right, hh - bottom)
    if not 0.2 * size <= max(beyond) <= 0.8 * size:
        return False  # (a serif's end is no stroke run out)
    sides = [b > 2 for b in beyond]  # left, top, right, bottom
    if sum(sides) > 2 or (sides[0] and sides[2]) or (sides[1] and sides[3]):
        return False
    outside = own.sum() - own[top:bottom, left:right].sum()
    if not 0 < outside <= 0.25 * (right - left) * (bottom - top):
        return False
    # And it leaves by one corner, in a narrow stroke: the legs of 門 leave a box at
    # both ends of its side.
    spans = (own[:, :left].any(axis=1), own[:top].any(axis=0),
             own[:, right:].any(axis=1), own[bottom:].any(axis=0))
    for out, span in zip(sides, spans, strict=True):
        if out:
            where = np.flatnonzero(span)
            if where.size and where.max() - where.min() > 0.5 * size:
                return False
    return not _barred(own, box)


def _barred(own: np.ndarray, box: tuple[int, int, int, int]) -> bool:
    """Is the box crossed by a bar running straight across from side to side, as a
    character's are (日, 目)? A pen's mark crosses a box aslant."""
    left, top, right, bottom = box
    edge = max(2, max(right - left, bottom - top) // 7)
    inner = own[top + edge:bottom - edge, left + edge:right - edge]
    return bool(inner.size) and bool(inner.all(axis=1).any() or inner.all(axis=0).any())


def _crossed_over(own: np.ndarray, box: tuple[int, int, int, int]) -> bool:
    """Is what lies outside the box the arms of a cross drawn bigger than it — ink
    beyond three of its corners or all four, aslant (in the quarters beyond both its
    edges), no further than the box is wide? A character's strokes leave a box along
    its sides (the legs of 門 straight down), not beyond its corners."""
    left, top, right, bottom = box
    size = max(right - left, bottom - top)
    hh, w = own.shape
    if max(left, top, w - right, hh - bottom) > 0.8 * size:
        return False
    corners = (own[:top, :left], own[:top, right:], own[bottom:, :left], own[bottom:, right:])
    if sum(int(c.any()) for c in corners) < 3:
        return False
    outside = int(own.sum()) - int(own[top:bottom, left:right].sum())
    aslant = sum(int(c.sum()) for c in corners)
    return outside <= 0.5 * (right - left) * (bottom - top) and aslant >= 0.5 * outside


def _dust_on(own: np.ndarray, box: tuple[int, int, int, int], h: int) -> bool:
    """Is what lies outside the box no more than a speck or two of dust that fell on its
    edge (the box then measures too tall or too wide to be one)?"""
    left, top, right, bottom = box
    outside = int(own.sum()) - int(own[top:bottom, left:right].sum())
    return 0 < outside <= 2 * _speck_area(h) and not _barred(own, box)


def _rounds(own: np.ndarray) -> bool:
    """Does most of the shape's ink run round its box's oval, whatever stands joined to
    it inside (a loop drawn against the tick box it rounds, or the letters)? A table
    cell's ink runs along its box's edges and into its corners instead."""
    hh, w = own.shape
    ys, xs = np.nonzero(own)
    radius = np.hypot((xs + 0.5 - w / 2) / (w / 2), (ys + 0.5 - hh / 2) / (hh / 2))
    return bool((radius >= 0.75).mean() >= 0.6 and (radius > 1.15).mean() <= 0.05)


def _round(own: np.ndarray) -> bool:
    """A hollow round mark (○, or ◉ with its dot apart): its ink lies about one radius
    from its middle in every direction, and none near the middle."""
    hh, w = own.shape
    ys, xs = np.nonzero(own)
    if len(xs) < 8:
        return False
    rx, ry = (xs + 0.5 - w / 2) / (w / 2), (ys + 0.5 - hh / 2) / (hh / 2)
    radius = np.hypot(rx, ry)
    if (radius < 0.55).any() or (radius > 1.2).mean() > 0.03:
        return False
    turns = np.floor((np.arctan2(ry, rx) + np.pi) / (2 * np.pi) * 36).astype(int) % 36
    return len(np.unique(turns)) >= 33  # inked all round


def _apart(labels: np.ndarray, n: int, x: int, y: int, w: int, h: int, margin: int,
           dust: np.ndarray | None = None) -> bool:
    """A tick box stands apart: no other ink within `margin` around it (what is inside
    it — a tick, a cross — may be), but for the shapes numbered in `dust`."""
    ring = labels[max(0, y - margin):y + h + margin, max(0, x - margin):x + w + margin].copy()
    oy, ox = y - max(0, y - margin), x - max(0, x - margin)
    ring[oy:oy + h, ox:ox + w] = 0
    other = (ring != 0) & (ring != n)
    if dust is not None and other.any():
        other &= ~np.isin(ring, dust)
    return not np.any(other)


def _verdict(fill: float) -> str:
    if fill >= FILL_MARKED:
        return MARKED
    return UNMARKED if fill <= FILL_EMPTY else UNSURE


def _find(text: str, word: str, start: int) -> int:
    """Where `word` stands in `text` from `start`: exactly, or for words of four
    characters or more with one misread (第三者提供の停目)."""
    exact = text.find(word, start)
    if exact >= 0 or len(word) < 4:
        return exact
    for k in range(start, len(text) - len(word) + 1):
        window = text[k:k + len(word)]
        if sum(a != b for a, b in zip(window, word, strict=True)) == 1 \
                and window[0] == word[0]:
            return k
    return -1


def find_options(words: Sequence, row: list[int], marks: list[Mark],
                 ink: np.ndarray | None = None) -> list[Option]:
    """The options on one row with their verdicts. Boxes go with options in reading
    order (each box stands before its word); a ring marks the option whose words it
    holds. When the boxes and the options do not pair up, every verdict is ？."""
    text = "".join(words[i].text for i in row)
    owner = _owner(words, row)
    tops = sorted(words[i].box[1] for i in row)
    bottoms = sorted(words[i].box[1] + words[i].box[3] for i in row)
    top, bottom = tops[len(tops) // 2], bottoms[len(bottoms) // 2]
    h = max(1, bottom - top)
    in_row = [m for m in marks if top - 0.6 * h <= m.middle[1] <= bottom + 0.6 * h]
    row_boxes = [m for m in in_row if m.kind == "box"]

    def on_a_box(k: int) -> bool:
        """Is character k what tesseract read for one of the row's boxes (by where its
        word stands, whatever glyph it became: 防, 罰, 切)?"""
        w = words[owner[k]]
        if len(w.text) != 1:
            return False
        x0, x1 = w.box[0], w.box[0] + w.box[2]
        return any(min(x1, b.right) - max(x0, b.left) >= 0.5 * (b.right - b.left)
                   for b in row_boxes)

    found: list[tuple[str, int]] = []
    row_rings = [m for m in in_row if m.kind == "ring"]
    taken = [False] * len(text)
    for word in OPTION_WORDS:
        start = _find(text, word, 0)
        while start >= 0:
            end = start + len(word)
            # ご本人, お書面: an honorific before it makes the word a phrase's.
            honorific = start > 0 and text[start - 1] in "ごお"
            if not any(taken[start:end]) and not honorific:
                taken[start:end] = [True] * len(word)
                # A choice ends where its word does: 代理人住所 is a label, 本人の a phrase.
                # One character between two options is the next one's box, whatever
                # tesseract read it as (防, 罰) — and so is one standing on a box.
                # (The next option may follow with nothing between: 開示訂正削除, its
                # end misread or not, 削際. Any other letter makes a phrase: 本人の住所.)
                # (A loop's end beside the word it rounds reads as letters of its own:
                # 開示ココ. The word a ring holds is that ring's option.)
                if end == len(text) or text[end] in BOX_GLYPHS + TICK_GLYPHS + _AFTER_OPTION \
                        or on_a_box(end) or text[end] in _OPTION_STARTS \
                        or text.startswith(OPTION_WORDS, end + 1) \
                        or any(_find(text, w, end + 1) == end + 1 for w in OPTION_WORDS
                               if len(w) >= 4) \
                        or any(r.holds(words[owner[start]]) for r in row_rings):
                    found.append((word, start))
            start = _find(text, word, end)
    found.sort(key=lambda f: f[1])
    if not found:
        return []
    boxes = sorted(row_boxes, key=lambda m: m.left)
    rings = [m for m in in_row if m.kind == "ring"]
    first_x = words[owner[found[0][1]]].box[0]
    # The label column of a form (請求者, 請求の内容) stands left of every option.
    boxes = [b for b in boxes if b.right > first_x - 2 * h]

    def glyph(start: int) -> tuple[int, ...]:
        # The box's glyph: a known misreading of one, or whatever single character
        # stands between this option and the one before it.
        k = start - 1
        if k < 0 or taken[k]:
            return ()
        between = k > 0 and any(start_ + len(w) == k for w, start_ in found)
        first = k == 0 and bool(boxes)  # a row of one boxed option: its box opens the row
        return (k,) if text[k] in BOX_GLYPHS or between or first or on_a_box(k) else ()

    if rings:
        out = []
        for word, start in found:
            ws = {owner[k] for k in range(start, start + len(word))}
            # Held by the ring: across and up and down (a ring round the row above
            # reaches into this one's band, not round its words).
            ringed = any(r.holds(words[i]) for r in rings for i in ws)
            out.append(Option(word, start, MARKED if ringed else UNMARKED, glyph(start),
                              ringed=ringed))
        return out
    if not boxes:
        by_hand = _by_hand(words, owner, found, top, bottom, ink) if ink is not None else None
        if by_hand is not None:
            return [Option(word, start, verdict, glyph(start), ringed=verdict == MARKED)
                    for (word, start), verdict in zip(found, by_hand, strict=True)]
        return [Option(word, start, None) for word, start in found]
    if len(boxes) == len(found):
        verdicts = [_verdict(b.fill) for b in boxes]
        if ink is not None and all(v == UNMARKED for v in verdicts) and \
                _strokes_round(ink, words, row, top, bottom):
            # Every box empty, but a pen's stroke runs along the row over or under its
            # words: a loop round one of them that was not found whole (run into
            # another, or cut where it ran along a rule). What it marked is not known.
            verdicts = [UNSURE] * len(verdicts)
        return [Option(word, start, v, glyph(start))
                for (word, start), v in zip(found, verdicts, strict=True)]
    paired = _paired(words, owner, found, boxes, h)
    # A box left over stands before an option that was not read (削除 read 削際): it
    # says nothing of the others when it is empty, and leaves the choice unknown when
    # it is not. An option that no box stands before is unknown.
    spare = [b for b in boxes if b not in paired.values()]
    if any(_verdict(b.fill) != UNMARKED for b in spare) or (
            ink is not None and all(_verdict(b.fill) == UNMARKED for b in boxes)
            and _strokes_round(ink, words, row, top, bottom)):
        paired = {}  # (every box empty and strokes round the row: as above)
    return [Option(word, start, _verdict(paired[start].fill) if start in paired else UNSURE,
                   glyph(start)) for word, start in found]


def _strokes_round(ink: np.ndarray, words: Sequence, row: list[int], top: int,
                   bottom: int) -> bool:
    """Does a pen's stroke run along the row just above or just below its words (ink in
    a band a character's half high over or under the text, a character and a half long
    or more)? A row of print has only its words there; the table's rules are gone."""
    h = bottom - top
    left = min(words[i].box[0] for i in row)
    right = max(words[i].box[0] + words[i].box[2] for i in row)
    above = ink[max(0, top - int(0.7 * h)):max(0, top - int(0.15 * h)), left:right]
    below = ink[bottom + int(0.15 * h):bottom + int(0.7 * h), left:right]
    return any(band.size and _longest_run(band.any(axis=0)) >= 1.5 * h
               for band in (above, below))


def _paired(words: Sequence, owner: list[int], found: list[tuple[str, int]],
            boxes: list[Mark], h: int) -> dict[int, Mark]:
    """The box standing just before each option, by where they are: its right edge
    within two characters left of the option's first letter, and no nearer to another
    option. (Options are keyed by where they start in the row's text.)"""
    out: dict[int, Mark] = {}
    for _word, start in found:
        w = words[owner[start]]
        first = owner.index(owner[start])  # where the option's word starts in the row
        x = letter_span(w, start - first)[0]
        near = [b for b in boxes if -0.5 * h <= x - b.right <= 2 * h and b.left < x]
        if near:
            out[start] = max(near, key=lambda b: b.right)
    counts = Counter(id(b) for b in out.values())
    return {k: b for k, b in out.items() if counts[id(b)] == 1}


def _a_list(words: Sequence, owner: list[int], found: list[tuple[str, int]]) -> bool:
    """Do the options stand as a list — nothing but a mark or a separator between them
    and after the last — rather than in a sentence (下記の本人の法定代理人として)?"""
    text = "".join(words[i].text for i in dict.fromkeys(owner))
    ends = [start + len(word) for word, start in found]
    between = [text[end:start] for end, (_w, start) in zip(ends, found[1:], strict=False)]
    between.append(text[ends[-1]:])
    return all(len(re.sub(r"[\s・、,，/／()（）]", "", gap)) <= 2 for gap in between)


def _by_hand(words: Sequence, owner: list[int], found: list[tuple[str, int]], top: int,
             bottom: int, ink: np.ndarray) -> list[str] | None:
    """Options printed without boxes and marked by hand: a tick in the space before the
    word, or a line drawn under it. Verdicts when some but not all of the row's options
    carry such a mark, every one ？ when all are underlined; else (none marked, nothing
    to tell) None."""
    if len(found) < 2 or not _a_list(words, owner, found):
        return None
    h = max(1, bottom - top)

    def x_of(k: int, end: bool = False) -> int:
        w = words[owner[k]]
        first = owner.index(owner[k])
        step = w.box[2] / max(1, len(w.text))
        return int(w.box[0] + step * (k - first + (1 if end else 0)))

    text = "".join(words[i].text for i in dict.fromkeys(owner))
    ticked, underlined = [], []
    for n, (word, start) in enumerate(found):
        x0, x1 = x_of(start), x_of(start + len(word) - 1, end=True)
        underlined.append(_underlined(ink[:, x0:x1], top, bottom))
        # What tesseract read in the space before the word, when it is a separator or
        # a label's colon (開示・訂正, 請求の内容：開示): that ink is the printed mark,
        # not a tick — choices written out in words after their label, not marked.
        gap = text[found[n - 1][1] + len(found[n - 1][0]):start] if n else text[start - 1:start]
        if gap.strip() and not gap.strip(_SEPARATORS + " 　"):
            ticked.append(False)
            continue
        # The space before the word, from where the option before it ends (what
        # tesseract read in between was the mark), or short of the label before the first.
        left = x0 - int(1.1 * h)
        if n:
            before, at = found[n - 1]
            left = max(left, x_of(at + len(before) - 1, end=True) + 2)
        elif start > 0 and owner[start - 1] != owner[start]:
            prev = words[owner[start - 1]]
            # A word of its own before the option is the label's end (請求者 of
            # 請求者本人), unless it could be what tesseract made of the tick: a kanji
            # standing alone is text.
            text_before = len(prev.text) >= 2 or "\u4e00" <= prev.text[-1:] <= "\u9fff"
            if text_before and not set(prev.text) & set(BOX_GLYPHS + TICK_GLYPHS):
                left = max(left, prev.box[0] + prev.box[2] + 2)
        lo, hi = max(0, left), max(0, x0 - 2)
        slot = ink[max(0, top - h // 5):bottom + h // 5, lo:hi]
        # A table's column rule standing in the space (it runs on above and below the
        # row, as no tick does) is no mark.
        ruled = ink[max(0, top - h):bottom + h, lo:hi].mean(axis=0) >= 0.9
        if ruled.any():
            slot = slot[:, np.convolve(ruled, np.ones(7), "same") == 0]
        ticked.append(bool(slot.size) and slot.sum() >= 0.03 * slot.size
                      and slot.any(axis=0).mean() >= 0.3)
    for marked in (ticked, underlined):
        if 0 < sum(marked) < len(marked):
            return [MARKED if m else UNMARKED for m in marked]
    if all(underlined):
        # A line under every one: a form's printed rule, or each of them chosen (a row
        # of a list whose other rows show which are not) — the row cannot tell which.
        # (Left as prose, a page whose other rows were marked took them for unchosen.)
        return [UNSURE] * len(found)
    return None


def _underlined(ink: np.ndarray, top: int, bottom: int) -> bool:
    """Is a line drawn under the option whose columns these are? Looked for below its
    own letters — from the first blank row under the row's middle, not from the row's
    bottom: on a page turned a little an option at the row's end sits lower than the row,
    and its own bottom strokes were taken for a line."""
    h = max(1, bottom - top)
    cover = ink.mean(axis=1) if ink.shape[1] else np.zeros(ink.shape[0])
    start = (top + bottom) // 2
    gap = next((y for y in range(max(start, bottom - h // 3), min(len(cover), bottom + h))
                if cover[y] <= 0.02), None)
    if gap is None:
        return False  # a line touching the letters cannot be told from their strokes
    # A line that a fax or a heavy pen ran into the letters' feet ends just above the
    # gap, as one unbroken run of ink across nearly all of the option: the feet of its
    # letters (正's last stroke, 訂's 口) are as wide together, but broken between them.
    feet = ink[max(0, gap - h // 4):gap].any(axis=0)
    if feet.size and _longest_run(feet) >= 0.85 * feet.size:
        return True
    under = ink[gap:min(ink.shape[0], gap + int(0.7 * h))]
    return bool(under.size) and under.any(axis=0).mean() >= 0.6


def _choice(word: str) -> str:
    """Which of a form's choices an option belongs to: who asks, how, or what."""
    if word in ("本人", "代理人", "法定代理人", "任意代理人"):
        return "role"
    return "method" if word in ("書面", "電磁的記録") else "types"


def _middle_y(words: Sequence, row: list[int]) -> float:
    middles = sorted(words[i].box[1] + words[i].box[3] / 2 for i in row)
    return middles[len(middles) // 2]


def _owner(words: Sequence, row: list[int]) -> list[int]:
    """For each character of a row's text, the index of the word it is in."""
    return [i for i in row for _ in words[i].text]


def _owners(words: Sequence, row: list[int], option: Option) -> set[int]:
    """The indexes of the words that hold an option's characters."""
    owner = _owner(words, row)
    return {owner[k] for k in range(option.start, option.start + len(option.word))}


def _longest_run(flags: np.ndarray) -> int:
    padded = np.concatenate(([0], flags.astype(np.int8), [0]))
    edges = np.flatnonzero(np.diff(padded))
    return int((edges[1::2] - edges[0::2]).max(initial=0))


def _completed(words: Sequence, rows: list[list[int]]) -> list:
    """The words with an option of six letters or more that ends its row read without
    its last letter (第三者提供の停 for 第三者提供の停止: the 止 lost where a loop's end
    runs over it) given that letter: no other word of a form's options starts so."""
    out = list(words)
    for row in rows:
        if not row:
            continue
        text = "".join(words[i].text for i in row)
        for word in OPTION_WORDS:
            if len(word) >= 6 and text.endswith(word[:-1]) and not text.endswith(word):
                last = row[-1]
                out[last] = replace(words[last], text=words[last].text + word[-1])
                break
    return out


def _rows_marks(words: Sequence, rows: list[list[int]], marks: list[Mark],
                h: int) -> list[list[Mark]]:
    """The marks each row of options may pair with: those standing nearer its middle
    than any other such row's (within a third of a character, so rows side by side share
    them). tesseract gives a word at times the height of two lines; a row's band then
    reaches the boxes of the row below, and paired with its options they left every mark
    of the row unknown. Rows with no option word take part in nothing."""
    middles = [_middle_y(words, row) if row and any(
        _find("".join(words[i].text for i in row), w, 0) >= 0 for w in OPTION_WORDS)
        else None for row in rows]
    out: list[list[Mark]] = [[] for _ in rows]
    for m in marks:
        dist = [abs(m.middle[1] - y) if y is not None else float("inf") for y in middles]
        near = min(dist, default=float("inf"))
        for k, d in enumerate(dist):
            if d <= near + h / 3:
                out[k].append(m)
    return out


def rewrite(gray: np.ndarray, words: Sequence, rows: list[list[int]]) -> list:
    """The words with each option's mark written as ■, □ or ？ before it, in place of
    the glyph tesseract read for the box. A row whose options have neither a box nor a
    ring is prose, and is left as it is."""
    words = _completed(words, rows)
    out = list(words)
    heights = sorted(w.box[3] for w in words if w.text)
    if not heights:
        return out
    h = heights[len(heights) // 2]
    marks = find_marks(gray, h)
    ink = gray < 140
    found = [(row, find_options(words, row, own, ink))
             for row, own in zip(rows, _rows_marks(words, rows, marks, h), strict=True)]
    # A page whose choices are marked by circling one (or ticking or underlining it,
    # without boxes): its other options, one to a row in a list or on a row with none
    # chosen, carry no mark, so are not chosen.
    circled = any(o.ringed for _row, options in found for o in options)
    # A ring round no option that was read (its words lost, or misread past knowing:
    # 三者提供の停止): what it marked is not known, so which options are chosen cannot be
    # told — the others' verdicts would give a part of the choice as if it were all.
    # Only that choice: the list of options nearest the ring (the request types, say),
    # not the page's other lists (the requester's kind).
    in_options = {i for row, options in found for o in options if o.verdict
                  for i in _owners(words, row, o)}
    lost: set[str] = set()
    for m in marks:
        if m.kind != "ring" or any(m.holds(words[i]) for i in in_options):
            continue
        listed = [(abs(m.middle[1] - _middle_y(words, row)), options)
                  for row, options in found if any(o.verdict for o in options)]
        if listed:
            lost |= {_choice(o.word) for o in min(listed, key=lambda d: d[0])[1]}
    for row, options in found:
        if circled:
            options = [replace(o, verdict=UNMARKED) if o.verdict is None else o for o in options]
        if lost:
            options = [replace(o, verdict=UNSURE) if o.verdict and _choice(o.word) in lost
                       else o for o in options]
        if not any(o.verdict is not None for o in options):
            continue
        owner = _owner(words, row)
        chars = "".join(words[i].text for i in row)
        drop = {k for o in options for k in o.box_chars}
        before = {o.start: o.verdict for o in options if o.verdict}
        # An option found with one character misread is written as the option it is.
        spelled = {o.start + n: c for o in options if o.verdict for n, c in enumerate(o.word)}
        texts: dict[int, list[str]] = {i: [] for i in row}
        for k, ch in enumerate(chars):
            if k in before:
                texts[owner[k]].append(before[k])
            if k not in drop:
                texts[owner[k]].append(spelled.get(k, ch))
        for i in row:
            out[i] = replace(words[i], text="".join(texts[i]))
    return out
