"""The inhabitants' chat: a page, and JSON endpoints that talk to Rasa for it.

The conversation id comes from a signed cookie that the server issues, with its issue
time inside the signature: the server decides when it expires, and it is replaced by a
new generation when the person consents to a referral (the old value then stops
working). It is Secure outside localhost unless COOKIE_SECURE says otherwise.

Only same-site JSON posts are taken (Origin / Sec-Fetch-Site, Content-Type), and each
conversation has a rate limit. A typed message never sets an intent: Rasa reads text
that starts with "/" as an intent, so typed text loses its leading slashes; a button
payload is passed on, as a signed button press, only when that button was offered in
this conversation's last answer (Rasa's channel checks it again).

When Rasa or the action server cannot answer, the person gets a kind Dutch message with
where to get help now; the conversation goes on when they are back.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web

from bot.rasa.client import RasaUnavailable, messages_for_chat, offered_payloads
from bot.web.conversation_id import (
    COOKIE_NAME,
    ConversationCookie,
    new_conversation_id,
    new_generation,
    read,
    sign,
)
from bot.web.input import InputError, bad_text, is_json, read_json
from bot.web.keys import RASA, SETTINGS, STATE
from bot.web.limits import TOO_MANY, WINDOW_S, over_limit
from bot.web.shared_state import StateUnavailable
from conversation.understanding import neutralise_typed_text

log = logging.getLogger("wegwijzer.web.chat")
routes = web.RouteTableDef()
TEMPLATES = Path(__file__).parent / "templates"
MAX_MESSAGE_CHARS = 1000
IDO_HELP = (
    "het Informatiepunt Digitale Overheid in uw bibliotheek. Daar helpen ze u gratis, "
    "ook als u geen lid bent"
)
UNAVAILABLE_TEXT = (
    "Het spijt me, Wegwijzer kan uw vraag nu even niet beantwoorden. Probeer het over een "
    "paar minuten opnieuw; uw gesprek blijft bewaard. Wilt u nu meteen hulp? Ga naar {ido}."
)
STALE_BUTTON = (
    "Die knop hoort bij een eerdere vraag. Kies een knop onder het laatste bericht, "
    "of typ uw antwoord."
)
EXPIRED = "Uw gesprek is verlopen. Laad de pagina opnieuw."
NOT_READABLE = "Uw bericht kon niet worden gelezen."
WRONG_SITE = "Dit gesprek kan alleen vanaf de chatpagina van Wegwijzer."
# Pressing this button is the person's yes to passing their details on: the cookie is
# replaced then (a copy of the old one, on a shared computer say, stops working).
CONSENT_PAYLOAD = "/affirm"
BUTTONS_TTL_S = 24 * 3600


def unavailable_messages() -> list[dict[str, Any]]:
    return [{"text": UNAVAILABLE_TEXT.format(ido=IDO_HELP)}]


# ----------------------------------------------------------------------------- cookie
def _secure(request: web.Request) -> bool:
    configured = request.app[SETTINGS].cookie_secure
    if configured is not None:
        return configured
    host = request.host.lower()
    name = host[1:].split("]")[0] if host.startswith("[") else host.rsplit(":", 1)[0]
    return name not in ("localhost", "127.0.0.1", "::1")


def _set_cookie(response: web.StreamResponse, request: web.Request, value: str) -> None:
    settings = request.app[SETTINGS]
    response.set_cookie(
        COOKIE_NAME,
        value,
        httponly=True,
        samesite="Strict",
        secure=_secure(request),
        path="/",
        max_age=settings.conversation_max_age_s,
    )


async def _current(request: web.Request) -> ConversationCookie | None:
    """The valid cookie of this request: signed, unexpired, and its latest generation."""
    settings = request.app[SETTINGS]
    cookie = read(
        request.cookies.get(COOKIE_NAME), settings.session_secret, settings.conversation_max_age_s
    )
    if cookie is None:
        return None
    try:
        latest = await request.app[STATE].get(f"gen:{cookie.key}")
    except StateUnavailable:
        return cookie  # the signature and expiry still hold
    if latest is not None and latest != cookie.generation:
        return None  # replaced by a newer cookie
    return cookie


async def _issue(request: web.Request, conversation_id: str, issued_at: int | None = None) -> str:
    settings = request.app[SETTINGS]
    generation = new_generation()
    value = sign(conversation_id, settings.session_secret, issued_at, generation)
    cookie = read(value, settings.session_secret, settings.conversation_max_age_s)
    assert cookie is not None
    try:
        await request.app[STATE].set(
            f"gen:{cookie.key}", generation, settings.conversation_max_age_s
        )
    except StateUnavailable:
        log.warning("shared state unavailable: cookie generation not recorded")
    return value


# ----------------------------------------------------------------------------- buttons
async def _remember_buttons(
    request: web.Request, cookie: ConversationCookie, payloads: list[str]
) -> None:
    try:
        await request.app[STATE].set(f"buttons:{cookie.key}", "\n".join(payloads), BUTTONS_TTL_S)
    except StateUnavailable:
        log.warning("shared state unavailable: offered buttons not recorded")


async def _was_offered(request: web.Request, cookie: ConversationCookie, payload: str) -> bool:
    try:
        offered = await request.app[STATE].get(f"buttons:{cookie.key}")
    except StateUnavailable:
        return True  # Rasa's channel checks the offered buttons again
    return payload in (offered or "").split("\n")


# ----------------------------------------------------------------------------- requests
def _same_site(request: web.Request) -> bool:
    """A browser says where a request comes from; only the chat page itself may post,
    and the library sites that host the widget (WIDGET_ORIGINS, see bot/web/widget.py)."""
    origin = request.headers.get("Origin")
    if origin is not None and origin.rstrip("/") in request.app[SETTINGS].widget_origins:
        return True
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        return False
    if origin is not None:
        return urlsplit(origin).netloc.lower() == request.host.lower()
    return True


def _refuse(status: int, text: str, **extra: Any) -> web.Response:
    return web.json_response({"messages": [{"text": text}], "error": text, **extra}, status=status)


def _slow_down() -> web.Response:
    """429 in the chat's shape, so the page shows the kind message as an answer."""
    response = _refuse(429, TOO_MANY, retry_after=WINDOW_S)
    response.headers["Retry-After"] = str(WINDOW_S)
    return response


