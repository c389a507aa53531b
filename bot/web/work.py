"""Database work from a request: one transaction, off the event loop."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

from aiohttp import web
from sqlalchemy.orm import Session

from bot.web.keys import SESSIONS
from database import transaction

_T = TypeVar("_T")


async def in_transaction(request: web.Request, work: Callable[[Session], _T]) -> _T:
    """Run `work(session)` in one transaction, off the event loop."""

    def run() -> _T:
        with transaction(request.app[SESSIONS]) as session:
            return work(session)

    return await asyncio.get_running_loop().run_in_executor(None, run)
