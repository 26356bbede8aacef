"""SIGKILL the poller at random moments, restart it, and count: no loss, no duplicate."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import select

from intake.app import App
from intake.models import Draft, Envelope
from tests.corpus.mail import make_mail
from tests.dovecot import Dovecot

MESSAGES = 80
KILLS = 10


def test_sigkill_at_random_moments_loses_nothing_and_duplicates_nothing(
        dovecot: Dovecot, tmp_path: Path, any_app: App) -> None:
    charsets = ["iso-2022-jp", "shift_jis", "utf-8"]
    dovecot.append([make_mail(sender_name="顧客", sender=f"c{i}@example.jp",
                              subject=f"お問い合わせ{i}", body=f"料金について質問です。{i}",
                              charset=charsets[i % 3], message_id=f"<kill-{i}@example.jp>")
                    for i in range(MESSAGES)])
    env = {k: v for k, v in os.environ.items() if not k.startswith("INTAKE_")}
    env.update(dovecot.imap_env(), INTAKE_DATA_DIR=str(tmp_path / "data"),
               INTAKE_IMAP_BATCH="7", INTAKE_DATABASE_URL=any_app.config.database.url)
    seed = int(os.environ.get("KILL_SEED", time.time_ns() % 10_000))
    rng = random.Random(seed)
    kills = 0
    blobs = tmp_path / "data" / "blobs"
    for n in range(KILLS):
        proc = subprocess.Popen([sys.executable, "-m", "intake.cli", "poll", "--once"], env=env,
                                cwd=tmp_path, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        if n == 0:
            # The first kill lands mid-ingest for certain: as soon as a raw message is
            # stored, before its row or its move (a fast machine could otherwise finish
            # the whole mailbox before the first random moment).
            deadline = time.monotonic() + 60
            while proc.poll() is None and time.monotonic() < deadline and \
                    not any(p.is_file() for p in blobs.rglob("*")):
                time.sleep(0.005)
        else:
            time.sleep(rng.uniform(0.4, 1.6))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait()
    final = subprocess.run([sys.executable, "-m", "intake.cli", "poll", "--once"], env=env,
                           cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert final.returncode == 0, final.stderr
    with any_app.sessions() as s:
        rows = s.scalars(select(Envelope)).all()
        pending_drafts = Counter(d.envelope_id for d in s.scalars(
            select(Draft).where(Draft.state == "pending")))
    note = f"seed={seed}, kills={kills}"
    assert len(rows) == MESSAGES, note
    assert len({r.message_id for r in rows}) == MESSAGES, note
    assert len({(r.uidvalidity, r.uid) for r in rows}) == MESSAGES, note
    assert {r.state for r in rows} == {"drafted"}, note
    assert max(pending_drafts.values()) == 1 and len(pending_drafts) == MESSAGES, note
    assert dovecot.count("INBOX") == 0 and dovecot.count("Processed") == MESSAGES, note
    assert kills >= 1, note
    print(f"\nkill test: {MESSAGES} messages, {kills} SIGKILLs, {note}: "
          f"{len(rows)} envelopes, 0 lost, 0 duplicated")
