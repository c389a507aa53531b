"""The inhabitants' chat: a page, and JSON endpoints that talk to Rasa for it.

The conversation id comes from a signed cookie that the server issues. A typed message
never sets an intent directly: Rasa reads text that starts with "/" as an intent, so
typed text is stripped of leading slashes, and a button payload is passed on only when
that button was offered in this conversation's last answer.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Awaitable
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.rasa.client import RasaUnavailable, messages_for_chat, offered_payloads
from bot.web.conversation_id import COOKIE_NAME, new_conversation_id, sign, verify
from bot.web.errors import MESSAGES_NL
from bot.web.keys import CHAT_IP_LIMIT, CHAT_LIMIT, OFFERED, RASA, SETTINGS
from bot.web.ratelimit import client_key
from conversation.understanding import neutralise_typed_text

routes = web.RouteTableDef()
TEMPLATES = Path(__file__).parent / "templates"
MAX_MESSAGE_CHARS = 1000
UNAVAILABLE = [{"text": MESSAGES_NL[503]}]
SLOW_DOWN = "U stuurt veel berichten kort na elkaar. Wacht een minuut en probeer het dan opnieuw."
STALE_BUTTON = (
    "Die knop hoort bij een eerdere vraag. Kies een knop onder het laatste bericht, "
    "of typ uw antwoord."
)


class OfferedButtons:
    """The button payloads offered in each conversation's latest answer (bounded)."""

    def __init__(self, max_conversations: int = 10_000):
        self._offered: OrderedDict[str, set[str]] = OrderedDict()
        self._max = max_conversations

    def remember(self, conversation_id: str, payloads: list[str]) -> None:
        self._offered[conversation_id] = set(payloads)
        self._offered.move_to_end(conversation_id)
        while len(self._offered) > self._max:
            self._offered.popitem(last=False)

    def was_offered(self, conversation_id: str, payload: str) -> bool:
        return payload in self._offered.get(conversation_id, set())


def _conversation_id(request: web.Request) -> str | None:
    return verify(request.cookies.get(COOKIE_NAME), request.app[SETTINGS].session_secret)


def _set_cookie(response: web.StreamResponse, request: web.Request, conversation_id: str) -> None:
    settings = request.app[SETTINGS]
    response.set_cookie(
        COOKIE_NAME,
        sign(conversation_id, settings.session_secret),
        httponly=True,
        samesite="Strict",
        secure=settings.cookie_secure,
        path="/",
        max_age=24 * 3600,
    )


@routes.get("/")
async def chat_page(request: web.Request) -> web.Response:
    response = web.Response(
        text=(TEMPLATES / "chat.html").read_text(encoding="utf-8"),
        content_type="text/html",
        charset="utf-8",
    )
    if _conversation_id(request) is None:
        _set_cookie(response, request, new_conversation_id())
    return response


async def _reply(
    request: web.Request, conversation_id: str, coro: Awaitable[list[dict[str, Any]]]
) -> web.Response:
    try:
        messages = messages_for_chat(await coro)
    except RasaUnavailable:
        messages = UNAVAILABLE
    request.app[OFFERED].remember(conversation_id, offered_payloads(messages))
    response = web.json_response({"messages": messages})
    _set_cookie(response, request, conversation_id)
    return response


def _too_many(request: web.Request, conversation_id: str | None) -> web.Response | None:
    """A kind message (429) when this conversation or this address sends too much."""
    wait = request.app[CHAT_IP_LIMIT].hit(client_key(request))
    if not wait and conversation_id:
        wait = request.app[CHAT_LIMIT].hit(conversation_id)
    if not wait:
        return None
    return web.json_response(
        {"messages": [{"text": SLOW_DOWN}], "retry_after": round(wait)},
        status=429,
        headers={"Retry-After": str(max(1, round(wait)))},
    )


@routes.post("/chat/start")
async def chat_start(request: web.Request) -> web.Response:
    """Open a conversation: the assistant's first message (it says it is a program)."""
    conversation_id = _conversation_id(request) or new_conversation_id()
    limited = _too_many(request, conversation_id)
    if limited is not None:
        return limited
    return await _reply(
        request,
        conversation_id,
        request.app[RASA].open_conversation(conversation_id, "action_welcome"),
    )


@routes.post("/chat/message")
async def chat_message(request: web.Request) -> web.Response:
    conversation_id = _conversation_id(request)
    if conversation_id is None:
        return web.json_response(
            {
                "messages": [{"text": "Uw gesprek is verlopen. Laad de pagina opnieuw."}],
                "expired": True,
            },
            status=409,
        )
    limited = _too_many(request, conversation_id)
    if limited is not None:
        return limited
    try:
        body: dict[str, Any] = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise web.HTTPBadRequest(text="Uw bericht kon niet worden gelezen.") from None
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text="Uw bericht kon niet worden gelezen.") from None
    payload, text = body.get("payload"), body.get("text")
    if isinstance(payload, str) and payload:
        if not request.app[OFFERED].was_offered(conversation_id, payload):
            return web.json_response({"messages": [{"text": STALE_BUTTON}]})
        message = payload
    elif isinstance(text, str):
        message = neutralise_typed_text(text)
        if not message:
            raise web.HTTPBadRequest(text="Typ eerst uw vraag.")
        if len(message) > MAX_MESSAGE_CHARS:
            raise web.HTTPBadRequest(
                text=f"Uw bericht is te lang. Er passen {MAX_MESSAGE_CHARS} tekens in één "
                "bericht. Stuur uw vraag in twee delen."
            )
    else:
        raise web.HTTPBadRequest(text="Typ eerst uw vraag.")
    return await _reply(
        request, conversation_id, request.app[RASA].send_message(conversation_id, message)
    )
