"""GET /health: which part of Wegwijzer works and which is degraded.

Components: the Rasa server and the action server (through nginx in the scaled
topology), the database, Redis when one is configured, and, when a supervisor runs the
processes, each process as the supervisor sees it (running, or restarting after a
crash: var/runtime/processes.json). 200 when all are ok, else 503 with the degraded
parts named.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import aiohttp
from aiohttp import web
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bot.web.keys import ENGINE, HTTP, RASA, SETTINGS, STATE

routes = web.RouteTableDef()
PROCESS_STATE_FILE = "runtime/processes.json"
STALE_STATE_S = 30  # a supervisor that has not written its state for this long is gone


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


def _processes(app: web.Application) -> dict[str, Any]:
    """The supervisor's view of its processes, when one runs this app."""
    path = app[SETTINGS].var_dir / PROCESS_STATE_FILE
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(state, dict) or time.time() - float(state.get("at", 0)) > STALE_STATE_S:
        return {}
    processes = state.get("processes")
    return processes if isinstance(processes, dict) else {}


@routes.get("/health")
async def health(request: web.Request) -> web.Response:
    app = request.app
    settings = app[SETTINGS]
    checks = [
        app[RASA].is_up("/"),
        _http_ok(app[HTTP], settings.action_health_url),
        asyncio.get_running_loop().run_in_executor(None, _database_ok, app[ENGINE]),
    ]
    if settings.redis_url:
        checks.append(app[STATE].ping())
    results = await asyncio.gather(*checks)
    names = ["rasa", "actions", "database", "redis"][: len(results)]
    components = {name: "ok" if ok else "down" for name, ok in zip(names, results)}
    processes = _processes(app)
    degraded = sorted(name for name, state in components.items() if state != "ok")
    degraded += sorted(
        name for name, info in processes.items() if (info or {}).get("state") != "running"
    )
    body: dict[str, Any] = {
        "status": "degraded" if degraded else "ok",
        "components": components,
    }
    if processes:
        body["processes"] = processes
    if degraded:
        body["degraded"] = degraded
    return web.json_response(body, status=503 if degraded else 200)


@routes.get("/health/live")
async def live(_request: web.Request) -> web.Response:
    """The web app itself is up (used by the supervisor to know it listens)."""
    return web.json_response({"status": "ok"})
