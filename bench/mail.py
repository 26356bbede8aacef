"""Mailbox ingest beside a baseline measured in the same run, against a real Dovecot.

Baseline: imapclient batch FETCH of BODY[] plus `email` parsing of every message —
the least any IMAP ingester does. Ours: the IMAP source storing every message
(fsync'd blob + committed envelope row, then the move to Processed). Each side
runs in its own process so peak RSS is its own.
"""

from __future__ import annotations

import email
import email.policy
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from tests.corpus.mail import make_mail
from tests.dovecot import Dovecot


def corpus(n: int, seed: int = 1) -> Iterator[bytes]:
    """Mixed Japanese mail; a third carries a 200 KB attachment."""
    from email.message import EmailMessage
    rng = random.Random(seed)
    charsets = ["iso-2022-jp", "shift_jis", "utf-8"]
    for i in range(n):
        text = make_mail(sender_name="顧客", sender=f"c{i}@example.jp", subject=f"お問い合わせ {i}",
                         body="個人情報の開示について教えてください。\n" * 20,
                         charset=charsets[i % 3], message_id=f"<bench-{i}@example.jp>")
        if i % 3 == 0:
            msg = email.message_from_bytes(text, policy=email.policy.default)
            wrapped = EmailMessage()
            for key in ("From", "To", "Subject", "Message-ID", "Date"):
                wrapped[key] = msg[key]
            wrapped.set_content("添付をご確認ください。")
            wrapped.add_attachment(rng.randbytes(200 * 1024), maintype="application",
                                   subtype="pdf", filename=f"scan{i}.pdf")
            text = wrapped.as_bytes()
        yield text


def load(server: Dovecot, messages: Iterable[bytes]) -> None:
    with server.client() as c:
        for m in messages:
            c.append("INBOX", m)


def child_baseline(env: dict[str, str]) -> dict[str, float]:
    from imapclient import IMAPClient
    start = time.perf_counter()
    c = IMAPClient("127.0.0.1", port=int(env["INTAKE_IMAP_PORT"]), ssl=False)
    c.login(env["INTAKE_IMAP_USER"], env["INTAKE_IMAP_PASSWORD"])
    c.select_folder("INBOX", readonly=True)
    uids = sorted(c.search())
    total = 0
    for i in range(0, len(uids), 50):
        for _uid, data in c.fetch(uids[i:i + 50], ["BODY.PEEK[]"]).items():
            raw = data[b"BODY[]"]
            total += len(raw)
            email.message_from_bytes(raw, policy=email.policy.compat32)
    c.logout()
    return {"seconds": time.perf_counter() - start, "messages": len(uids), "bytes": total}


def child_ours(env: dict[str, str]) -> dict[str, float]:
    from intake.app import App
    from intake.config import load as load_config
    from intake.pipeline import ingest_batch
    from intake.sources.imap import ImapSource
    app = App(load_config(None, env=env))
    app.upgrade()
    start = time.perf_counter()
    ids = ImapSource(app.config.imap).poll(lambda items: ingest_batch(app, items))
    seconds = time.perf_counter() - start
    size = sum(p.stat().st_size for p in Path(env["INTAKE_DATA_DIR"], "blobs").rglob("*")
               if p.is_file())
    return {"seconds": seconds, "messages": len(ids), "bytes": size}


def run_child(which: str, env: dict[str, str]) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-m", "bench.mail", which], env={**os.environ, **env},
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(n: int, tmp: Path) -> tuple[dict[str, float], dict[str, float]]:
    server = Dovecot().start()
    try:
        load(server, corpus(n))
        env = {**server.imap_env(), "INTAKE_DATA_DIR": str(tmp / f"data-{n}")}
        base = run_child("baseline", env)
        ours = run_child("ours", env)
        return base, ours
    finally:
        server.stop()


def run(messages: int, rss_messages: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        base, ours = measure(messages, Path(tmp))
        print(f"messages: {messages} (a third with a 200 KB attachment)")
        for label, r in (("baseline (FETCH + parse)", base), ("appi-intake ingest", ours)):
            print(f"{label:<26}: {r['messages'] / r['seconds']:7.1f} msg/s "
                  f"{r['bytes'] / r['seconds'] / 1e6:6.1f} MB/s  peak RSS {r['rss_mb']:5.0f} MB")
        ratio = (ours["messages"] / ours["seconds"]) / (base["messages"] / base["seconds"])
        print(f"ratio ours/baseline        : {ratio:6.2f} (goal >= 0.70)")
        if rss_messages:
            _b, big = measure(rss_messages, Path(tmp))
            print(f"peak RSS at {rss_messages} messages : {big['rss_mb']:5.0f} MB "
                  f"(goal <= 200 MB), {big['messages'] / big['seconds']:.1f} msg/s")


if __name__ == "__main__" and len(sys.argv) == 2:
    child_env = dict(os.environ)
    result = child_baseline(child_env) if sys.argv[1] == "baseline" else child_ours(child_env)
    result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))
