"""A small in-memory rate limit per client: at most `limit` hits in `window_s` seconds.

Own code (a sliding log per key, bounded): the `limits` package would need a newer
`packaging` than Rasa 3.6 pins. One web process keeps its own counts; that is what the
supervisor runs.
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Callable

from aiohttp import web


class RateLimiter:
    def __init__(
        self,
        limit: int,
        window_s: float = 60.0,
        max_keys: int = 50_000,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.limit = limit
        self.window_s = window_s
        self._hits: OrderedDict[str, deque[float]] = OrderedDict()
        self._max_keys = max_keys
        self._clock = clock

    def hit(self, key: str) -> float:
        """Count a hit; 0 when allowed, else the seconds until the next one is."""
        now = self._clock()
        hits = self._hits.get(key)
        if hits is None:
            hits = self._hits[key] = deque()
        self._hits.move_to_end(key)
        while hits and hits[0] <= now - self.window_s:
            hits.popleft()
        if len(hits) >= self.limit:
            return max(0.1, hits[0] + self.window_s - now)
        hits.append(now)
        while len(self._hits) > self._max_keys:
            self._hits.popitem(last=False)
        return 0.0


def client_key(request: web.Request) -> str:
    """The client's address as the web app sees it (the proxy's, behind one)."""
    return request.remote or "unknown"
