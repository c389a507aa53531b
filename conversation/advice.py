"""From a Dutch question to advice: the one path used by the chat's action and the API.

understanding = await understand(text, parse)   # Rasa's NLU, whole text + clauses
advice = advise(directory, understanding, gemeente)   # knowledge: ranked, explained
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from conversation.understanding import Parse, understand
from knowledge import Advice, Directory, Understanding, advise

DIRECTORY_TTL_S = 300


class DirectoryCache:
    """An in-memory snapshot of the directory, re-read from the database every few minutes."""

    def __init__(self, session_factory: sessionmaker[Session], ttl_s: float = DIRECTORY_TTL_S):
        self._factory = session_factory
        self._ttl = ttl_s
        self._directory: Directory | None = None
        self._loaded_at = 0.0
        self._lock = threading.Lock()

    def get(self) -> Directory:
        with self._lock:
            if self._directory is None or time.monotonic() - self._loaded_at > self._ttl:
                with self._factory() as session:
                    self._directory = Directory.from_session(session)
                self._loaded_at = time.monotonic()
            return self._directory


class AdviceService:
    def __init__(self, directory: Callable[[], Directory], parse: Parse):
        self._directory = directory
        self._parse = parse

    @property
    def directory(self) -> Directory:
        return self._directory()

    def theme_ids(self) -> set[str]:
        return set(self._directory().themes)

    async def understand(self, text: str, whole: Mapping[str, Any] | None = None) -> Understanding:
        return await understand(text, self._parse, whole)

    def advise(
        self, understanding: Understanding, gemeente: str | None = None, now: datetime | None = None
    ) -> Advice:
        return advise(self._directory(), understanding, gemeente=gemeente, now=now)

    async def advise_text(
        self, text: str, gemeente: str | None = None, now: datetime | None = None
    ) -> dict[str, Any]:
        return self.advise(await self.understand(text), gemeente, now).to_dict()
