"""Review and delivery: nothing leaves without approval; SMTP to a real aiosmtpd server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pdfplumber
import pytest
from sqlalchemy import select

from intake import review
from intake.app import App
from intake.delivery import deliver
from intake.models import AuditEvent, Draft, Envelope
from intake.pipeline import Incoming, ingest, process
from outbox.review import ReviewError
from tests.conftest import SAMPLES
from tests.dovecot import free_port
from tests.smtpd import Inbox, smtp_server


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    with smtp_server(Inbox()) as running:
        yield running


def drafted(app: App, sample: str, source: str = "maildir") -> Draft:
    data = (SAMPLES / sample).read_bytes()
    env, _ = ingest(app, Incoming(data=data, source=source, source_ref=sample))
    assert process(app, env.id) == "drafted"
    with app.sessions() as s:
        draft = s.scalar(select(Draft).where(Draft.envelope_id == env.id))
        assert draft is not None
        return draft


def test_only_approved_email_goes_out_threaded_and_audited(app: App,
                                                           smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    app.config.smtp.port = port
    guidance = drafted(app, "mail/03-disclosure-by-email.eml")
    desk_note = drafted(app, "mail/04-complaint.eml")

    assert deliver(app, "reviewer-a").delivered == []  # nothing approved yet
    assert inbox.messages == []

    with app.sessions() as s:
        review.approve(s, guidance.id, "reviewer-a")
    report = deliver(app, "reviewer-a")
    assert report.delivered == [guidance.id] and not report.failed
    (msg,) = inbox.messages
    assert msg["To"] == "ichiro.takahashi@example.jp"
    assert msg["Subject"].startswith(f"[APPI-{guidance.envelope_id}]")
    assert msg["In-Reply-To"] == "<disclosure-0003@example.jp>"
    body = msg.get_content()
    assert "電子メールではお受けしておらず、郵送またはご来社" in body
    assert "本人確認書類" in body

    assert deliver(app, "reviewer-a").delivered == []  # never twice
    with app.sessions() as s:
        env = s.get(Envelope, guidance.envelope_id)
        assert env is not None and env.state == "delivered"
        pending = s.get(Draft, desk_note.id)
        assert pending is not None and pending.state == "pending"
        events = [(e.action, e.actor) for e in s.scalars(
            select(AuditEvent).where(AuditEvent.draft_id == guidance.id).order_by(AuditEvent.id))]
    assert events[-2:] == [("approved", "reviewer-a"), ("delivered", "reviewer-a")]


def test_iso2022jp_outgoing_keeps_characters_it_cannot_carry(app: App,
                                                             smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    app.config.smtp.port = port
    app.config.smtp.charset = "iso-2022-jp"
    draft = drafted(app, "mail/03-disclosure-by-email.eml")  # addressed to 髙橋一郎様
    with app.sessions() as s:
        review.approve(s, draft.id, "r")
    deliver(app, "r")
    (msg,) = inbox.messages
    assert msg.get_content().startswith("髙橋一郎様")


def test_rejected_and_edited_drafts(app: App, smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    app.config.smtp.port = port
    draft = drafted(app, "mail/03-disclosure-by-email.eml")
    with app.sessions() as s:
        review.approve(s, draft.id, "r1")
        postscript = "\n追伸：お電話でもご案内できます。"
        edited = review.edit(s, draft.id, "r2", body=draft.body + postscript)
        assert edited.state == "pending" and edited.edited  # an edit needs approval again
        with pytest.raises(ReviewError):
            review.reject(s, draft.id, "r2", reason="  ")
        review.reject(s, draft.id, "r2", reason="担当者から電話で案内済み")
        with pytest.raises(ReviewError):
            review.approve(s, draft.id, "r1")
    assert deliver(app, "r1").delivered == [] and inbox.messages == []
    with app.sessions() as s:
        actions = [(e.action, e.actor) for e in s.scalars(
            select(AuditEvent).where(AuditEvent.draft_id == draft.id).order_by(AuditEvent.id))]
        rejected = s.scalar(select(AuditEvent).where(AuditEvent.action == "rejected"))
    assert actions[1:] == [("approved", "r1"), ("edited", "r2"), ("rejected", "r2")]
    assert rejected is not None and rejected.detail["reason"] == "担当者から電話で案内済み"


@pytest.mark.tesseract
def test_approved_letter_becomes_a_printable_pdf_with_the_text(app: App) -> None:
    draft = drafted(app, "scans/02-incomplete-request.jpg", source="scan")
    assert draft.template == "request_documents_letter"
    with app.sessions() as s:
        review.approve(s, draft.id, "r")
    report = deliver(app, "r")
    assert report.delivered == [draft.id]
    with app.sessions() as s:
        done = s.get(Draft, draft.id)
        assert done is not None and done.state == "delivered"
        # The PDF's path and its sha256, committed before the draft counted as delivered.
        ref, _, sha = (done.delivery_ref or "").partition(" sha256:")
        path = Path(ref)
    assert path.parent == app.config.outbox_dir / "letters" and path.exists()
    import hashlib
    assert hashlib.sha256(path.read_bytes()).hexdigest() == sha
    with pdfplumber.open(path) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
        assert pdf.pages[0].width == pytest.approx(595.3, abs=1)  # A4
    compact = "".join(text.split())
    assert "ご提出書類についてのお願い" in compact
    assert "依頼書に生年月日の記載がありませんでした" in compact


def test_smtp_failure_keeps_the_draft_approved_for_the_next_run(app: App) -> None:
    app.config.smtp.port = free_port()  # nobody listens there
    draft = drafted(app, "mail/03-disclosure-by-email.eml")
    with app.sessions() as s:
        review.approve(s, draft.id, "r")
    report = deliver(app, "r")
    assert list(report.failed) == [draft.id]
    with app.sessions() as s:
        again = s.get(Draft, draft.id)
        assert again is not None and again.state == "approved"
