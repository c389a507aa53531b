async def test_health_is_503_and_names_what_is_down(client):
    response = await client.get("/health")
    assert response.status == 503  # the fake Rasa is up, the action server is not
    body = await response.json()
    assert body["components"] == {"rasa": "ok", "actions": "down", "database": "ok"}


async def test_health_is_200_when_everything_answers(client, aiohttp_server, tmp_path):
    from aiohttp import web

    from bot.web import create_app
    from bot.web.keys import RASA
    from tests.support.env import settings_for

    actions = web.Application()
    actions.router.add_get("/health", lambda r: web.json_response({"status": "ok"}))
    action_server = await aiohttp_server(actions)
    rasa_port = client.app[RASA].base_url.rsplit(":", 1)[1]
    settings = settings_for(tmp_path / "2", RASA_PORT=rasa_port, ACTION_PORT=action_server.port)
    from aiohttp.test_utils import TestClient, TestServer

    async with TestClient(TestServer(create_app(settings))) as other:
        response = await other.get("/health")
        assert response.status == 200
        assert (await response.json())["status"] == "ok"
