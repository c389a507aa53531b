"""Conversation ids issued by the server: random, signed with their issue time, in a cookie.

The client never chooses its conversation id: a guessed or altered id fails the
signature check and the client gets a fresh conversation instead. The cookie value is

    <conversation id>.<issued at, unix seconds>.<generation>.<HMAC of the three>

so the server itself decides how long a cookie counts (`max_age_s`, whatever the
browser keeps), and a cookie can be replaced by a new generation (rotation, when the
person consents to a referral) after which the old value no longer works
(bot/web/chat.py keeps the current generation per conversation).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass

COOKIE_NAME = "wegwijzer_conversation"
FUTURE_SKEW_S = 60


@dataclass(frozen=True)
class ConversationCookie:
    conversation_id: str
    issued_at: int
    generation: str

    @property
    def key(self) -> str:
        """A name for the conversation in shared state that does not reveal its id."""
        return hashlib.sha256(self.conversation_id.encode()).hexdigest()[:32]


def new_conversation_id() -> str:
    return secrets.token_urlsafe(18)


def new_generation() -> str:
    return secrets.token_urlsafe(6)


def _mac(secret: str, message: str) -> str:
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()[:32]


def sign(
    conversation_id: str,
    secret: str,
    issued_at: int | None = None,
    generation: str | None = None,
) -> str:
    stamp = int(time.time()) if issued_at is None else issued_at
    body = f"{conversation_id}.{stamp}.{generation or new_generation()}"
    return f"{body}.{_mac(secret, body)}"


def read(
    cookie_value: str | None, secret: str, max_age_s: int, now: float | None = None
) -> ConversationCookie | None:
    """The cookie's contents, or None when absent, forged, or older than `max_age_s`."""
    if not cookie_value or cookie_value.count(".") != 3 or len(cookie_value) > 200:
        return None
    body, _, mac = cookie_value.rpartition(".")
    if not hmac.compare_digest(_mac(secret, body), mac):
        return None
    conversation_id, stamp, generation = body.split(".")
    if not conversation_id or not stamp.isdigit() or not generation:
        return None
    moment = time.time() if now is None else now
    issued = int(stamp)
    if issued > moment + FUTURE_SKEW_S or moment - issued > max_age_s:
        return None
    return ConversationCookie(conversation_id, issued, generation)


def verify(
    cookie_value: str | None, secret: str, max_age_s: int = 12 * 3600, now: float | None = None
) -> str | None:
    """The conversation id in a valid, unexpired cookie value, or None."""
    found = read(cookie_value, secret, max_age_s, now)
    return found.conversation_id if found else None
