"""The advice API for staff tools and programs: POST /api/advice.

JSON in, JSON out, Bearer token required. Bad requests get 400 with a message, a
missing or wrong token 401; the answer comes from the same NLU model and the same
advice function as the chat.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiohttp import web
from sqlalchemy.orm import Session, sessionmaker

from accounts.tokens import verify_token
from bot.rasa.client import RasaUnavailable
from bot.web.errors import json_error
from bot.web.input import read_json
from bot.web.keys import ADVICE, SESSIONS, SETTINGS
from bot.web.limits import TOO_MANY, WINDOW_S, over_limit
from conversation.understanding import neutralise_typed_text
from database import transaction
from registration.service import register_advice

log = logging.getLogger(__name__)

routes = web.RouteTableDef()
MAX_TEXT_CHARS = 2000
MAX_GEMEENTE_CHARS = 100


def bearer_token(request: web.Request) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


class TooManyRequests(web.HTTPTooManyRequests):
    def __init__(self) -> None:
        super().__init__(text=TOO_MANY, headers={"Retry-After": str(WINDOW_S)})


async def authenticated(request: web.Request) -> str | None:
    """The token's name, or None. The lookup runs off the event loop. Each token (also a
    wrong one) has its own rate limit; raises TooManyRequests over it."""
    token = bearer_token(request)
    if token is None:
        return None
    if len(token) > 200:
        return None
    if await over_limit(request, "token", token, request.app[SETTINGS].rate_per_token):
        raise TooManyRequests()

    def check() -> str | None:
        with transaction(request.app[SESSIONS]) as session:
            return verify_token(session, token)

    return await asyncio.get_running_loop().run_in_executor(None, check)


async def read_json_object(request: web.Request) -> dict[str, Any]:
    body = await read_json(request)
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text="the body must be a JSON object")
    return body


def validated_question(body: dict[str, Any]) -> tuple[str, str | None]:
    text = body.get("text")
    if text is None:
        raise web.HTTPBadRequest(text="'text' is required")
    if not isinstance(text, str):
        raise web.HTTPBadRequest(text="'text' must be a string")
    text = neutralise_typed_text(text)
    if not text:
        raise web.HTTPBadRequest(text="'text' is empty")
    if len(text) > MAX_TEXT_CHARS:
        raise web.HTTPBadRequest(text=f"'text' is longer than {MAX_TEXT_CHARS} characters")
    gemeente = body.get("gemeente")
    if gemeente is not None:
        if not isinstance(gemeente, str):
            raise web.HTTPBadRequest(text="'gemeente' must be a string (a name or CBS code)")
        gemeente = gemeente.strip()[:MAX_GEMEENTE_CHARS] or None
    return text, gemeente


@routes.post("/api/advice")
async def advice(request: web.Request) -> web.Response:
    if await authenticated(request) is None:
        return json_error(401, "a valid token is required: Authorization: Bearer <token>")
    text, gemeente = validated_question(await read_json_object(request))
    try:
        result = await request.app[ADVICE].advise_text(text, gemeente)
    except RasaUnavailable:
        return json_error(503, "the language model is not available; try again shortly")
    await asyncio.get_running_loop().run_in_executor(None, _register, request.app[SESSIONS], result)
    return web.json_response(result)


def _register(sessions: sessionmaker[Session], advice: dict[str, Any]) -> None:
    """The anonymous registration of an answered question (channel: staff)."""
    try:
        with transaction(sessions) as session:
            register_advice(session, advice, channel="staff")
    except Exception:
        log.exception("registration of an answered question failed")
