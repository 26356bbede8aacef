"""OCR speed and field accuracy on the generated corpus, beside raw tesseract in the same run.

Baseline: the `tesseract` command itself (Japanese model, --psm 4, one thread),
one page after another, on the same page images. Ours: the whole reading —
blank check, seal and colour analysis, OCR with its extra passes where a page
needs them, normalisation, redaction, classification, extraction — with 1 and 2
workers. Accuracy: every ground-truth field of every page, by condition and kind.

Two more raw figures say where our time goes: the same command two at a time, and
one tesseract process given the list of all pages (what loading the model once per
helping of pages saves). Ours also cuts each page to its ink before OCR.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from reportlab.pdfgen import canvas

from ocr.classify import ID_KINDS
from ocr.pages import PageLimits, RawPage, load_pages
from ocr.reader import ReadSettings, read_pages
from tests.corpus.catalog import Case, clean_cases, degraded_cases, hand_cases
from tests.corpus.score import accuracy, score


def raw_tesseract(paths: list[Path]) -> float:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    start = time.perf_counter()
    for p in paths:
        subprocess.run(["tesseract", str(p), "-", "-l", "Japanese", "--psm", "4"],
                       capture_output=True, check=True, env=env)
    return time.perf_counter() - start


def raw_tesseract_parallel(paths: list[Path], processes: int) -> float:
    """The same raw command, `processes` at a time: the ceiling for any 2-worker reader."""
    from concurrent.futures import ThreadPoolExecutor
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def one(p: Path) -> None:
        subprocess.run(["tesseract", str(p), "-", "-l", "Japanese", "--psm", "4"],
                       capture_output=True, check=True, env=env)

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=processes) as pool:
        list(pool.map(one, paths))
    return time.perf_counter() - start


def raw_tesseract_listed(paths: list[Path]) -> float:
    """One tesseract process for all the pages: the model is loaded once."""
    listing = paths[0].with_name("pages.txt")
    listing.write_text("".join(f"{p}\n" for p in paths))
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    start = time.perf_counter()
    subprocess.run(["tesseract", str(listing), "-", "-l", "Japanese", "--psm", "4"],
                   capture_output=True, check=True, env=env)
    return time.perf_counter() - start


def timed_read(cases: list[Case], workers: int) -> float:
    raws = [RawPage(number=i + 1, image=c.render().image) for i, c in enumerate(cases)]
    start = time.perf_counter()
    read_pages(raws, ReadSettings(workers=workers))
    return time.perf_counter() - start


_HOLD_ALL = """
import sys, pypdfium2
pdf = pypdfium2.PdfDocument(sys.argv[1])
pages = [pdf[i].render(scale=300 / 72).to_pil().convert("RGB") for i in range(len(pdf))]
print(open("/proc/self/status").read().split("VmHWM:")[1].split()[0])
"""
_READ = """
import sys
from pathlib import Path
from ocr.pages import PageLimits, load_pages
from ocr.reader import ReadSettings, documents_from_pages, read_pages
pages = read_pages(load_pages(Path(sys.argv[1]).read_bytes(), PageLimits()), ReadSettings())
documents_from_pages(pages)
print(open("/proc/self/status").read().split("VmHWM:")[1].split()[0])
"""


def peak_rss_mb(code: str, pdf: Path) -> float:
    """Peak RSS (VmHWM: ru_maxrss would count the parent's pages a fork inherited) of a
    fresh Python process running `code` on the PDF."""
    out = subprocess.run([sys.executable, "-c", code, str(pdf)], capture_output=True,
                         text=True, check=True, cwd=Path(__file__).parent.parent)
    return int(out.stdout.split()[-1]) / 1024


def memory(cases: list[Case], tmp: Path) -> None:
    """A scanned envelope of 24 pages: the reading against merely holding its pages."""
    images = [c.render().image for c in cases]
    pdf = tmp / "envelope.pdf"
    images[0].save(pdf, "PDF", resolution=300, save_all=True, append_images=images[1:])
    hold, read = peak_rss_mb(_HOLD_ALL, pdf), peak_rss_mb(_READ, pdf)
    print(f"{len(images)}-page scanned PDF, peak RSS: all pages rendered and held "
          f"{hold:.0f} MB; appi-intake reading it {read:.0f} MB ({read / hold:.2f}x)")


def text_layer_pdf() -> bytes:
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf)
    for i in range(3):
        pdf.drawString(72, 720, f"Request for disclosure of personal data, page {i + 1}")
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


def run(limit: int) -> None:
    clean, degraded, hand = clean_cases(), degraded_cases(), hand_cases()
    timing = (clean + degraded)[:limit] if limit else clean + degraded
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, c in enumerate(timing):
            path = Path(tmp) / f"page{i:03d}.png"
            c.render().image.convert("L").save(path)
            paths.append(path)
        # The baseline runs before and after ours; their mean evens out machine drift.
        before = raw_tesseract(paths)
        one = timed_read(timing, 1)
        two = timed_read(timing, 2)
        after = raw_tesseract(paths)
        parallel = raw_tesseract_parallel(paths, 2)
        listed = raw_tesseract_listed(paths)
    base = (before + after) / 2
    n = len(timing)
    print(f"pages timed: {n}")
    print(f"raw tesseract, serial        : {base / n:6.2f} s/page "
          f"(before {before / n:.2f}, after {after / n:.2f})")
    print(f"appi-intake, 1 worker        : {one / n:6.2f} s/page   {one / base - 1:+6.1%} vs raw"
          "   (goal <= +15%)")
    print(f"appi-intake, 2 workers       : {two / n:6.2f} s/page   throughput "
          f"{base / two:4.2f}x raw serial (goal >= 1.8x)")
    print(f"raw tesseract, 2 at a time   : {parallel / n:6.2f} s/page   throughput "
          f"{base / parallel:4.2f}x raw serial")
    print(f"raw tesseract, one process   : {listed / n:6.2f} s/page   "
          f"{listed / base - 1:+6.1%} vs raw (the model loaded once for all pages)")

    results = {"clean": score(clean), "degraded": score(degraded), "hand-filled": score(hand)}
    print()
    for name, res in results.items():
        print(f"field accuracy, {name:<12} : {accuracy(res):6.1%}  "
              f"({sum(len(r.right) for r in res)}/{sum(r.total for r in res)} fields, "
              f"{len(res)} pages)")
    everything = [r for res in results.values() for r in res]
    cards = [r for r in results["clean"] + results["degraded"] if r.want_kind in ID_KINDS
             or r.want_kind == "passport"]
    print(f"field accuracy, ID documents : {accuracy(cards):6.1%}   (goal >= 95%)")
    by_kind: dict[str, list] = defaultdict(list)
    for r in everything:
        by_kind[r.want_kind].append(r)
    print("\nby document kind (all conditions):")
    for kind, res in sorted(by_kind.items(), key=lambda kv: accuracy(kv[1])):
        wrong = sorted({f for r in res for f in r.wrong})
        print(f"  {kind:<22} {accuracy(res):6.1%}  classified {sum(r.kind == kind for r in res)}"
              f"/{len(res)}  misread: {', '.join(wrong) or '-'}")
    leaked = [(r.case.label, r.leaks) for r in everything if r.leaks]
    print(f"\nsensitive numbers in any output: {len(leaked)} {leaked or ''}")
    with_codes = [r for r in everything if r.codes]
    print(f"2D codes left visible in kept page images: "
          f"{sum(r.codes_left for r in with_codes)} of {sum(r.codes for r in with_codes)} "
          f"({len(with_codes)} card pages)")
    pdf_pages = read_pages(load_pages(text_layer_pdf(), PageLimits()), ReadSettings())
    print(f"text-layer PDF: {len(pdf_pages)} pages, read by "
          f"{sorted({p.method for p in pdf_pages})} (no OCR)")
    with tempfile.TemporaryDirectory() as tmp:
        memory((clean + degraded)[:24], Path(tmp))
