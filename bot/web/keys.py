"""Typed keys for what the web app keeps on the aiohttp application."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

from bot.settings import Settings

if TYPE_CHECKING:
    import aiohttp
    from sqlalchemy.engine import Engine
    from sqlalchemy.orm import Session, sessionmaker

    from bot.rasa.client import RasaClient
    from bot.web.ratelimit import RateLimiter
    from bot.web.shared_state import SharedState
    from conversation.advice import AdviceService

# The value types are given as annotations only: importing them here would be circular.
SETTINGS = web.AppKey("settings", Settings)
RASA: web.AppKey[RasaClient] = web.AppKey("rasa")
ENGINE: web.AppKey[Engine] = web.AppKey("engine")
HTTP: web.AppKey[aiohttp.ClientSession] = web.AppKey("http")  # for the backends
STATE: web.AppKey[SharedState] = web.AppKey("state")  # rate limits, buttons, cookies
SESSIONS: web.AppKey[sessionmaker[Session]] = web.AppKey("sessions")
ADVICE: web.AppKey[AdviceService] = web.AppKey("advice")
LOGIN_LIMIT: web.AppKey[RateLimiter] = web.AppKey("login_limit")
