"""Envelopes through the pipeline from a scan folder, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytesseract
import pytest
from sqlalchemy import func, select

from intake.app import App
from intake.members import import_csv
from intake.models import AuditEvent, CaseRow, Draft, Envelope, Page
from intake.pipeline import Incoming, ingest, process, retry
from intake.runner import run_once
from tests.conftest import SAMPLES
from tests.faults import killed_tesseract

pytestmark = pytest.mark.tesseract


def scan_dir(app: App, tmp_path: Path) -> Path:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    app.config.scan.dirs = [str(inbox)]
    app.config.scan.stable_seconds = 0.05
    return inbox


def envelopes(app: App) -> list[Envelope]:
    with app.sessions() as s:
        return list(s.scalars(select(Envelope).order_by(Envelope.id)))


def test_scan_folder_pass_quarantines_the_corrupt_file_and_goes_on(any_app: App,
                                                                    tmp_path: Path) -> None:
    app = any_app
    with app.sessions() as s:
        import_csv(s, SAMPLES / "members.csv")
    inbox = scan_dir(app, tmp_path)
    corrupt = b"%PDF-1.7\n% a scanner that died mid-page\n1 0 obj <<"
    (inbox / "00-corrupt.pdf").write_bytes(corrupt)
    shutil.copy(SAMPLES / "scans" / "01-complete-request.pdf", inbox)
    shutil.copy(SAMPLES / "mail" / "05-auto-reply.eml", inbox)

    report = run_once(app)

    assert len(report.ingested) == 3 and not report.errors
    bad, good, auto = envelopes(app)
    assert bad.state == "quarantined" and bad.error_code == "pdf_corrupt"
    assert "PDF" in (bad.error or "")
    # The raw bytes are kept, exactly as they came, for a person or a later re-run.
    assert app.blobs.get(bad.sha256) == corrupt
    assert bad.sha256 == hashlib.sha256(corrupt).hexdigest()
    assert good.state == "drafted" and auto.state == "closed"
    assert (inbox / "failed" / "00-corrupt.pdf").exists()
    assert (inbox / "processed" / "01-complete-request.pdf").exists()
    assert sorted(p.name for p in inbox.iterdir()) == ["failed", "processed"]
    with app.sessions() as s:
        case = s.scalar(select(CaseRow).where(CaseRow.envelope_id == good.id))
        assert case is not None
        assert (case.outcome, case.member_id, case.member_match) == ("accept", "M-000101", "exact")
        draft = s.scalar(select(Draft).where(Draft.envelope_id == good.id))
        assert draft is not None and draft.template == "disclosure_result_letter"
        assert draft.state == "pending"
        assert s.scalar(select(func.count()).select_from(Draft)
                        .where(Draft.envelope_id == auto.id)) == 0
        actions = [e.action for e in s.scalars(select(AuditEvent).order_by(AuditEvent.id))]
        assert actions.count("received") == 3 and "quarantined" in actions


def test_same_file_again_is_recorded_as_duplicate_and_not_processed(any_app: App,
                                                                     tmp_path: Path) -> None:
    app = any_app
    inbox = scan_dir(app, tmp_path)
    shutil.copy(SAMPLES / "mail" / "04-complaint.eml", inbox / "a.eml")
    run_once(app)
    shutil.copy(SAMPLES / "mail" / "04-complaint.eml", inbox / "b.eml")
    run_once(app)
    first, second = envelopes(app)
    assert first.state == "drafted"
    assert (second.state, second.duplicate_of) == ("duplicate", first.id)
    with app.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Draft)) == 1


def test_file_still_being_written_is_left_for_the_next_pass(app: App, tmp_path: Path) -> None:
    inbox = scan_dir(app, tmp_path)
    growing = inbox / "growing.eml"
    growing.write_bytes(b"From: a@example.jp\r\n")
    source = __import__("intake.runner", fromlist=["sources"]).sources(app)[0]
    first_snapshot = source.candidates()
    assert first_snapshot == [growing]

    import threading
    import time

    def grow() -> None:
        time.sleep(0.02)
        growing.write_bytes(b"From: a@example.jp\r\nSubject: x\r\n\r\nbody\r\n")

    app.config.scan.stable_seconds = 0.2
    source.stable_seconds = 0.2
    t = threading.Thread(target=grow)
    t.start()
    assert source.stable() == []
    t.join()
    assert source.stable() == [growing]


def test_every_step_can_be_rerun_from_the_raw_bytes(any_app: App) -> None:
    app = any_app
    data = (SAMPLES / "mail" / "03-disclosure-by-email.eml").read_bytes()
    env, new = ingest(app, Incoming(data=data, source="maildir", source_ref="x.eml",
                                    channel="email"))
    assert new
    assert process(app, env.id) == "drafted"
    retry(app, env.id, actor="desk-sato")  # a person re-queues it
    assert process(app, env.id) == "drafted"
    with app.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Page)
                        .where(Page.envelope_id == env.id)) == 1
        drafts = s.scalars(select(Draft).where(Draft.envelope_id == env.id)
                           .order_by(Draft.id)).all()
        assert [d.state for d in drafts] == ["superseded", "pending"]
        assert drafts[-1].template == "guidance_email"
        assert drafts[-1].to == "ichiro.takahashi@example.jp"
        requeue = s.scalar(select(AuditEvent).where(AuditEvent.action == "requeued"))
        assert requeue is not None and requeue.actor == "desk-sato"


def test_a_crashing_ocr_engine_is_retried_with_backoff_then_quarantined(
        app: App, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    app.config.pipeline.max_attempts = 3
    data = (SAMPLES / "scans" / "02-incomplete-request.jpg").read_bytes()
    env, _ = ingest(app, Incoming(data=data, source="scan", source_ref="x.jpg"))
    # Fault injection: a tesseract that is killed as the out-of-memory killer would.
    killed = killed_tesseract(tmp_path / "bin")
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(killed))
    assert process(app, env.id) == "received"
    (e,) = envelopes(app)
    assert (e.attempts, e.error_code) == (1, "retrying") and e.next_attempt_at is not None
    assert "signal 9" in (e.error or "")
    process(app, env.id)
    assert process(app, env.id) == "quarantined"
    (e,) = envelopes(app)
    assert e.attempts == 3 and "3回" in (e.error or "")
    monkeypatch.undo()
    retry(app, env.id, actor="desk")
    assert process(app, env.id) == "drafted"


def test_imap_keys_make_ingest_exactly_once(any_app: App) -> None:
    app = any_app
    item = Incoming(data=b"From: a@example.jp\r\n\r\nhello\r\n", source="imap",
                    source_ref="INBOX/7", channel="email", account="desk@example.jp",
                    folder="INBOX", uidvalidity=3_000_000_000, uid=7)
    first, new1 = ingest(app, item)
    again, new2 = ingest(app, item)
    assert (new1, new2) == (True, False) and first.id == again.id
    assert len(envelopes(app)) == 1


def test_documents_posted_later_complete_the_case_and_start_the_clock(any_app: App) -> None:
    from tests.corpus.render import HANAKO, LetterSpec, LicenceSpec, pdf_bytes, render_letter
    from tests.corpus.render import render_licence_copy as licence_copy
    app = any_app
    with app.sessions() as s:
        import_csv(s, SAMPLES / "members.csv")
    first, _ = ingest(app, Incoming(data=(SAMPLES / "scans" / "02-incomplete-request.jpg")
                                    .read_bytes(), source="scan", source_ref="a.jpg"))
    assert process(app, first.id) == "drafted"
    follow = pdf_bytes([render_letter(LetterSpec(HANAKO)),
                        licence_copy(LicenceSpec(HANAKO, expiry_wareki="令和15年6月1日",
                                                 expiry_date="2033-06-01"))])
    second, _ = ingest(app, Incoming(data=follow, source="scan", source_ref="b.pdf"))
    assert process(app, second.id) == "drafted"
    with app.sessions() as s:
        a, b = s.get(Envelope, first.id), s.get(Envelope, second.id)
        assert a is not None and b is not None
        assert (b.thread_of, a.state) == (first.id, "closed")
        case = s.scalar(select(CaseRow).where(CaseRow.envelope_id == second.id))
        assert case is not None and (case.outcome, case.member_id) == ("accept", "M-000102")
        pending = s.scalars(select(Draft).where(Draft.state == "pending")).all()
        assert [(d.envelope_id, d.template) for d in pending] == \
            [(second.id, "disclosure_result_letter")]
        assert pending[0].subject.startswith(f"[APPI-{first.id}]")
        old = s.scalar(select(Draft).where(Draft.envelope_id == first.id))
        assert old is not None and old.state == "superseded"
    from intake.pipeline import received_date
    assert case.due_date == (received_date(b) + __import__("datetime").timedelta(days=14)) \
        .isoformat()


def test_a_scan_folder_without_images_is_set_aside_and_the_rest_goes_on(app: App,
                                                                       tmp_path: Path) -> None:
    inbox = scan_dir(app, tmp_path)
    (inbox / "00-empty").mkdir()
    shutil.copy(SAMPLES / "mail" / "04-complaint.eml", inbox)
    report = run_once(app)
    assert len(report.ingested) == 1 and not report.errors
    assert (inbox / "failed" / "00-empty").is_dir()
    assert (inbox / "processed" / "04-complaint.eml").exists()
