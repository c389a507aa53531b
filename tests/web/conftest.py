import pytest

from bot.web import create_app
from tests.support.env import free_port, settings_for
from tests.support.fake_rasa import create_fake_rasa


@pytest.fixture
async def fake_rasa(aiohttp_server):
    return await aiohttp_server(
        create_fake_rasa("test-jwt-secret-that-is-long-enough-for-hs256"), port=free_port()
    )


@pytest.fixture
async def client(aiohttp_client, fake_rasa, tmp_path):
    settings = settings_for(tmp_path, RASA_PORT=fake_rasa.port, ACTION_PORT=free_port())
    return await aiohttp_client(create_app(settings))


@pytest.fixture
async def world(fake_rasa, tmp_path):
    from tests.support.staff import build_world

    settings = settings_for(
        tmp_path,
        RASA_PORT=fake_rasa.port,
        ACTION_PORT=free_port(),
        HANDOVER_ALLOWLIST="intake@partner.example",
        WIDGET_ORIGINS="http://bibliotheek.example",
        RATE_CHAT_PER_MINUTE=5,
        RATE_CLIENT_PER_MINUTE=0,
    )
    world = build_world(settings)
    yield world
    world.factory.kw["bind"].dispose()


@pytest.fixture
async def new_client(aiohttp_client, world):
    """Clients of one app, each with its own cookies (one per person)."""
    app = create_app(world.settings)
    server = None

    async def make():
        nonlocal server
        client = await aiohttp_client(server or app)
        server = client.server
        return client

    return make
