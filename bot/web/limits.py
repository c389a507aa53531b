"""Rate limits per client: per address, per conversation (chat) and per API token.

Fixed one-minute windows counted in the shared state (Redis in the scaled topology, so
every web app counts the same; memory otherwise). Over the limit: 429 with Retry-After
and a clear message. A library's public computers share one address, so the per-address
limit is generous and the chat is limited per conversation as well.

The client's address is the connection's, or, when the connection comes from a trusted
proxy (nginx, the TLS proxy), the last address that proxy put in X-Forwarded-For.
When the shared state does not answer, requests are let through (and /health says so):
a limiter must not take the chat down.
"""

from __future__ import annotations

import hashlib
import logging
import time

from aiohttp import web
from aiohttp.typedefs import Handler

from bot.web.errors import json_error
from bot.web.keys import SETTINGS, STATE
from bot.web.shared_state import StateUnavailable

log = logging.getLogger("wegwijzer.web.limits")
WINDOW_S = 60
TOO_MANY = "Te veel verzoeken achter elkaar. Wacht een minuut en probeer het dan opnieuw."
EXEMPT_PREFIXES = ("/static/", "/health")


def client_address(request: web.Request) -> str:
    remote = request.remote or "?"
    if remote in request.app[SETTINGS].trusted_proxies:
        forwarded = request.headers.get("X-Forwarded-For", "")
        last = forwarded.split(",")[-1].strip()
        if last and len(last) <= 64:
            return last
    return remote


def hashed(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8", "replace")).hexdigest()[:24]


async def over_limit(request: web.Request, scope: str, who: str, limit: int) -> bool:
    """Count one request of `who` in `scope`; True when this one is over `limit`."""
    if limit <= 0:
        return False
    window = int(time.time() // WINDOW_S)
    try:
        count = await request.app[STATE].incr(f"rl:{scope}:{hashed(who)}:{window}", WINDOW_S * 2)
    except StateUnavailable:
        log.warning("rate limit state unavailable: request let through")
        return False
    return count > limit


def too_many() -> web.Response:
    response = json_error(429, TOO_MANY)
    response.headers["Retry-After"] = str(WINDOW_S)
    return response


@web.middleware
async def rate_limit(request: web.Request, handler: Handler) -> web.StreamResponse:
    if request.path.startswith(EXEMPT_PREFIXES):
        return await handler(request)
    limit = request.app[SETTINGS].rate_per_client
    if await over_limit(request, "client", client_address(request), limit):
        return too_many()
    return await handler(request)
