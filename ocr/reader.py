"""Reading: raw pages → text pages (OCR where needed) → classified documents."""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace

from PIL import Image, ImageOps

from ocr import tesseract
from ocr.classify import classify
from ocr.fields import extract
from ocr.model import Document, Page
from ocr.pages import PageLimits, RawPage, load_pages
from ocr.redact import redact_text
from ocr.seal import seal_present
from ocr.text import normalize

PROSE_KINDS = ("request_letter", "power_of_attorney")


@dataclass(frozen=True)
class ReadSettings:
    ocr: tesseract.OcrSettings = field(default_factory=tesseract.OcrSettings)
    limits: PageLimits = field(default_factory=PageLimits)
    workers: int = 0  # 0 = one per core


def _workers(settings: ReadSettings) -> int:
    return settings.workers or os.cpu_count() or 1


def read_raw_page(raw: RawPage, settings: ReadSettings) -> Page:
    if raw.image is None:
        text, masked = redact_text(normalize(raw.text or ""))
        return Page(number=raw.number, text=text, method="text_layer", masked=masked)
    image = raw.image
    rotation = tesseract.osd_rotation(image.convert("L"), settings.ocr.timeout) \
        if settings.ocr.osd else 0
    if rotation:
        # OSD says how far the text is turned clockwise; PIL rotates anticlockwise.
        image = image.rotate(-rotation, expand=True)
    gray = ImageOps.grayscale(image)
    result = tesseract.recognize(gray, settings.ocr)
    if classify(normalize(result.text)) not in PROSE_KINDS:
        # Cards print text on coloured bands that Otsu wipes out; Sauvola keeps it
        # (but reads plain letters worse), so cards get a second reading.
        banded = tesseract.recognize(gray, replace(settings.ocr, thresholding=2))
        if banded.score > result.score:
            result = banded
    text, masked = redact_text(normalize(result.text))
    return Page(number=raw.number, text=text, confidence=result.confidence,
                rotation=rotation, method="ocr", image=image,
                seal=seal_present(image), masked=masked)


def read_pages(raw_pages: list[RawPage], settings: ReadSettings) -> list[Page]:
    if len(raw_pages) <= 1 or _workers(settings) == 1:
        return [read_raw_page(p, settings) for p in raw_pages]
    with ThreadPoolExecutor(max_workers=_workers(settings)) as pool:
        return list(pool.map(lambda p: read_raw_page(p, settings), raw_pages))


def read_scan(data: bytes, settings: ReadSettings) -> list[Page]:
    return read_pages(load_pages(data, settings.limits), settings)


def read_image(image: Image.Image, settings: ReadSettings, number: int = 1) -> Page:
    return read_raw_page(RawPage(number=number, image=image), settings)


def documents_from_pages(pages: Iterable[Page], first_kind: str | None = None) -> list[Document]:
    """Group pages into documents: a page that names no kind continues the one before."""
    docs: list[Document] = []
    multi_page = ("request_letter", "power_of_attorney", "resident_record", "family_register",
                  "seal_certificate")
    for page in pages:
        kind = classify(page.text)
        if kind == "other" and first_kind and not docs:
            kind = first_kind
        previous = docs[-1] if docs else None
        if previous and (kind == "other" or (kind == previous.kind and kind in multi_page)):
            previous.pages.append(page.number)
            previous.text += "\n" + page.text
            continue
        docs.append(Document(kind=kind, pages=[page.number], fields={}, text=page.text))
    seals = {p.number: p.seal for p in pages}
    for doc in docs:
        seen = [seals.get(n) for n in doc.pages]
        seal = True if any(s is True for s in seen) else (False if False in seen else None)
        doc.fields = extract(doc.kind, doc.text, seal)
    return docs