@routes.get("/")
async def chat_page(request: web.Request) -> web.Response:
    response = web.Response(
        text=(TEMPLATES / "chat.html").read_text(encoding="utf-8"),
        content_type="text/html",
        charset="utf-8",
    )
    if await _current(request) is None:
        _set_cookie(response, request, await _issue(request, new_conversation_id()))
    return response


async def _reply(
    request: web.Request,
    cookie: ConversationCookie,
    coro: Awaitable[list[dict[str, Any]]],
    rotate: bool = False,
) -> web.Response:
    try:
        messages = messages_for_chat(await coro)
    except RasaUnavailable as exc:
        log.warning("no answer from Rasa: %s", str(exc)[:120])
        messages = []
    if not messages:  # Rasa or the action server could not answer this turn
        messages = unavailable_messages()
    await _remember_buttons(request, cookie, offered_payloads(messages))
    response = web.json_response({"messages": messages})
    if rotate:
        _set_cookie(response, request, await _issue(request, cookie.conversation_id))
    return response


async def _guard(request: web.Request) -> ConversationCookie | web.Response:
    """The checks every chat post passes: same site, JSON, a valid cookie, the rate."""
    if not _same_site(request):
        return _refuse(403, WRONG_SITE)
    if not is_json(request):
        return _refuse(415, NOT_READABLE)
    cookie = await _current(request)
    if cookie is None:
        return _refuse(409, EXPIRED, expired=True)
    limit = request.app[SETTINGS].rate_chat_per_conversation
    if await over_limit(request, "chat", cookie.key, limit):
        return _slow_down()
    return cookie


@routes.post("/chat/start")
async def chat_start(request: web.Request) -> web.Response:
    """Open a conversation: the assistant's first message (it says it is a program)."""
    if not _same_site(request):
        return _refuse(403, WRONG_SITE)
    if not is_json(request):
        return _refuse(415, NOT_READABLE)
    cookie = await _current(request)
    if cookie is None:  # no page load before (or an expired cookie): a new conversation
        value = await _issue(request, new_conversation_id())
        settings = request.app[SETTINGS]
        cookie = read(value, settings.session_secret, settings.conversation_max_age_s)
        assert cookie is not None
        response = await _reply(
            request,
            cookie,
            request.app[RASA].open_conversation(cookie.conversation_id, "action_welcome"),
        )
        _set_cookie(response, request, value)
        return response
    if await over_limit(
        request, "chat", cookie.key, request.app[SETTINGS].rate_chat_per_conversation
    ):
        return _slow_down()
    return await _reply(
        request,
        cookie,
        request.app[RASA].open_conversation(cookie.conversation_id, "action_welcome"),
    )


@routes.post("/chat/message")
async def chat_message(request: web.Request) -> web.Response:
    guarded = await _guard(request)
    if isinstance(guarded, web.Response):
        return guarded
    cookie = guarded
    try:
        body = await read_json(request)
    except InputError:
        raise web.HTTPBadRequest(text=NOT_READABLE) from None
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text=NOT_READABLE)
    payload, text = body.get("payload"), body.get("text")
    rasa = request.app[RASA]
    if isinstance(payload, str) and payload:
        if len(payload) > MAX_MESSAGE_CHARS or not await _was_offered(request, cookie, payload):
            return web.json_response({"messages": [{"text": STALE_BUTTON}]})
        return await _reply(
            request,
            cookie,
            rasa.send_message(cookie.conversation_id, payload, button=True),
            rotate=payload == CONSENT_PAYLOAD,
        )
    if not isinstance(text, str) or bad_text(text):
        raise web.HTTPBadRequest(text="Typ eerst uw vraag.")
    message = neutralise_typed_text(text)
    if not message:
        raise web.HTTPBadRequest(text="Typ eerst uw vraag.")
    if len(message) > MAX_MESSAGE_CHARS:
        raise web.HTTPBadRequest(
            text=f"Uw bericht is te lang. Er passen {MAX_MESSAGE_CHARS} tekens in één "
            "bericht. Stuur uw vraag in twee delen."
        )
    return await _reply(request, cookie, rasa.send_message(cookie.conversation_id, message))
