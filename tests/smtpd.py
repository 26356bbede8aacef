"""A real SMTP server (aiosmtpd) on 127.0.0.1 for the delivery tests."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message as MessageHandler

from tests.dovecot import free_port


class Inbox(MessageHandler):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list[email.message.EmailMessage] = []

    def handle_message(self, message: email.message.Message) -> None:
        self.messages.append(email.message_from_bytes(message.as_bytes(),
                                                      policy=email.policy.default))


H = TypeVar("H", bound=Inbox)


@contextmanager
def smtp_server(handler: H) -> Iterator[tuple[H, int]]:
    """The handler receiving what is sent to the port, while the block runs."""
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()
