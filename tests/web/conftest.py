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
