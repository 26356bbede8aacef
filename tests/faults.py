"""Fault injection for the real parts (as ocrmypdf's tests do): programs that fail the
way they fail on an office server."""

from __future__ import annotations

import shutil
from pathlib import Path


def killed_tesseract(folder: Path) -> Path:
    """A `tesseract` that answers --version like the real one (pytesseract asks) and is
    then killed by SIGKILL, as the out-of-memory killer would."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "tesseract"
    path.write_text(f'#!/bin/sh\n[ "$1" = --version ] && exec {shutil.which("tesseract")} "$@"\n'
                    "kill -KILL $$\n")
    path.chmod(0o755)
    return path
