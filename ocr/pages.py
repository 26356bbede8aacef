"""Pages from the bytes of a scan: PDFs (text layer or rendered) and images."""

from __future__ import annotations

import io
import threading
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

import pdfplumber
import pypdfium2
from PIL import Image, ImageOps, ImageSequence

from ocr.model import ReadError

# Pillow refuses images over this many pixels (an A3 page at 600 dpi is ~70 Mpx);
# anything larger is a decompression bomb, not a scan.
MAX_PIXELS = 90_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

PDF_MAGIC = b"%PDF-"
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".gif")


@dataclass(frozen=True)
class PageLimits:
    max_pages: int = 50
    dpi: int = 300
    min_text_chars: int = 20  # fewer characters than this in a text layer = scanned page


@dataclass
class RawPage:
    """One page before reading: text from a PDF text layer, or an image — in memory, or
    rendered when asked for (`render`): a 300-dpi A4 page is 26 MB in RGB, and a
    50-page envelope must not hold them all at once."""

    number: int
    text: str | None = None
    image: Image.Image | None = None
    render: Callable[[], Image.Image] | None = field(default=None, repr=False)

    @property
    def scanned(self) -> bool:
        return self.image is not None or self.render is not None

    def picture(self) -> Image.Image:
        if self.image is not None:
            return self.image
        if self.render is None:
            raise ValueError(f"page {self.number} has no image")
        return self.render()


def sniff(data: bytes) -> str:
    """The kind of file by content, never by name: pdf | image | eml | unknown."""
    head = data[:16]
    if head.startswith(PDF_MAGIC) or data[:1024].find(PDF_MAGIC) >= 0:
        return "pdf"
    if head.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"II*\x00", b"MM\x00*",
                        b"GIF8", b"BM")):
        return "image"
    return "unknown"


def sensible_text(text: str, min_chars: int) -> bool:
    """A text layer worth believing: enough characters, and not the (cid:123) soup or
    replacement characters of a PDF whose fonts have no Unicode map."""
    flat = "".join(text.split())
    if len(flat) < min_chars or "(cid:" in flat:
        return False
    bad = sum(1 for c in flat if c == "\ufffd" or (ord(c) < 32))
    return bad / len(flat) < 0.05


def load_pages(data: bytes, limits: PageLimits) -> list[RawPage]:
    kind = sniff(data)
    if kind == "pdf":
        return _pdf_pages(data, limits)
    if kind == "image":
        return _image_pages(data, limits)
    raise ReadError("unsupported_file", "PDFでも画像でもないファイルです")


def _pdf_pages(data: bytes, limits: PageLimits) -> list[RawPage]:
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:
        name = type(exc).__name__
        # pdfplumber wraps pdfminer's PDFPasswordIncorrect in a PdfminerException.
        described = f"{name} {exc!r}".lower()
        if "password" in described or "encrypt" in described:
            raise ReadError("pdf_encrypted",
                            "PDFにパスワードが掛かっているため開けません") from exc
        raise ReadError("pdf_corrupt", f"PDFが壊れているため開けません ({name})") from exc
    with pdf:
        try:
            count = len(pdf.pages)
        except Exception as exc:
            raise ReadError("pdf_corrupt", "PDFのページ構造が壊れています") from exc
        if count == 0:
            raise ReadError("pdf_empty", "PDFにページがありません")
        if count > limits.max_pages:
            raise ReadError("too_many_pages",
                            f"ページ数が上限を超えています ({count} > {limits.max_pages})")
        pages: list[RawPage] = []
        for i, page in enumerate(pdf.pages, start=1):
            try:
                text = page.extract_text() or ""
            except Exception:
                text = ""
            if sensible_text(text, limits.min_text_chars):
                pages.append(RawPage(number=i, text=text))
                continue
            pixels = float(page.width) * float(page.height) * (limits.dpi / 72) ** 2
            if pixels > MAX_PIXELS:
                raise ReadError("decompression_bomb",
                                f"PDFの{i}ページ目が異常に大きいため処理しません")
            pages.append(RawPage(number=i, render=_PdfPage(data, i, limits.dpi)))
        return pages


# PDFium is not thread-safe, and reading threads render pages as they go.
_PDFIUM = threading.Lock()


@dataclass(frozen=True)
class _PdfPage:
    """Renders one page of a PDF when called (pypdfium2, white paper, RGB)."""

    data: bytes = field(repr=False)
    number: int
    dpi: int

    def __call__(self) -> Image.Image:
        try:
            with _PDFIUM:
                pdf = pypdfium2.PdfDocument(self.data)
                try:
                    # No smoothing, as scanners deliver: smoothing a scan softens the
                    # strokes OCR reads (二丁目 came out as 十目 in the corpus).
                    image = pdf[self.number - 1].render(
                        scale=self.dpi / 72, no_smoothtext=True, no_smoothpath=True,
                        no_smoothimage=True, prefer_bgrx=True).to_pil()
                finally:
                    pdf.close()
        except Exception as exc:
            raise ReadError("pdf_corrupt",
                            f"PDFの{self.number}ページ目を画像にできません") from exc
        return image.convert("RGB")


def _image_pages(data: bytes, limits: PageLimits) -> list[RawPage]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            count = 0
            first: Image.Image | None = None
            for frame in ImageSequence.Iterator(image):
                if count >= limits.max_pages:
                    raise ReadError("too_many_pages",
                                    f"ページ数が上限({limits.max_pages})を超えています")
                # Every frame is decoded now, so a broken one is refused before reading
                # starts; the frames of a multi-page scan are decoded again when read.
                decoded = _to_rgb(frame)
                if first is None:
                    first = decoded
                count += 1
    except ReadError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ReadError("decompression_bomb",
                        "画像の画素数が異常に大きいため処理しません（圧縮爆弾の疑い）") from exc
    except Exception as exc:
        raise ReadError("image_corrupt",
                        f"画像が壊れているため読めません ({type(exc).__name__})") from exc
    if count == 1:
        return [RawPage(number=1, image=first)]
    return [RawPage(number=i, render=_Frame(data, i - 1)) for i in range(1, count + 1)]


@dataclass(frozen=True)
class _Frame:
    """Decodes one frame of a multi-page image (TIFF) when called."""

    data: bytes = field(repr=False)
    index: int

    def __call__(self) -> Image.Image:
        with Image.open(io.BytesIO(self.data)) as image:
            image.seek(self.index)
            return _to_rgb(image)


def _to_rgb(frame: Image.Image) -> Image.Image:
    frame = ImageOps.exif_transpose(frame)
    if frame.mode in ("I;16", "I;16B", "I;16L", "I"):
        frame = frame.point(lambda v: v / 256).convert("L")
    if frame.mode == "CMYK":
        return frame.convert("RGB")
    return frame.convert("RGB")
