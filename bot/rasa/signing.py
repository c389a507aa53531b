"""Requests between the project's own processes carry an HMAC of their body.

The web app signs what it sends to Rasa's REST channel, and Rasa signs what it sends
to the action server; both receivers refuse a request without a valid, fresh signature
(bot/channels/rest.py, bot/action_server.py). The secret is `INTERNAL_SECRET`, or the
file `var/secrets/internal_secret` (mode 0600, made on first start).

One header, for local tools too::

    X-Wegwijzer-Signature: <unix time>.<hex HMAC-SHA256(secret, "<unix time>." + body)>

A signature older (or newer) than MAX_SKEW_S is refused, so a request seen once cannot
be replayed later. A button press travels as signed metadata (BUTTON_FLAG); typed text
never carries it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any

HEADER = "X-Wegwijzer-Signature"
MAX_SKEW_S = 300
# Set in a message's metadata by a channel that verified a button press itself.
BUTTON_FLAG = "wegwijzer_button"


def signature(secret: str, body: bytes, at: int | None = None) -> str:
    stamp = int(time.time()) if at is None else at
    mac = hmac.new(secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"{stamp}.{mac}"


def signed_headers(secret: str, body: bytes) -> dict[str, str]:
    return {HEADER: signature(secret, body), "Content-Type": "application/json"}


def verify(secret: str, body: bytes, header: str | None, now: float | None = None) -> bool:
    """True when `header` is a fresh signature of `body` with `secret`."""
    if not secret or not header or "." not in header:
        return False
    stamp, _, _mac = header.partition(".")
    if not stamp.isdigit() or len(stamp) > 12:
        return False
    moment = time.time() if now is None else now
    if abs(moment - int(stamp)) > MAX_SKEW_S:
        return False
    return hmac.compare_digest(signature(secret, body, int(stamp)), header)


def json_body(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=True, separators=(",", ":")).encode()
