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


class NotSent(Exception):
    """The server never took the message (no connection, login refused, rejected):
    safe to try again later. The text is for the desk."""


class MaybeSent(Exception):
    """The connection broke while the message was being handed over: it may have gone.
    Never sent again without a person."""


def send(settings: SmtpSettings, msg: EmailMessage | MIMEText) -> str:
    """Send and return the Message-ID; NotSent or MaybeSent on failure."""
    where = f"{settings.host}:{settings.port}"
    if settings.user and settings.security == "plain" and not _loopback(settings.host):
        raise NotSent(f"暗号化なし（plain）ではパスワードを {where} へ送りません")
    context = ssl.create_default_context()
    try:
        if settings.security == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(settings.host, settings.port,
                                                    timeout=settings.timeout, context=context)
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    except OSError as exc:
        raise NotSent(f"メールサーバー {where} に接続できませんでした"
                      f"（{exc.strerror or type(exc).__name__}）") from exc
    with client:
        try:
            if settings.security == "starttls":
                client.starttls(context=context)
            if settings.user:
                client.login(settings.user, settings.password)
        except smtplib.SMTPAuthenticationError as exc:
            raise NotSent(f"メールサーバー {where} へのログインが拒否されました"
                          "（ユーザー名・パスワードを確認してください）") from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise NotSent(f"メールサーバー {where} との暗号化・ログインに失敗しました"
                          f"（{type(exc).__name__}）") from exc
        try:
            client.send_message(msg)
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused,
                smtplib.SMTPDataError) as exc:
            raise NotSent(f"メールサーバー {where} が受け取りを拒否しました（{exc}）") from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise MaybeSent(f"メールサーバー {where} への送信中に接続が切れました。"
                            "送信されたか確かめてください") from exc
    return str(msg["Message-ID"])


def _loopback(host: str) -> bool:
    return host in ("localhost", "::1") or host.startswith("127.")
