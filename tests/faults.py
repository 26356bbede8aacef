"""Fault injection for the real parts (as ocrmypdf's tests do): programs that fail the
way they fail on an office server."""

from __future__ import annotations

import shutil
from pathlib import Path


def killed_tesseract(folder: Path) -> Path:
    """A `tesseract` that answers --version and --list-langs like the real one (the
    start-up probe asks) and is then killed by SIGKILL, as the out-of-memory killer
    would."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "tesseract"
    real = shutil.which("tesseract")
    path.write_text(f'#!/bin/sh\ncase "$1" in --version|--list-langs) exec {real} "$@";; esac\n'
                    "kill -KILL $$\n")
    path.chmod(0o755)
    return path
