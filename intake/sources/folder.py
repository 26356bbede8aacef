"""A watched folder: scans from the office scanner, or .eml files saved by the desk.

A file (or a sub-folder of page images) is taken once its size has been stable
for `stable_seconds`, stored, committed, and only then moved to processed/.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from pathlib import Path

from intake.models import Envelope, EnvelopeState
from intake.pipeline import Incoming
from intake.reading import envelope_bytes
from intake.sources.base import Ingest
from ocr.model import ReadError

log = logging.getLogger("intake.sources.folder")
SKIP = {"processed", "failed"}


def _snapshot(path: Path) -> tuple[int, int] | None:
    try:
        if path.is_symlink():
            return path.lstat().st_size, 0  # never followed: refused when taken
        if path.is_dir():
            files = [p for p in path.iterdir() if p.is_file()]
            return sum(p.stat().st_size for p in files), len(files)
        return path.stat().st_size, 1
    except OSError:
        return None


class FolderSource:
    def __init__(self, root: Path, name: str = "scan", stable_seconds: float = 2.0) -> None:
        self.root = root
        self.name = name
        self.stable_seconds = stable_seconds
        self._moved: dict[int, Path] = {}
        self.refused: list[str] = []  # what this pass would not take, in words

    def candidates(self) -> list[Path]:
        if not self.root.is_dir():
            return []
        return sorted(p for p in self.root.iterdir()
                      if not p.name.startswith(".") and p.name not in SKIP)

    def stable(self) -> list[Path]:
        first = {p: _snapshot(p) for p in self.candidates()}
        if not first:
            return []
        time.sleep(self.stable_seconds)
        return [p for p, snap in first.items() if snap is not None and _snapshot(p) == snap]

    def _move(self, path: Path, folder: str) -> Path:
        target_dir = self.root / folder
        target_dir.mkdir(exist_ok=True)
        target = target_dir / path.name
        n = 1
        while target.exists():
            target = target_dir / f"{path.stem}.{n}{path.suffix}"
            n += 1
        if path.is_symlink():
            os.rename(path, target)  # moves the link itself, never what it points to
        else:
            shutil.move(str(path), target)
        return target

    def poll(self, ingest: Ingest) -> list[int]:
        ids = []
        for path in self.stable():
            try:
                data = envelope_bytes(path)
            except (OSError, ReadError) as exc:  # nothing to keep: set it aside, go on
                code = getattr(exc, "code", "unreadable_file")
                why = getattr(exc, "message", None) or getattr(exc, "strerror", None) or \
                    type(exc).__name__
                # The name and the reason only: a link's target is never opened or named.
                log.error("cannot take %s: %s (%s)", path.name, why, code)
                self.refused.append(f"{path.name}: {why} ({code})")
                self._move(path, "failed")
                continue
            channel = "email" if path.suffix.lower() == ".eml" else "post"
            ((env, _new),) = ingest([Incoming(data=data, source=self.name,
                                              source_ref=str(path), filename=path.name,
                                              channel=channel)])
            self._moved[env.id] = self._move(path, "processed")
            ids.append(env.id)
        return ids

    def settle(self, envelope: Envelope) -> None:
        moved = self._moved.pop(envelope.id, None)
        if moved is not None and envelope.state == EnvelopeState.QUARANTINED and moved.exists():
            self._move(moved, "failed")
