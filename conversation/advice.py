"""From a Dutch question to advice: the one path used by the chat's action and the API.

understood = await understand(text, parse)            # Rasa's NLU, whole text + clauses
advice = advise(directory, Understanding(...), gemeente)   # knowledge: ranked, explained
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime

from conversation.understanding import Parse, Understood, understand
from knowledge import Directory, Understanding, advise

DIRECTORY_TTL_S = 300


class DirectoryCache:
    """An in-memory snapshot of the directory, re-read from the database every few minutes."""

    def __init__(self, session_factory, ttl_s: float = DIRECTORY_TTL_S):
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


def to_understanding(understood: Understood) -> Understanding:
    """Merge the clause themes into the ranking: a need found in its own clause counts."""
    confidences = dict(understood.intents)
    for name, confidence in understood.clause_intents:
        confidences[name] = max(confidence, confidences.get(name, 0.0))
    ranking = sorted(confidences.items(), key=lambda kv: -kv[1])
    return Understanding(
        text=understood.text,
        intents=ranking,
        entities=understood.entities,
        needs=[name for name, _ in understood.clause_intents],
    )


class AdviceService:
    def __init__(self, directory: Callable[[], Directory], parse: Parse):
        self._directory = directory
        self._parse = parse

    def theme_ids(self):
        return set(self._directory().themes)

    async def understand(self, text: str, whole: dict | None = None) -> Understood:
        return await understand(text, self._parse, whole)

    def advise(
        self, understood: Understood, gemeente: str | None = None, now: datetime | None = None
    ):
        return advise(self._directory(), to_understanding(understood), gemeente=gemeente, now=now)

    async def advise_text(
        self, text: str, gemeente: str | None = None, now: datetime | None = None
    ) -> dict:
        understood = await self.understand(text)
        return self.advise(understood, gemeente, now).to_dict()
