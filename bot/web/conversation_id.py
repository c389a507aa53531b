"""Conversation ids issued by the server: random, signed, kept in a cookie.

The client never chooses its conversation id: a guessed or altered id fails the
signature check and the client gets a fresh conversation instead.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

COOKIE_NAME = "wegwijzer_conversation"


def new_conversation_id() -> str:
    return secrets.token_urlsafe(18)


def sign(conversation_id: str, secret: str) -> str:
    mac = hmac.new(secret.encode(), conversation_id.encode(), hashlib.sha256).hexdigest()[:32]
    return f"{conversation_id}.{mac}"


def verify(cookie_value: str | None, secret: str) -> str | None:
    """The conversation id in a signed cookie value, or None when absent or forged."""
    if not cookie_value or "." not in cookie_value:
        return None
    conversation_id, _, _ = cookie_value.rpartition(".")
    if not conversation_id or not hmac.compare_digest(sign(conversation_id, secret), cookie_value):
        return None
    return conversation_id
