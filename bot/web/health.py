"""GET /health: the state of the Rasa server, the action server and the database."""

from __future__ import annotations

import asyncio

import aiohttp
from aiohttp import web
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bot.web.keys import ENGINE, HTTP, RASA, SETTINGS

routes = web.RouteTableDef()


async def _http_ok(session: aiohttp.ClientSession, url: str) -> bool:
    try:
        async with session.get(url, timeout=aiohttp.ClientTimeout(total=3)) as response:
            return response.status == 200
    except (aiohttp.ClientError, OSError, asyncio.TimeoutError):
        return False


def _database_ok(engine: Engine) -> bool:
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:
        return False


@routes.get("/health")
async def health(request: web.Request) -> web.Response:
    app = request.app
    settings = app[SETTINGS]
    rasa_ok, actions_ok, db_ok = await asyncio.gather(
        app[RASA].is_up("/"),
        _http_ok(app[HTTP], f"http://{settings.action_host}:{settings.action_port}/health"),
        asyncio.get_running_loop().run_in_executor(None, _database_ok, app[ENGINE]),
    )
    components = {
        "rasa": "ok" if rasa_ok else "down",
        "actions": "ok" if actions_ok else "down",
        "database": "ok" if db_ok else "down",
    }
    healthy = all(v == "ok" for v in components.values())
    return web.json_response(
        {"status": "ok" if healthy else "degraded", "components": components},
        status=200 if healthy else 503,
    )


@routes.get("/health/live")
async def live(_request: web.Request) -> web.Response:
    """The web app itself is up (used by the supervisor to know it listens)."""
    return web.json_response({"status": "ok"})
