"""One pass: every source polled, every pending envelope processed."""

from __future__ import annotations

import datetime as dt
import fcntl
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from intake.app import App
from intake.models import Envelope
from intake.pipeline import ingest_batch, process_pending, purge_raw
from intake.sources.base import Source
from intake.sources.folder import FolderSource

log = logging.getLogger("intake.runner")


def sources(app: App) -> list[Source]:
    cfg = app.config
    found: list[Source] = []
    found += [FolderSource(Path(d), "scan", cfg.scan.stable_seconds) for d in cfg.scan.dirs]
    found += [FolderSource(Path(d), "maildir", cfg.scan.stable_seconds) for d in cfg.maildir.dirs]
    if cfg.imap.host:
        from intake.sources.imap import ImapSource  # imported lazily: optional source
        found.append(ImapSource(cfg.imap))
    return found


@dataclass
class PassReport:
    ingested: list[int] = field(default_factory=list)
    processed: dict[int, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)  # a source that could not be reached
    refused: list[str] = field(default_factory=list)  # items a source would not take


@contextmanager
def run_lock(data_dir: Path) -> Iterator[bool]:
    """One pass at a time per data directory: overlapping runs wait instead of racing."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with open(data_dir / "run.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield True
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def run_once(app: App, today: dt.date | None = None) -> PassReport:
    report = PassReport()
    with run_lock(app.config.data_dir):
        active = sources(app)
        for source in active:
            try:
                report.ingested += source.poll(lambda items: ingest_batch(app, items))
            except Exception as exc:  # one broken source must not stop the others
                log.exception("source %s failed", source.name)
                report.errors.append(f"{source.name}: {type(exc).__name__}: {exc}")
            report.refused += getattr(source, "refused", [])
        report.processed = process_pending(app, today)
        purge_raw(app)  # finishes any purge a crash interrupted after review ended
        with app.sessions() as s:
            for eid in report.processed:
                env = s.get(Envelope, eid)
                if env is None:
                    continue
                for source in active:
                    source.settle(env)
    return report
