"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from contextlib import contextmanager

from aiosmtpd.controller import Controller


class Inbox:
    """aiosmtpd handler: keeps every message; can refuse recipients with a 550."""

    def __init__(self, refuse: str | None = None):
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes: list[tuple] = []
        self.refuse = refuse

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse and address == self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(
            email.message_from_bytes(
                envelope.original_content or envelope.content, policy=email.policy.default
            )
        )
        return "250 Message accepted for delivery"


@contextmanager
def smtp_server(port: int, inbox: Inbox | None = None, **kwargs) -> Iterator[Inbox]:
    inbox = inbox or Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()


def text_part(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_part(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()
