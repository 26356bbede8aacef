"""The customer-desk mailbox over IMAP (imapclient): every message exactly once.

Order of events per message, each safe to interrupt:
  1. FETCH BODY.PEEK[] (the server's \\Seen flag is left alone),
  2. store the raw bytes (fsync) and commit the envelope keyed on
     (account, folder, UIDVALIDITY, UID) — plus Message-ID and sha256,
  3. only then move it to the processed folder (or set the keyword).
A crash between 2 and 3 leaves the message in place; the next pass finds its key
already committed and just finishes step 3.
"""

from __future__ import annotations

import logging
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from email.parser import BytesHeaderParser

from imapclient import IMAPClient

from intake.config import Imap, is_loopback
from intake.models import Envelope
from intake.pipeline import Incoming
from intake.sources.base import Ingest

log = logging.getLogger("intake.sources.imap")


class ImapConfigError(Exception):
    pass


def _ssl_context(cfg: Imap) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=cfg.ca_file or None)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


@contextmanager
def connect(cfg: Imap) -> Iterator[IMAPClient]:
    if cfg.security == "plain" and not is_loopback(cfg.host):
        raise ImapConfigError(
            f"refusing an unencrypted IMAP login to {cfg.host}: plain is only for a loopback "
            "test server; use security = \"ssl\" or \"starttls\"")
    if cfg.security not in ("ssl", "starttls", "plain"):
        raise ImapConfigError(
            f"[imap] security must be ssl, starttls or plain, not {cfg.security!r}")
    client = IMAPClient(cfg.host, port=cfg.port, ssl=cfg.security == "ssl",
                        ssl_context=_ssl_context(cfg) if cfg.security == "ssl" else None,
                        timeout=cfg.timeout)
    try:
        if cfg.security == "starttls":
            client.starttls(_ssl_context(cfg))
        client.login(cfg.user, cfg.password)
        yield client
    finally:
        try:
            client.logout()
        except Exception:  # the server may already be gone; the socket goes with us
            try:
                client.shutdown()
            except Exception:
                pass


def _message_id(raw: bytes) -> str | None:
    try:
        value = BytesHeaderParser().parsebytes(raw[:64_000]).get("Message-ID")
    except Exception:
        return None
    return str(value).strip() if value else None


class ImapSource:
    name = "imap"

    def __init__(self, cfg: Imap) -> None:
        self.cfg = cfg
        self.account = f"{cfg.user}@{cfg.host}:{cfg.port}"

    def _acknowledge(self, client: IMAPClient, uids: list[int]) -> None:
        if not uids:
            return
        if self.cfg.action == "keyword":
            client.add_flags(uids, [self.cfg.keyword.encode()])
        elif client.has_capability("MOVE"):
            client.move(uids, self.cfg.processed_folder)
        else:
            client.copy(uids, self.cfg.processed_folder)
            client.delete_messages(uids)
            if client.has_capability("UIDPLUS"):
                client.uid_expunge(uids)
            else:
                client.expunge()

    def _pending_uids(self, client: IMAPClient) -> list[int]:
        if self.cfg.action == "keyword":
            return sorted(client.search(["NOT", "KEYWORD", self.cfg.keyword, "NOT", "DELETED"]))
        return sorted(client.search(["NOT", "DELETED"]))

    def _ensure_folder(self, client: IMAPClient) -> None:
        if self.cfg.action == "move" and not client.folder_exists(self.cfg.processed_folder):
            client.create_folder(self.cfg.processed_folder)

    def poll(self, ingest: Ingest) -> list[int]:
        ids: list[int] = []
        with connect(self.cfg) as client:
            self._ensure_folder(client)
            for folder in self.cfg.folders:
                ids += self._poll_folder(client, folder, ingest)
        return ids

    def _poll_folder(self, client: IMAPClient, folder: str, ingest: Ingest) -> list[int]:
        info = client.select_folder(folder)
        uidvalidity = int(info[b"UIDVALIDITY"])
        uids = self._pending_uids(client)
        ids: list[int] = []
        for start in range(0, len(uids), max(1, self.cfg.batch)):
            batch = uids[start:start + self.cfg.batch]
            fetched = client.fetch(batch, ["BODY.PEEK[]"])
            items: list[Incoming] = []
            for uid in batch:
                data = fetched.get(uid, {}).get(b"BODY[]")
                if data is None:  # expunged by someone else meanwhile
                    continue
                items.append(Incoming(
                    data=bytes(data), source=self.name, source_ref=f"{folder}/{uid}",
                    channel="email", message_id=_message_id(bytes(data)),
                    account=self.account, folder=folder, uidvalidity=uidvalidity, uid=uid))
            del fetched
            if not items:
                continue
            ids += [env.id for env, _new in ingest(items)]
            # Acknowledge only after every envelope of the batch has committed.
            self._acknowledge(client, [item.uid for item in items if item.uid is not None])
        log.info("imap %s/%s: %d messages", self.account, folder, len(ids))
        return ids

    def settle(self, envelope: Envelope) -> None:
        return None


def in_sent(cfg: Imap, message_id: str) -> bool:
    """Is a reply with this Message-ID in the Sent folder (copied after it was sent)?"""
    with connect(cfg) as client:
        if not client.folder_exists(cfg.sent_folder):
            return False
        client.select_folder(cfg.sent_folder, readonly=True)
        return bool(client.search(["HEADER", "Message-ID", message_id]))


def append_sent(cfg: Imap, raw: bytes) -> None:
    """Copy a delivered reply into the Sent folder, so the desk sees it in its mail client."""
    with connect(cfg) as client:
        if not client.folder_exists(cfg.sent_folder):
            client.create_folder(cfg.sent_folder)
        client.append(cfg.sent_folder, raw, flags=[b"\\Seen"])

