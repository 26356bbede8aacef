"""Delivery of approved drafts only, each exactly once: email by SMTP, letters as PDFs.

A draft goes approved → sending → delivered. A run first claims it (one UPDATE that
only one run can win, so two runs at once never both send), then commits what it is
about to send — the Message-ID, or the letter's path and sha256 — and only then sends.
A run that dies after that leaves the draft `sending`; the next run never sends it
blindly: it looks for the Message-ID in the Sent folder where one is configured, else
puts the draft before a person (`delivery_uncertain`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import socket
import tempfile
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.mime.text import MIMEText
from pathlib import Path

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from intake.app import App
from intake.models import Draft, DraftState, Envelope, utcnow
from intake.pipeline import audit
from intake.review import blockers, mark_delivered
from outbox.drafts import PASSWORD
from outbox.letter import render_letter_pdf
from outbox.review import ReviewError, next_state
from outbox.secure import lock_pdf, new_password
from outbox.smtp import MaybeSent, NotSent, SmtpSettings, build_message, send

log = logging.getLogger("intake.delivery")

# A claim older than this, by a run on another machine, is taken to be dead.
LEASE = dt.timedelta(minutes=15)
RETRY_BASE = dt.timedelta(minutes=5)


@dataclass
class DeliveryReport:
    delivered: list[int] = field(default_factory=list)
    failed: dict[int, str] = field(default_factory=dict)  # will be tried again
    uncertain: dict[int, str] = field(default_factory=dict)  # a person must look


def _me() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _alive(claimed_by: str | None, claimed_at: dt.datetime | None) -> bool:
    """Is the run that claimed a draft still at work on it?"""
    if not claimed_by:
        return False
    host, _, pid = claimed_by.rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        try:
            os.kill(int(pid), 0)
            return True
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
    if claimed_at is None:
        return False
    if claimed_at.tzinfo is None:
        claimed_at = claimed_at.replace(tzinfo=dt.UTC)
    return utcnow() - claimed_at < LEASE


def _smtp(app: App) -> SmtpSettings:
    c = app.config.smtp
    return SmtpSettings(c.host, c.port, c.security, c.user, c.password)


def _copy_to_sent(app: App, raw: bytes) -> None:
    from intake.sources.imap import append_sent
    try:
        append_sent(app.config.imap, raw)
    except Exception as exc:  # the reply went out; a missing copy is worth a warning only
        log.warning("reply sent but not copied to %s: %s", app.config.imap.sent_folder, exc)


def _has_sent_folder(app: App) -> bool:
    return bool(app.config.imap.sent_folder and app.config.imap.host)


def _in_sent(app: App, message_id: str) -> bool | None:
    """True/False from the Sent folder; None when there is none or it cannot be read."""
    if not _has_sent_folder(app):
        return None
    from intake.sources.imap import in_sent
    try:
        return in_sent(app.config.imap, message_id)
    except Exception as exc:
        log.warning("Sent folder not readable: %s", exc)
        return None


def _finish(s: Session, draft: Draft, actor: str, ref: str, report: DeliveryReport,
            **detail: object) -> None:
    draft.delivery_ref = ref
    mark_delivered(s, draft)
    audit(s, "delivered", actor=actor, envelope_id=draft.envelope_id, draft_id=draft.id,
          channel=draft.channel, ref=ref, **detail)
    s.commit()
    report.delivered.append(draft.id)


def _doubt(s: Session, draft: Draft, actor: str, why: str, report: DeliveryReport) -> None:
    draft.state = next_state("doubt", draft.state)
    draft.last_error = why
    audit(s, "delivery_uncertain", actor=actor, envelope_id=draft.envelope_id,
          draft_id=draft.id, reason=why, ref=draft.delivery_ref)
    s.commit()
    report.uncertain[draft.id] = why
    log.error("draft %s: delivery uncertain: %s", draft.id, why)


def _recover(app: App, s: Session, actor: str, report: DeliveryReport) -> None:
    """Drafts a dead run left `sending`: settled from what is known, never resent."""
    for draft in s.scalars(select(Draft).where(Draft.state == DraftState.SENDING)
                           .order_by(Draft.id)):
        if _alive(draft.claimed_by, draft.claimed_at):
            continue
        if not draft.delivery_ref:
            # Died before committing what it would send: nothing left the building.
            draft.state = next_state("fail", draft.state)
            audit(s, "delivery_reset", actor=actor, envelope_id=draft.envelope_id,
                  draft_id=draft.id)
            s.commit()
            continue
        if draft.channel == "letter":
            path, _, sha = draft.delivery_ref.partition(" sha256:")
            if Path(path).is_file() and hashlib.sha256(Path(path).read_bytes()).hexdigest() \
                    == sha:
                _finish(s, draft, actor, draft.delivery_ref, report, recovered=True)
            else:
                draft.state = next_state("fail", draft.state)  # a file is not a sending
                s.commit()
            continue
        found = _in_sent(app, draft.delivery_ref)
        if found:
            _finish(s, draft, actor, draft.delivery_ref, report, recovered="sent_folder")
        elif found is False:
            _doubt(s, draft, actor, "送信中に処理が中断しました。送信済みフォルダに見当たり"
                   "ませんが、送信された可能性があります。相手先に届いたか確かめてください",
                   report)
        else:
            _doubt(s, draft, actor, "送信中に処理が中断しました。送信されたか確かめられません"
                   "（送信済みフォルダの設定がありません）", report)


def _claim(s: Session, draft_id: int) -> bool:
    """Take one approved draft for this run; False when another run has it."""
    now = utcnow()
    won = s.execute(update(Draft).where(
        Draft.id == draft_id, Draft.state == DraftState.APPROVED,
        or_(Draft.next_attempt_at.is_(None), Draft.next_attempt_at <= now))
        .values(state=DraftState.SENDING, claimed_at=now, claimed_by=_me(),
                delivery_ref=None)).rowcount
    s.commit()
    return won == 1


def _letter(app: App, draft: Draft) -> str:
    """The letter as a print-ready PDF; its reference is its path and sha256."""
    name = f"APPI-{draft.envelope_id}-draft{draft.id}.pdf"
    path = render_letter_pdf(draft.body, app.config.outbox_dir / "letters" / name,
                             title=draft.subject)
    return f"{path} sha256:{hashlib.sha256(path.read_bytes()).hexdigest()}"


def _message(app: App, s: Session, draft: Draft,
             password: str) -> tuple[EmailMessage | MIMEText, str]:
    cfg = app.config
    env = s.get(Envelope, draft.envelope_id)
    meta = env.meta if env else {}
    if draft.channel == "electronic":
        with tempfile.TemporaryDirectory() as tmp:
            plain = render_letter_pdf(draft.body, Path(tmp) / "d.pdf", title=draft.subject)
            locked = lock_pdf(plain.read_bytes(), password)
        msg = build_message(sender=cfg.smtp_sender, to=draft.to, subject=draft.subject,
                            body=draft.parts["mail"],
                            attachments=[(f"APPI-{draft.envelope_id}-kaiji.pdf", locked)])
    else:
        msg = build_message(sender=cfg.smtp_sender, to=draft.to, subject=draft.subject,
                            body=draft.body, charset=cfg.smtp.charset,
                            in_reply_to=(meta or {}).get("message_id"),
                            references=(meta or {}).get("references"))
    return msg, str(msg["Message-ID"])


def _password_letter(app: App, draft: Draft, password: str) -> None:
    """The password of an electronic disclosure, printed for the post; kept nowhere else."""
    letter = draft.parts["password_letter"].replace(PASSWORD, password)
    render_letter_pdf(letter, app.config.outbox_dir / "letters" /
                      f"APPI-{draft.envelope_id}-draft{draft.id}-password.pdf",
                      title="開示ファイルのパスワードについて")


def _failed(s: Session, draft: Draft, actor: str, why: str, report: DeliveryReport) -> None:
    """Certainly not sent: approved again, tried later with backoff, the desk told."""
    draft.state = next_state("fail", draft.state)
    draft.attempts += 1
    draft.next_attempt_at = utcnow() + RETRY_BASE * 2 ** min(draft.attempts - 1, 6)
    draft.last_error = why
    audit(s, "delivery_failed", actor=actor, envelope_id=draft.envelope_id,
          draft_id=draft.id, reason=why, attempt=draft.attempts)
    s.commit()
    report.failed[draft.id] = why
    log.error("draft %s not delivered (attempt %s): %s", draft.id, draft.attempts, why)


def _deliver_one(app: App, s: Session, draft: Draft, actor: str,
                 report: DeliveryReport) -> None:
    missing = blockers(draft, delivering=True)
    if missing:  # approved before a gate existed, edited in the database, or waiting
        draft.state = next_state("fail", draft.state)
        draft.last_error = "未完成のため送れません: " + " / ".join(missing)
        s.commit()
        report.failed[draft.id] = draft.last_error
        return
    if draft.channel == "letter":
        ref = _letter(app, draft)
        draft.delivery_ref = ref
        s.commit()
        _finish(s, draft, actor, ref, report)
        return
    password = new_password()
    msg, message_id = _message(app, s, draft, password)
    draft.delivery_ref = message_id
    s.commit()  # what is about to be sent is known before it is sent
    try:
        send(_smtp(app), msg)
    except NotSent as exc:
        _failed(s, draft, actor, str(exc), report)
        return
    except MaybeSent as exc:
        _doubt(s, draft, actor, str(exc), report)
        return
    if draft.channel == "electronic":
        _password_letter(app, draft, password)
    if _has_sent_folder(app):
        _copy_to_sent(app, msg.as_bytes())
    _finish(s, draft, actor, message_id, report)


def deliver(app: App, actor: str) -> DeliveryReport:
    report = DeliveryReport()
    with app.sessions() as s:
        _recover(app, s, actor, report)
        now = utcnow()
        ids = list(s.scalars(select(Draft.id).where(
            Draft.state == DraftState.APPROVED,
            or_(Draft.next_attempt_at.is_(None), Draft.next_attempt_at <= now))
            .order_by(Draft.id)))
        for draft_id in ids:
            if not _claim(s, draft_id):
                continue  # another run has it
            draft = s.get(Draft, draft_id)
            assert draft is not None
            s.refresh(draft)
            try:
                _deliver_one(app, s, draft, actor, report)
            except (ReviewError, OSError, ValueError) as exc:  # rendering, the disk
                s.rollback()
                draft = s.get(Draft, draft_id)
                assert draft is not None
                if draft.state == DraftState.SENDING and not draft.delivery_ref:
                    _failed(s, draft, actor, f"{type(exc).__name__}: {exc}", report)
                elif draft.state == DraftState.SENDING:
                    _doubt(s, draft, actor, f"{type(exc).__name__}: {exc}", report)
    return report
