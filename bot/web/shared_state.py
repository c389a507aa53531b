"""Small expiring state the web app shares between its processes: Redis when REDIS_URL
is set (several web apps, the scaled topology), else this process's memory (one web
app). Used for rate limits, the buttons offered in each conversation and the current
generation of each conversation cookie. Keys never hold a conversation id in clear
(callers hash it); values are short.

A Redis that does not answer raises StateUnavailable; callers decide to fail open or
closed, and /health reports it.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from typing import Protocol


class StateUnavailable(Exception):
    """The shared state (Redis) did not answer."""


class SharedState(Protocol):
    async def get(self, key: str) -> str | None: ...
    async def set(self, key: str, value: str, ttl_s: int) -> None: ...
    async def incr(self, key: str, ttl_s: int) -> int: ...
    async def ping(self) -> bool: ...
    async def close(self) -> None: ...


class MemoryState:
    """One process's memory, bounded (the oldest keys go first)."""

    def __init__(self, max_keys: int = 200_000) -> None:
        self._items: OrderedDict[str, tuple[float, str]] = OrderedDict()
        self._max = max_keys

    def _live(self, key: str) -> tuple[float, str] | None:
        item = self._items.get(key)
        if item is not None and item[0] < time.monotonic():
            del self._items[key]
            return None
        return item

    def _put(self, key: str, value: str, ttl_s: int) -> None:
        self._items[key] = (time.monotonic() + ttl_s, value)
        self._items.move_to_end(key)
        while len(self._items) > self._max:
            self._items.popitem(last=False)

    async def get(self, key: str) -> str | None:
        item = self._live(key)
        return item[1] if item else None

    async def set(self, key: str, value: str, ttl_s: int) -> None:
        self._put(key, value, ttl_s)

    async def incr(self, key: str, ttl_s: int) -> int:
        item = self._live(key)
        count = int(item[1]) + 1 if item else 1
        if item:
            self._items[key] = (item[0], str(count))
        else:
            self._put(key, str(count), ttl_s)
        return count

    async def ping(self) -> bool:
        return True

    async def close(self) -> None:
        self._items.clear()


class RedisState:
    def __init__(self, url: str, prefix: str = "wegwijzer:web:") -> None:
        import redis.asyncio as redis

        self._redis = redis.from_url(
            url, socket_timeout=0.5, socket_connect_timeout=0.5, decode_responses=True
        )
        self._prefix = prefix

    async def _call(self, coro: object) -> object:
        import redis

        try:
            return await coro  # type: ignore[misc]
        except (redis.RedisError, OSError) as exc:
            raise StateUnavailable(type(exc).__name__) from exc

    async def get(self, key: str) -> str | None:
        value = await self._call(self._redis.get(self._prefix + key))
        return value if isinstance(value, str) else None

    async def set(self, key: str, value: str, ttl_s: int) -> None:
        await self._call(self._redis.set(self._prefix + key, value, ex=ttl_s))

    async def incr(self, key: str, ttl_s: int) -> int:
        async def run() -> int:
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.incr(self._prefix + key)
                pipe.expire(self._prefix + key, ttl_s, nx=True)
                count, _ = await pipe.execute()
                return int(count)

        result = await self._call(run())
        assert isinstance(result, int)
        return result

    async def ping(self) -> bool:
        try:
            return bool(await self._call(self._redis.ping()))
        except StateUnavailable:
            return False

    async def close(self) -> None:
        await self._redis.close()


def shared_state(redis_url: str | None) -> SharedState:
    return RedisState(redis_url) if redis_url else MemoryState()
