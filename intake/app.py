"""The application context: config, database, blob store, procedure, reading settings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from intake import db, members
from intake.blobstore import BlobStore
from intake.config import Config
from intake.members import ExternalRegister
from intake.reading import Reading, read_envelope
from ocr.pages import PageLimits
from ocr.reader import ReadSettings
from ocr.tesseract import OcrSettings
from rules import procedure as procedure_file
from rules.case import MemberMatch, Party
from rules.procedure import Procedure


@dataclass
class App:
    config: Config

    @cached_property
    def engine(self) -> Engine:
        return db.make_engine(self.config.database_url)

    @cached_property
    def sessions(self) -> sessionmaker[Session]:
        return db.sessions(self.engine)

    @cached_property
    def blobs(self) -> BlobStore:
        return BlobStore(self.config.blob_dir)

    @cached_property
    def procedure(self) -> Procedure:
        path = Path(self.config.rules.procedure) if self.config.rules.procedure else None
        return procedure_file.load(path)

    @cached_property
    def read_settings(self) -> ReadSettings:
        o = self.config.ocr
        return ReadSettings(ocr=OcrSettings(lang=o.lang, timeout=o.timeout),
                            limits=PageLimits(max_pages=o.max_pages), workers=o.workers)

    def read(self, data: bytes) -> Reading:
        """An envelope's raw bytes read with this configuration (desk staff, scanner,
        OCR settings, the procedure's confidence threshold)."""
        cfg = self.config
        return read_envelope(data, self.read_settings, staff=tuple(cfg.mail.staff),
                             scanners=tuple(cfg.mail.scanner),
                             min_confidence=self.procedure.min_confidence,
                             own=(cfg.company.email, cfg.smtp_sender))

    @cached_property
    def external_register(self) -> ExternalRegister | None:
        m = self.config.members
        return ExternalRegister(m.url, m.query) if m.url else None

    def member_lookup(self, session: Session) -> Callable[[Party], MemberMatch]:
        """Who the person is in the register: the company's database when configured,
        else the imported table."""
        if self.external_register is not None:
            return self.external_register.lookup
        return lambda person: members.lookup(session, person)

    def upgrade(self) -> None:
        self.config.data_dir.mkdir(parents=True, exist_ok=True)
        db.upgrade(self.config.database_url)
