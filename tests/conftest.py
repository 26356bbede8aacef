"""Shared fixtures: an App on a temporary data dir, on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from intake.app import App
from intake.config import load
from tests.dovecot import Dovecot

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
PG_URL = os.environ.get("INTAKE_TEST_POSTGRES_URL", "")


def make_app(tmp_path: Path, db_url: str = "", **env: str) -> App:
    base = {"INTAKE_DATA_DIR": str(tmp_path / "data"), "INTAKE_DATABASE_URL": db_url,
            "INTAKE_OCR_WORKERS": "2"}
    base.update(env)
    app = App(load(None, env=base))
    app.upgrade()
    return app


@pytest.fixture
def app(tmp_path: Path) -> App:
    return make_app(tmp_path)


def _pg_database() -> Iterator[str]:
    """A fresh PostgreSQL database per test, dropped afterwards."""
    if not PG_URL:
        if os.environ.get("CI"):
            pytest.fail("INTAKE_TEST_POSTGRES_URL is not set: scripts/test.sh starts PostgreSQL")
        pytest.skip("no PostgreSQL server (run through scripts/test.sh)")
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_URL.rsplit("/", 1)[0] + "/" + name
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_app(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[App]:
    """The same test on the embedded default and on the real deployment's database."""
    if request.param == "sqlite":
        app = make_app(tmp_path)
        yield app
        app.engine.dispose()
        return
    gen = _pg_database()
    url = next(gen)
    app = make_app(tmp_path, url)
    try:
        yield app
    finally:
        app.engine.dispose()
        try:
            next(gen)
        except StopIteration:
            pass


@pytest.fixture
def dovecot() -> Iterator[Dovecot]:
    """A real Dovecot on 127.0.0.1 for one test."""
    server = Dovecot().start()
    try:
        yield server
    finally:
        server.stop()
