"""The advice API for staff tools and programs: POST /api/advice.

JSON in, JSON out, a Bearer token with the `advice` scope required. Bad requests get
400 with a message, a missing or wrong token 401, a token without the scope 403; the
answer comes from the same NLU model and the same advice function as the chat (and the
staff side panel).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiohttp import web
from sqlalchemy.orm import Session, sessionmaker

from accounts.access import ADVICE as ADVICE_SCOPE
from accounts.access import Principal
from bot.rasa.client import RasaUnavailable
from bot.web.auth import api
from bot.web.errors import json_error
from bot.web.input import read_json
from bot.web.keys import ADVICE, SESSIONS
from conversation.understanding import neutralise_typed_text
from database import transaction
from registration.service import register_advice

log = logging.getLogger(__name__)

routes = web.RouteTableDef()
MAX_TEXT_CHARS = 2000
MAX_GEMEENTE_CHARS = 100


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
@api(ADVICE_SCOPE)
async def advice(request: web.Request, principal: Principal) -> web.Response:
    text, gemeente = validated_question(await read_json_object(request))
    try:
        result = await request.app[ADVICE].advise_text(text, gemeente)
    except RasaUnavailable:
        return json_error(503, "the language model is not available; try again shortly")
    await register(request, result, principal)
    return web.json_response(result)


async def register(request: web.Request, advice: dict[str, Any], principal: Principal) -> None:
    """The anonymous registration of an answered question (channel staff, at the
    principal's location when it has one)."""
    location = sorted(principal.locations)[0] if len(principal.locations) == 1 else None
    await asyncio.get_running_loop().run_in_executor(
        None, _register, request.app[SESSIONS], advice, location
    )


def _register(
    sessions: sessionmaker[Session], advice: dict[str, Any], location: str | None
) -> None:
    try:
        with transaction(sessions) as session:
            register_advice(session, advice, channel="staff", ido_location_id=location)
    except Exception:
        log.exception("registration of an answered question failed")
