"""Delivery of approved drafts only: email by SMTP, letters as PDFs in the outbox."""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from intake.app import App
from intake.models import Draft, Envelope, EnvelopeState, utcnow
from intake.pipeline import audit
from intake.review import blockers
from outbox.drafts import PASSWORD
from outbox.letter import render_letter_pdf
from outbox.review import ReviewError, next_state
from outbox.secure import lock_pdf, new_password
from outbox.smtp import SmtpSettings, build_message, send

log = logging.getLogger("intake.delivery")


@dataclass
class DeliveryReport:
    delivered: list[int] = field(default_factory=list)
    failed: dict[int, str] = field(default_factory=dict)


def _copy_to_sent(app: App, raw: bytes) -> None:
    from intake.sources.imap import append_sent
    try:
        append_sent(app.config.imap, raw)
    except Exception as exc:  # the reply went out; a missing copy is worth a warning only
        log.warning("reply sent but not copied to %s: %s", app.config.imap.sent_folder, exc)


# Drafts after which the case is still open.
OPENING = ("acknowledgement_letter", "address_proof_letter")


def _deliver_electronic(app: App, smtp: SmtpSettings, draft: Draft) -> str:
    """The disclosure as a locked PDF by mail, and its password as a printed letter
    for the post. The password exists only in that letter."""
    cfg = app.config
    password = new_password()
    with tempfile.TemporaryDirectory() as tmp:
        plain = render_letter_pdf(draft.body, Path(tmp) / "d.pdf", title=draft.subject)
        locked = lock_pdf(plain.read_bytes(), password)
    msg = build_message(sender=cfg.smtp_sender, to=draft.to, subject=draft.subject,
                        body=draft.parts["mail"],
                        attachments=[(f"APPI-{draft.envelope_id}-kaiji.pdf", locked)])
    ref = send(smtp, msg)
    letter = draft.parts["password_letter"].replace(PASSWORD, password)
    render_letter_pdf(letter, cfg.outbox_dir / "letters" /
                      f"APPI-{draft.envelope_id}-draft{draft.id}-password.pdf",
                      title="開示ファイルのパスワードについて")
    return ref


def deliver(app: App, actor: str) -> DeliveryReport:
    report = DeliveryReport()
    cfg = app.config
    smtp = SmtpSettings(cfg.smtp.host, cfg.smtp.port, cfg.smtp.security, cfg.smtp.user,
                        cfg.smtp.password)
    with app.sessions() as s:
        drafts = list(s.scalars(select(Draft).where(Draft.state == "approved").order_by(Draft.id)))
        for draft in drafts:
            env = s.get(Envelope, draft.envelope_id)
            meta = env.meta if env else {}
            try:
                next_state("deliver", draft.state)
                missing = blockers(draft)
                if missing:  # approved before a gate existed, or edited in the database
                    raise ReviewError("未完成のため送れません: " + " / ".join(missing))
                if draft.channel == "email":
                    msg = build_message(sender=cfg.smtp_sender, to=draft.to,
                                        subject=draft.subject, body=draft.body,
                                        charset=cfg.smtp.charset,
                                        in_reply_to=meta.get("message_id"),
                                        references=meta.get("references"))
                    ref = send(smtp, msg)
                    if cfg.imap.sent_folder and cfg.imap.host:
                        _copy_to_sent(app, msg.as_bytes())
                elif draft.channel == "electronic":
                    ref = _deliver_electronic(app, smtp, draft)
                else:
                    name = f"APPI-{draft.envelope_id}-draft{draft.id}.pdf"
                    path = cfg.outbox_dir / "letters" / name
                    ref = str(render_letter_pdf(draft.body, path, title=draft.subject))
            except Exception as exc:  # the draft stays approved; the next run tries again
                reason = f"{type(exc).__name__}: {exc}"
                report.failed[draft.id] = reason
                audit(s, "delivery_failed", actor=actor, envelope_id=draft.envelope_id,
                      draft_id=draft.id, reason=reason)
                s.commit()
                log.error("draft %s not delivered: %s", draft.id, reason)
                continue
            draft.state = "delivered"
            draft.delivered_at, draft.delivery_ref = utcnow(), ref
            if env is not None:
                # A receipt leaves the case open: its answer waits for a person.
                env.state = EnvelopeState.WAITING if draft.template in OPENING \
                    else EnvelopeState.DELIVERED
            audit(s, "delivered", actor=actor, envelope_id=draft.envelope_id, draft_id=draft.id,
                  channel=draft.channel, ref=ref)
            s.commit()
            report.delivered.append(draft.id)
    return report
