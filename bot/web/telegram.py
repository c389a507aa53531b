"""POST /telegram/webhook: Telegram's updates, passed on to the Telegram channel in Rasa.

Rasa listens on loopback only; the web app is the one public entry. The secret token
Telegram sends (X-Telegram-Bot-Api-Secret-Token) is checked here and again by the
channel (bot/channels/telegram.py); a wrong or missing one gets 403.
"""

from __future__ import annotations

import hmac

import aiohttp
from aiohttp import web

from bot.web.keys import HTTP, SETTINGS

routes = web.RouteTableDef()
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
RASA_PATH = "/webhooks/telegram/webhook"


@routes.post("/telegram/webhook")
async def webhook(request: web.Request) -> web.Response:
    settings = request.app[SETTINGS]
    if not settings.telegram_enabled:
        raise web.HTTPNotFound()
    presented = request.headers.get(SECRET_HEADER, "")
    if not hmac.compare_digest(presented.encode(), settings.telegram_secret.encode()):
        return web.Response(status=403, text="forbidden")
    body = await request.read()
    try:
        async with request.app[HTTP].post(
            settings.rasa_url + RASA_PATH,
            data=body,
            headers={"Content-Type": "application/json", SECRET_HEADER: presented},
            timeout=aiohttp.ClientTimeout(total=60),
        ) as answer:
            return web.Response(status=answer.status, text=await answer.text())
    except (aiohttp.ClientError, OSError, TimeoutError):
        # Telegram sends the update again later.
        return web.Response(status=503, text="assistant unavailable")
