"""Reading a corpus and scoring it against its truth: per field, per kind, and leaks."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from ocr.model import Page
from ocr.pages import RawPage
from ocr.reader import ReadSettings, documents_from_pages, read_pages
from tests.corpus.catalog import Case


@dataclass
class CaseResult:
    case: Case
    kind: str
    want_kind: str
    right: list[str] = field(default_factory=list)
    wrong: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    leaks: list[str] = field(default_factory=list)
    page: Page | None = None

    @property
    def total(self) -> int:
        return len(self.right) + len(self.wrong)


def leaks(sensitive: list[str], page: Page, fields: dict[str, Any]) -> list[str]:
    """Sensitive digits found anywhere that is kept: page text, document fields."""
    kept = re.sub(r"[\s\-]", "", page.text + json.dumps(fields, ensure_ascii=False))
    return [s for s in sensitive if s and s in kept]


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
                         leaks=leaks(r.sensitive, page, fields))
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
