"""OCR speed and field accuracy on a generated corpus, beside raw tesseract in the same run.

Baseline: the `tesseract` command itself, one page after another, on the same
page images (jpn, --psm 4). Ours: the full reading (OSD, OCR, a second pass for
cards, normalisation, extraction) with 1 and 2 workers.
"""

from __future__ import annotations

import resource
import subprocess
import tempfile
import time
from pathlib import Path

from PIL import Image

from ocr.pages import RawPage
from ocr.reader import ReadSettings, documents_from_pages, read_pages
from tests.corpus.render import (
    HANAKO,
    TARO,
    LetterSpec,
    LicenceSpec,
    degrade,
    render_letter,
    render_licence_copy,
)


def corpus(n: int) -> list[tuple[Image.Image, str, dict[str, object]]]:
    """(page, kind, truth) — letters and licence copies, clean and degraded."""
    out: list[tuple[Image.Image, str, dict[str, object]]] = []
    people = [TARO, HANAKO]
    for i in range(n):
        person = people[i % 2]
        degraded = i % 4 >= 2
        if i % 2 == 0:
            spec = LetterSpec(person, face="mincho" if i % 3 else "gothic")
            page = render_letter(spec)
            truth: dict[str, object] = {"name": person.name_truth, "address": person.address,
                                        "birth_date": person.birth_date, "date": spec.date}
            kind = "request_letter"
        else:
            lic = LicenceSpec(person)
            page = render_licence_copy(lic)
            truth = {"name": person.name_truth, "address": person.address,
                     "birth_date": person.birth_date, "expiry_date": lic.expiry_date,
                     "issue_date": lic.issue_date}
            kind = "drivers_license"
        if degraded:
            page = degrade(page, seed=i)
        out.append((page, kind + (" degraded" if degraded else ""), truth))
    return out


def raw_tesseract(paths: list[Path]) -> float:
    start = time.perf_counter()
    for p in paths:
        subprocess.run(["tesseract", str(p), "-", "-l", "jpn", "--psm", "4"],
                       capture_output=True, check=True, env={"OMP_THREAD_LIMIT": "1"})
    return time.perf_counter() - start


def ours(pages: list[Image.Image], workers: int) -> tuple[float, list]:
    raw = [RawPage(number=i + 1, image=img) for i, img in enumerate(pages)]
    start = time.perf_counter()
    read = read_pages(raw, ReadSettings(workers=workers))
    return time.perf_counter() - start, read


def run(n: int) -> None:
    items = corpus(n)
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, (img, _kind, _truth) in enumerate(items):
            path = Path(tmp) / f"page{i:03d}.png"
            img.convert("L").save(path)
            paths.append(path)
        base = raw_tesseract(paths)
    t1, read = ours([i[0] for i in items], 1)
    t2, _ = ours([i[0] for i in items], 2)
    per_kind: dict[str, list[int]] = {}
    for page, (_img, kind, truth) in zip(read, items, strict=True):
        (doc,) = documents_from_pages([page]) or [None]
        for field, want in truth.items():
            got = doc.fields.get(field) if doc else None
            ok, total = per_kind.setdefault(kind, [0, 0])
            per_kind[kind] = [ok + (got == want), total + 1]
    print(f"pages: {n}")
    print(f"raw tesseract, serial      : {base / n:6.2f} s/page")
    print(f"appi-intake, 1 worker      : {t1 / n:6.2f} s/page  ratio to raw {t1 / base:5.2f}x")
    print(f"appi-intake, 2 workers     : {t2 / n:6.2f} s/page  throughput vs raw serial "
          f"{base / t2:5.2f}x")
    for kind, (ok, total) in sorted(per_kind.items()):
        print(f"field accuracy {kind:<26}: {ok}/{total} = {ok / total:6.1%}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS (this process)    : {peak:6.0f} MB")
