"""Reading a corpus and scoring it against its truth: per field, per kind, and leaks."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ocr.model import Page
from ocr.pages import RawPage
from ocr.reader import ReadSettings, documents_from_pages, kept_image, read_pages
from tests.corpus.catalog import Case
from tests.corpus.documents import A4


@dataclass
class CaseResult:
    case: Case
    kind: str
    want_kind: str
    right: list[str] = field(default_factory=list)
    wrong: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    leaks: list[str] = field(default_factory=list)
    page: Page | None = None
    codes: int = 0  # 2D codes on the page
    codes_left: int = 0  # of those, still visible in the image as kept

    @property
    def total(self) -> int:
        return len(self.right) + len(self.wrong)


def leaks(sensitive: list[str], page: Page, fields: dict[str, Any]) -> list[str]:
    """Sensitive digits found anywhere that is kept: page text, document fields."""
    kept = re.sub(r"[\s\-]", "", page.text + json.dumps(fields, ensure_ascii=False))
    return [s for s in sensitive if s and s in kept]


def codes_left(codes: list[tuple[int, int, int, int]], page: Page, width: int) -> int:
    """How many of the page's 2D codes (boxes as rendered, `width` px wide) are not
    blacked out in the image as kept. The kept image is upright, so a page scanned upside
    down has its codes where they were drawn; a smaller scan has them scaled."""
    kept = kept_image(page)
    if kept is None:
        return len(codes)
    gray = np.asarray(kept.convert("L"))
    f = kept.width / width
    left = 0
    for x0, y0, x1, y1 in codes:
        patch = gray[int(y0 * f):int(y1 * f), int(x0 * f):int(x1 * f)]
        left += int((patch < 60).mean() < 0.9)
    return left


def score(cases: list[Case], settings: ReadSettings | None = None) -> list[CaseResult]:
    rendered = [c.render() for c in cases]
    raws = [RawPage(number=i + 1, image=r.image) for i, r in enumerate(rendered)]
    pages = read_pages(raws, settings or ReadSettings())
    results = []
    for case, r, page in zip(cases, rendered, pages, strict=True):
        docs = documents_from_pages([page])
        doc = docs[0] if docs else None
        fields = doc.fields if doc else {}
        res = CaseResult(case, doc.kind if doc else "none", r.kind, page=page,
                         leaks=leaks(r.sensitive, page, fields), codes=len(r.codes),
                         codes_left=codes_left(r.codes, page, A4[0]) if r.codes else 0)
        for name, want in r.truth.items():
            got = fields.get(name)
            if got == want:
                res.right.append(name)
            else:
                res.wrong[name] = (got, want)
        results.append(res)
    return results


def accuracy(results: list[CaseResult]) -> float:
    total = sum(r.total for r in results)
    return sum(len(r.right) for r in results) / total if total else 1.0
