"""What becomes of an envelope when reading or judging it fails: one table, used by the
pipeline and the CLI alike.

- quarantine: the input is bad and will not get better; kept, set aside with a reason
- retry: something passing went wrong (tesseract killed, the database away); tried
  again with backoff, quarantined only after `[pipeline] max_attempts`
- hold: the installation is broken (a model missing); the envelope waits untouched,
  no attempt counted, until the installation is put right
"""

from __future__ import annotations

from dataclasses import dataclass

from intake.mail import MailError
from ocr.model import ReadError
from ocr.tesseract import EngineCrashed, EngineMissing

QUARANTINE, RETRY, HOLD = "quarantine", "retry", "hold"


@dataclass(frozen=True)
class Disposition:
    code: str
    action: str  # quarantine | retry | hold
    message: str  # for the desk, in Japanese


def disposition(exc: BaseException) -> Disposition:
    if isinstance(exc, ReadError | MailError):
        return Disposition(exc.code, QUARANTINE, exc.message)
    if isinstance(exc, EngineMissing):
        return Disposition("engine_unavailable", HOLD, str(exc))
    if isinstance(exc, EngineCrashed):
        return Disposition("ocr_crashed", RETRY, "文字認識エンジンが異常終了しました。"
                           f"時間をおいてもう一度読みます ({exc})")
    if isinstance(exc, OSError):
        why = exc.strerror or type(exc).__name__
        return Disposition("unreadable_file", RETRY, f"ファイルを読めません: {why}")
    return Disposition("failed", RETRY, f"{type(exc).__name__}: {str(exc)[:300]}")
