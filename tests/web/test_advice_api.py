"""POST /api/advice: shape, authentication and bad input (Rasa replaced by a stand-in)."""

import pytest

from accounts.tokens import create_token
from bot.cli import db_upgrade, load_knowledge
from bot.web import create_app
from database import make_engine, session_factory, transaction
from tests.support.env import free_port, settings_for


@pytest.fixture
async def api(aiohttp_client, fake_rasa, tmp_path):
    settings = settings_for(tmp_path, RASA_PORT=fake_rasa.port, ACTION_PORT=free_port())
    db_upgrade(settings)
    assert load_knowledge(settings) == 0
    engine = make_engine(settings.database_url)
    with transaction(session_factory(engine)) as session:
        token = create_token(session, "test")
    engine.dispose()
    client = await aiohttp_client(create_app(settings))
    client.headers = {"Authorization": f"Bearer {token}"}
    return client


async def ask(api, body, **kwargs):
    headers = kwargs.pop("headers", api.headers)
    return await api.post("/api/advice", json=body, headers=headers, **kwargs)


async def test_an_answer_has_the_contract_shape_and_the_competent_organisation_first(api):
    response = await ask(api, {"text": "mijn digid werkt niet"})
    assert response.status == 200
    body = await response.json()
    assert {"themes", "clarify", "out_of_scope", "crisis", "suggestions"} <= set(body)
    assert body["themes"][0] == {"name": "digid", "label": "DigiD", "confidence": 0.9}
    first = body["suggestions"][0]
    assert {
        "kind",
        "organisation",
        "service",
        "contact",
        "open_now",
        "bring",
        "why",
        "verified_on",
    } <= set(first)
    assert first["organisation"].startswith("DigiD")


async def test_the_gemeente_is_taken_by_name_or_cbs_code(api):
    by_name = await (await ask(api, {"text": "schulden", "gemeente": "voorbeeldstad"})).json()
    by_code = await (await ask(api, {"text": "schulden", "gemeente": "GM9991"})).json()
    assert by_name["gemeente"]["code"] == by_code["gemeente"]["code"] == "GM9991"


async def test_without_a_valid_token_the_answer_is_401(api):
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic eDp5"}):
        response = await ask(api, {"text": "digid"}, headers=headers)
        assert response.status == 401
        assert "token" in (await response.json())["error"]


@pytest.mark.parametrize(
    "body, message",
    [
        ({}, "'text' is required"),
        ({"text": ""}, "'text' is empty"),
        ({"text": "   "}, "'text' is empty"),
        ({"text": 42}, "'text' must be a string"),
        ({"text": "a" * 2001}, "longer than"),
        ({"text": "digid", "gemeente": 12}, "'gemeente' must be a string"),
        ([1, 2], "JSON object"),
    ],
)
async def test_bad_requests_get_400_with_a_message(api, body, message):
    response = await ask(api, body)
    assert response.status == 400
    assert message in (await response.json())["error"]


async def test_invalid_json_and_huge_bodies_are_refused_clearly(api):
    bad = await api.post(
        "/api/advice",
        data=b"{not json",
        headers={**api.headers, "Content-Type": "application/json"},
    )
    assert bad.status == 400
    huge = await api.post(
        "/api/advice",
        data=b"a" * 200_000,
        headers={**api.headers, "Content-Type": "application/json"},
    )
    assert huge.status == 413
    assert (await huge.json())["error"]


async def test_rasa_down_is_503_not_500(aiohttp_client, tmp_path):
    settings = settings_for(tmp_path, RASA_PORT=free_port())
    db_upgrade(settings)
    engine = make_engine(settings.database_url)
    with transaction(session_factory(engine)) as session:
        token = create_token(session, "t")
    client = await aiohttp_client(create_app(settings))
    response = await client.post(
        "/api/advice", json={"text": "digid"}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status == 503


async def test_each_answer_is_registered_anonymously_for_the_staff_channel(api):
    from sqlalchemy import select

    from bot.web.keys import SESSIONS
    from registration.models import QuestionRegistration

    await ask(api, {"text": "mijn digid werkt niet"})
    with api.app[SESSIONS]() as session:
        rows = session.execute(select(QuestionRegistration)).scalars().all()
    assert [(r.channel, r.theme) for r in rows] == [("staff", "digid")]
