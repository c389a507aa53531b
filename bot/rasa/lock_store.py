"""Rasa's Redis lock store, healing after an instance died holding a conversation's lock.

Rasa serves the turns of one conversation in order with tickets that expire. When a Rasa
instance dies mid-turn its ticket stays until it expires; a turn waiting behind it (the
web app retried it on the other instance) sees its own ticket expire too, and Rasa's
store then waits for a ticket that no longer exists (until another message of that
conversation comes, or the web app gives up: no answer). Here a turn whose ticket
expired while it waited takes a new one (at most REQUEUE_LIMIT times), so the only cost
of a dead instance is the wait until its ticket expires (TICKET_LOCK_LIFETIME).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager
from typing import Any

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore

REQUEUE_LIMIT = 3


class HealingRedisLockStore(RedisLockStore):  # type: ignore[misc]  # rasa has no types
    def __init__(self, endpoint_config: Any = None, **kwargs: Any) -> None:
        if endpoint_config is not None:
            kwargs = {"host": endpoint_config.url, **endpoint_config.kwargs, **kwargs}
        super().__init__(**kwargs)

    async def _acquire_lock(
        self, conversation_id: str, ticket: int, wait_time_in_seconds: float
    ) -> TicketLock:
        while True:
            lock = self.get_lock(conversation_id)
            if not lock:
                raise LockError(f"Could not acquire lock for conversation '{conversation_id}'")
            if not lock.is_locked(ticket):
                return lock
            if lock._ticket_for_ticket_number(ticket) is None:  # ours expired meanwhile
                raise LockError(f"Ticket expired for conversation '{conversation_id}'")
            await asyncio.sleep(wait_time_in_seconds)
            self.update_lock(conversation_id)

    @asynccontextmanager
    async def lock(
        self,
        conversation_id: str,
        lock_lifetime: float = LOCK_LIFETIME,
        wait_time_in_seconds: float = 1,
    ) -> AsyncGenerator[TicketLock, None]:
        ticket = self.issue_ticket(conversation_id, lock_lifetime)
        try:
            for attempt in range(REQUEUE_LIMIT + 1):
                try:
                    acquired = await self._acquire_lock(
                        conversation_id, ticket, wait_time_in_seconds
                    )
                    break
                except LockError:
                    if attempt == REQUEUE_LIMIT:
                        raise
                    self.finish_serving(conversation_id, ticket)
                    ticket = self.issue_ticket(conversation_id, lock_lifetime)
            yield acquired
        finally:
            self.cleanup(conversation_id, ticket)
