"""What the actions share, created lazily on first use (never at import or start-up).

Tests replace these with `use_advice_service(...)`.
"""
from __future__ import annotations

from typing import Optional

import aiohttp

from bot.advice import AdviceService, DirectoryCache
from bot.db import make_engine, session_factory
from bot.rasa_client import RasaClient
from bot.settings import Settings

_service: Optional[AdviceService] = None
_http: Optional[aiohttp.ClientSession] = None


def advice_service() -> AdviceService:
    global _service, _http
    if _service is None:
        settings = Settings.from_env()
        cache = DirectoryCache(session_factory(make_engine(settings.database_url)))

        async def parse(text: str) -> dict:
            global _http
            if _http is None or _http.closed:
                _http = aiohttp.ClientSession()
            return await RasaClient(settings.rasa_url, settings.rasa_jwt_secret, _http).parse(text)

        _service = AdviceService(cache.get, parse)
    return _service


def use_advice_service(service: Optional[AdviceService]) -> None:
    global _service
    _service = service
