"""What the actions share, created lazily on first use (never at import or start-up).

Tests replace these with `use_advice_service(...)`.
"""

from __future__ import annotations

import aiohttp

from bot.rasa.client import RasaClient
from bot.settings import Settings
from conversation.advice import AdviceService, DirectoryCache
from database import make_engine, session_factory

_service: AdviceService | None = None
_sessions = None
_http: aiohttp.ClientSession | None = None


def sessions():
    """The session factory of the project database (created on first use)."""
    global _sessions
    if _sessions is None:
        _sessions = session_factory(make_engine(Settings.from_env().database_url))
    return _sessions


def advice_service() -> AdviceService:
    global _service, _http
    if _service is None:
        settings = Settings.from_env()
        cache = DirectoryCache(sessions())

        async def parse(text: str) -> dict:
            global _http
            if _http is None or _http.closed:
                _http = aiohttp.ClientSession()
            return await RasaClient(settings.rasa_url, settings.rasa_jwt_secret, _http).parse(text)

        _service = AdviceService(cache.get, parse)
    return _service


def use_advice_service(service: AdviceService | None, session_maker=None) -> None:
    global _service, _sessions
    _service = service
    _sessions = session_maker
