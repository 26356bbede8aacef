"""Pages from the bytes of a scan: PDFs (text layer or rendered) and images."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

import pdfplumber
from PIL import Image, ImageOps, ImageSequence

from ocr.model import ReadError

# Pillow refuses images over this many pixels (an A3 page at 600 dpi is ~70 Mpx);
# anything larger is a decompression bomb, not a scan.
MAX_PIXELS = 90_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

PDF_MAGIC = b"%PDF-"
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".tif", ".tiff")


@dataclass(frozen=True)
class PageLimits:
    max_pages: int = 50
    dpi: int = 300
    min_text_chars: int = 20  # fewer characters than this in a text layer = scanned page


@dataclass
class RawPage:
    """One page before reading: either text from a PDF text layer or an image."""

    number: int
    text: str | None = None
    image: Image.Image | None = None


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
            try:
                image = page.to_image(resolution=limits.dpi).original
            except Exception as exc:
                raise ReadError("pdf_corrupt", f"PDFの{i}ページ目を画像にできません") from exc
            pages.append(RawPage(number=i, image=image.convert("RGB")))
        return pages


def _image_pages(data: bytes, limits: PageLimits) -> list[RawPage]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            frames: list[Image.Image] = []
            for frame in ImageSequence.Iterator(image):
                if len(frames) >= limits.max_pages:
                    raise ReadError("too_many_pages",
                                    f"ページ数が上限({limits.max_pages})を超えています")
                frames.append(_to_rgb(frame))
    except ReadError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ReadError("decompression_bomb",
                        "画像の画素数が異常に大きいため処理しません（圧縮爆弾の疑い）") from exc
    except Exception as exc:
        raise ReadError("image_corrupt",
                        f"画像が壊れているため読めません ({type(exc).__name__})") from exc
    return [RawPage(number=i, image=f) for i, f in enumerate(frames, start=1)]


def _to_rgb(frame: Image.Image) -> Image.Image:
    frame = ImageOps.exif_transpose(frame)
    if frame.mode in ("I;16", "I;16B", "I;16L", "I"):
        frame = frame.point(lambda v: v / 256).convert("L")
    if frame.mode == "CMYK":
        return frame.convert("RGB")
    return frame.convert("RGB")
