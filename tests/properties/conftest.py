"""Every way in, driven by generated input (Hypothesis): the web app in this process
with the project database (SQLite, migrated) and a fast stand-in for Rasa's HTTP API over
real HTTP (tests/support/fake_rasa.py), because Rasa is not the subject here; a smaller
run against the real stack is in tests/e2e/test_properties_stack.py.

The app runs on one event loop for the whole module; each generated case is one request
(`App.request`). Rate limits are off (they would answer 429 to a flood, which is right
but hides what the handlers do).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from accounts.tokens import create_token
from bot.cli import db_upgrade
from bot.web import create_app
from database import make_engine, session_factory, transaction
from tests.support.env import free_port, settings_for
from tests.support.fake_rasa import create_fake_rasa

JWT = "test-jwt-secret-that-is-long-enough-for-hs256"


@dataclass
class App:
    loop: asyncio.AbstractEventLoop
    client: TestClient
    token: str
    factory: Any
    statuses: list[tuple[str, int]] = field(default_factory=list)

    def request(self, method: str, path: str, **kwargs: Any) -> tuple[int, bytes]:
        async def go() -> tuple[int, bytes]:
            async with self.client.request(method, path, **kwargs) as response:
                return response.status, await response.read()

        status, body = self.loop.run_until_complete(go())
        self.statuses.append((path.split("?")[0], status))
        return status, body

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@pytest.fixture(scope="module")
def app(tmp_path_factory) -> Iterator[App]:
    loop = asyncio.new_event_loop()
    tmp = tmp_path_factory.mktemp("properties")

    async def start() -> tuple[TestServer, TestClient]:
        rasa = TestServer(create_fake_rasa(JWT), port=free_port())
        await rasa.start_server()
        settings = settings_for(
            tmp,
            RASA_PORT=rasa.port,
            ACTION_PORT=free_port(),
            SMTP_HOST="127.0.0.1",
            SMTP_PORT=free_port(),  # nothing listens: handovers wait in the outbox
            RATE_CHAT_PER_MINUTE=0,
            RATE_CLIENT_PER_MINUTE=0,
            RATE_TOKEN_PER_MINUTE=0,
        )
        db_upgrade(settings)
        client = TestClient(TestServer(create_app(settings)))
        await client.start_server()
        client.settings = settings  # type: ignore[attr-defined]
        return rasa, client

    rasa, client = loop.run_until_complete(start())
    engine = make_engine(client.settings.database_url)  # type: ignore[attr-defined]
    factory = session_factory(engine)
    with transaction(factory) as session:
        token = create_token(session, "eigenschappen")
    yield App(loop, client, token, factory)
    loop.run_until_complete(client.close())
    loop.run_until_complete(rasa.close())
    engine.dispose()
    loop.close()
