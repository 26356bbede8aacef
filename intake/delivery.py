"""Delivery of approved drafts only: email by SMTP, letters as PDFs in the outbox."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy import select

from intake.app import App
from intake.models import Draft, Envelope, EnvelopeState, utcnow
from intake.pipeline import audit
from outbox.letter import render_letter_pdf
from outbox.review import next_state
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
                if draft.channel == "email":
                    msg = build_message(sender=cfg.smtp_sender, to=draft.to,
                                        subject=draft.subject, body=draft.body,
                                        charset=cfg.smtp.charset,
                                        in_reply_to=meta.get("message_id"),
                                        references=meta.get("references"))
                    ref = send(smtp, msg)
                    if cfg.imap.sent_folder and cfg.imap.host:
                        _copy_to_sent(app, msg.as_bytes())
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
                env.state = EnvelopeState.DELIVERED
            audit(s, "delivered", actor=actor, envelope_id=draft.envelope_id, draft_id=draft.id,
                  channel=draft.channel, ref=ref)
            s.commit()
            report.delivered.append(draft.id)
    return report
