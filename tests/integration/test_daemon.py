"""The daemon runs a pass at start and on its schedule, and stops cleanly on SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import text

from intake.app import App
from intake.daemon import build_scheduler
from tests.conftest import SAMPLES


def test_sigterm_stops_the_daemon_cleanly_after_its_pass(tmp_path: Path) -> None:
    maildir = tmp_path / "mail"
    maildir.mkdir()
    (maildir / "a.eml").write_bytes((SAMPLES / "mail" / "04-complaint.eml").read_bytes())
    env = {k: v for k, v in os.environ.items() if not k.startswith("INTAKE_")}
    env.update(INTAKE_DATA_DIR=str(tmp_path / "data"), INTAKE_MAILDIR_DIRS=str(maildir),
               INTAKE_SCAN_STABLE_SECONDS="0.05")
    proc = subprocess.Popen([sys.executable, "-m", "intake.cli", "run"], env=env, cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not (maildir / "processed" / "a.eml").exists():
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            assert time.monotonic() < deadline, "the start pass did not run"
            time.sleep(0.2)
        time.sleep(0.5)
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "scheduler started" in err and "stopped" in err
    listed = subprocess.run([sys.executable, "-m", "intake.cli", "envelopes", "list", "--json"],
                            env=env, cwd=tmp_path, capture_output=True, text=True, check=True)
    (row,) = [json.loads(x) for x in listed.stdout.splitlines()]
    assert row["state"] == "drafted"


def test_schedule_has_an_interval_and_a_daily_run(app: App) -> None:
    app.config.schedule.interval_minutes = 7
    app.config.schedule.daily_at = "06:30"
    jobs = {j.id: j for j in build_scheduler(app).get_jobs()}
    assert set(jobs) == {"interval", "daily"}
    assert jobs["interval"].trigger.interval.total_seconds() == 7 * 60
    assert "hour='6'" in str(jobs["daily"].trigger) and "minute='30'" in str(jobs["daily"].trigger)
    assert jobs["interval"].max_instances == 1


def test_sqlite_runs_in_wal_mode(app: App) -> None:
    with app.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
