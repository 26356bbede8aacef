"""Approved email replies out by SMTP."""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.header import Header
from email.message import EmailMessage
from email.mime.text import MIMEText
from email.utils import formatdate, make_msgid


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str = "plain"  # plain | starttls | ssl
    user: str = ""
    password: str = ""
    timeout: float = 30.0


def build_message(*, sender: str, to: str, subject: str, body: str, charset: str = "utf-8",
                  in_reply_to: str | None = None, references: list[str] | None = None,
                  domain: str | None = None,
                  attachments: list[tuple[str, bytes]] | None = None
                  ) -> EmailMessage | MIMEText:
    if attachments:
        charset = "utf-8"  # a multipart mail: UTF-8 parts throughout
    if charset.lower() == "iso-2022-jp":
        try:
            body.encode("iso-2022-jp")
            msg: EmailMessage | MIMEText = MIMEText(body, "plain", "iso-2022-jp")
            msg["Subject"] = Header(subject, "iso-2022-jp")
        except UnicodeEncodeError:
            # ①, 髙 and friends do not exist in ISO-2022-JP: send UTF-8 rather than lose them.
            return build_message(sender=sender, to=to, subject=subject, body=body,
                                 in_reply_to=in_reply_to, references=references, domain=domain,
                                 attachments=attachments)
    else:
        msg = EmailMessage()
        msg.set_content(body, charset="utf-8")
        msg["Subject"] = subject
        for filename, data in attachments or []:
            msg.add_attachment(data, maintype="application", subtype="pdf", filename=filename)
    msg["From"] = sender
    msg["To"] = to
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain=domain or sender.split("@")[-1])
    # RFC 3834: never to be answered by an auto-responder — and our own reader
    # recognises its mail by the second header, so a note read back is never answered.
    msg["Auto-Submitted"] = "auto-generated"
    msg["X-APPI-Intake"] = "reply"
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
        msg["References"] = " ".join([*(references or []), in_reply_to])
    return msg


def send(settings: SmtpSettings, msg: EmailMessage | MIMEText) -> str:
    """Send and return the Message-ID; raises OSError/SMTPException on failure."""
    context = ssl.create_default_context()
    if settings.security == "ssl":
        client: smtplib.SMTP = smtplib.SMTP_SSL(settings.host, settings.port,
                                                timeout=settings.timeout, context=context)
    else:
        client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    with client:
        if settings.security == "starttls":
            client.starttls(context=context)
        if settings.user:
            client.login(settings.user, settings.password)
        client.send_message(msg)
    return str(msg["Message-ID"])
