"""The aiohttp application factory: the only public entry of Wegwijzer."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import aiohttp
import aiohttp_jinja2
import jinja2
from aiohttp import web
from sqlalchemy.engine import Engine

from bot.rasa.client import RasaClient
from bot.settings import Settings
from bot.web import api, chat, coordinator, health, panel, staff_api, telegram, widget
from bot.web.errors import (
    drain_unread_body,
    error_middleware,
    no_server_banner,
    security_headers,
)
from bot.web.input import clean_address
from bot.web.keys import ADVICE, ENGINE, HTTP, LOGIN_LIMIT, RASA, SESSIONS, SETTINGS, STATE
from bot.web.limits import rate_limit
from bot.web.ratelimit import RateLimiter
from bot.web.shared_state import shared_state
from conversation.advice import AdviceService, DirectoryCache
from database import make_engine, session_factory

STATIC = Path(__file__).parent / "static"
TEMPLATES = Path(__file__).parent / "templates"
LOGIN_ATTEMPTS_PER_10_MIN = 30  # per address; each account also locks after 5 failures
log = logging.getLogger(__name__)
MAX_BODY_BYTES = 64 * 1024


def create_app(settings: Settings, engine: Engine | None = None) -> web.Application:
    app = web.Application(
        middlewares=[
            widget.widget_cors,
            drain_unread_body,
            error_middleware,
            security_headers,
            clean_address,
            rate_limit,
        ],
        client_max_size=MAX_BODY_BYTES,
    )
    app[SETTINGS] = settings
    app.on_response_prepare.append(no_server_banner)  # type: ignore[arg-type]  # aiosignal typing
    app[LOGIN_LIMIT] = RateLimiter(LOGIN_ATTEMPTS_PER_10_MIN, 600)
    aiohttp_jinja2.setup(
        app,
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=jinja2.select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    app.cleanup_ctx.append(_database(settings, engine))
    app.cleanup_ctx.append(_backends(settings))
    app.cleanup_ctx.append(_outbox(settings))
    app.add_routes(health.routes)
    app.add_routes(chat.routes)
    app.add_routes(api.routes)
    app.add_routes(staff_api.routes)
    app.add_routes(panel.routes)
    app.add_routes(coordinator.routes)
    app.add_routes(widget.routes)
    app.add_routes(telegram.routes)
    app.router.add_static("/static/", STATIC, name="static")
    return app


CleanupContext = Callable[[web.Application], AsyncIterator[None]]


def _database(settings: Settings, engine: Engine | None) -> CleanupContext:
    async def context(app: web.Application) -> AsyncIterator[None]:
        own = engine is None
        app[ENGINE] = make_engine(settings.database_url) if engine is None else engine
        app[SESSIONS] = session_factory(app[ENGINE])
        yield
        if own:
            app[ENGINE].dispose()

    return context


def _backends(settings: Settings) -> CleanupContext:
    async def context(app: web.Application) -> AsyncIterator[None]:
        session = aiohttp.ClientSession()
        app[HTTP] = session
        app[STATE] = shared_state(settings.redis_url)
        app[RASA] = RasaClient(
            settings.rasa_url, settings.rasa_jwt_secret, session, settings.internal_secret
        )
        app[ADVICE] = AdviceService(DirectoryCache(app[SESSIONS]).get, app[RASA].parse)
        yield
        await session.close()
        await app[STATE].close()

    return context


OUTBOX_INTERVAL_S = 120


def _outbox(settings: Settings) -> CleanupContext:
    """Sends waiting handover e-mails now and then (when SMTP was down, say)."""

    async def context(app: web.Application) -> AsyncIterator[None]:
        task = None
        if settings.smtp_host:
            task = asyncio.create_task(_send_pending_forever(app, settings))
        yield
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    return context


async def _send_pending_forever(app: web.Application, settings: Settings) -> None:
    from referrals.mail import send_pending

    loop = asyncio.get_running_loop()
    while True:
        try:
            await loop.run_in_executor(None, send_pending, app[SESSIONS], settings)
        except Exception:
            log.exception("sending waiting handover e-mails failed")
        await asyncio.sleep(OUTBOX_INTERVAL_S)
