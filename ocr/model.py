"""What reading an envelope produces: pages, documents, and why reading failed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PIL import Image


class ReadError(Exception):
    """A document that cannot be read; `message` is for the desk, in plain words."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class Page:
    number: int
    text: str
    confidence: float = 1.0
    rotation: int = 0
    skew: float = 0.0  # degrees the scan was turned anticlockwise to level its lines
    method: str = "text"  # text | text_layer | ocr
    # The page image as scanned, rendered again when asked for (see RawPage).
    picture: Callable[[], Image.Image] | None = field(default=None, repr=False, compare=False)
    seals: int | None = None  # red 印影 seen on the page; None = cannot tell (grayscale)
    masked: bool = False  # a number or code that must not be kept was found and removed
    numbers_forbidden: bool = False  # a card none of whose numbers may be kept
    words: tuple[Any, ...] = field(default=(), repr=False, compare=False)  # tesseract.Word
    covered: tuple[tuple[int, int, int, int], ...] = ()  # 2D codes (left, top, w, h) to black out
    # The red seals' boxes (left, top, w, h) in the words' frame: is one by the name?
    seal_spots: tuple[tuple[int, int, int, int], ...] = field(default=(), repr=False)

    def to_json(self) -> dict[str, Any]:
        return {"page": self.number, "text": self.text,
                "confidence": round(self.confidence, 3), "rotation": self.rotation}


@dataclass
class Document:
    kind: str
    pages: list[int]
    fields: dict[str, Any]
    text: str = field(default="", repr=False)
    doubts: list[str] = field(default_factory=list)  # fields nulled for failing validation
    # Values read with low confidence, set aside (never output); those another document
    # confirms are kept and listed in `confirmed` (ocr.corroborate).
    unsure: dict[str, Any] = field(default_factory=dict, repr=False)
    confirmed: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "pages": self.pages, "fields": self.fields}
