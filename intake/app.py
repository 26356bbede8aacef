"""The application context: config, database, blob store, procedure, reading settings."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from intake import db
from intake.blobstore import BlobStore
from intake.config import Config
from ocr.pages import PageLimits
from ocr.reader import ReadSettings
from ocr.tesseract import OcrSettings
from rules import procedure as procedure_file
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

    def upgrade(self) -> None:
        self.config.data_dir.mkdir(parents=True, exist_ok=True)
        db.upgrade(self.config.database_url)
