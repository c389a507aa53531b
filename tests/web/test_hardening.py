"""What a public chat meets: other sites, odd bodies, floods, stale cookies, caches."""

from __future__ import annotations

import time

import pytest

from bot.web import create_app
from bot.web.conversation_id import COOKIE_NAME, sign
from tests.support.env import free_port, settings_for


def cookie_of(client) -> str:
    return client.session.cookie_jar.filter_cookies(client.make_url("/"))[COOKIE_NAME].value


async def test_a_cross_site_post_is_refused_before_it_reaches_rasa(client, fake_rasa):
    await client.get("/")
    for headers in (
        {"Origin": "https://kwaadwillend.example"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
    ):
        response = await client.post("/chat/message", json={"text": "hallo"}, headers=headers)
        assert response.status == 403, headers
        assert "chatpagina" in (await response.json())["messages"][0]["text"]
    assert fake_rasa.app["received"] == []
    same = await client.post(
        "/chat/message",
        json={"text": "hallo"},
        headers={"Origin": str(client.make_url("")).rstrip("/"), "Sec-Fetch-Site": "same-origin"},
    )
    assert same.status == 200


async def test_the_chat_takes_json_only(client, fake_rasa):
    await client.get("/")
    for content_type in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data"):
        response = await client.post(
            "/chat/message", data='{"text": "hallo"}', headers={"Content-Type": content_type}
        )
        assert response.status == 415, content_type
    assert fake_rasa.app["received"] == []


@pytest.mark.parametrize(
    "body",
    [
        b'{"text": ' + b"9" * 5000 + b"}",
        b'{"text": 1e99999}',
        b'{"text": NaN}',
        b"[" * 50_000 + b"]" * 50_000,
        b'{"a":' * 1000 + b"1" + b"}" * 1000,
        b'{"text": "\\ud800 lone surrogate"}',
        b'{"text": "nul \\u0000 byte"}',
        b'{"text": "\xff\xfe not utf-8"}',
    ],
)
async def test_no_body_gives_a_500(client, body):
    await client.get("/")
    for path in ("/chat/message", "/api/advice", "/api/referrals"):
        response = await client.post(
            path,
            data=body,
            headers={"Content-Type": "application/json", "Authorization": "Bearer x"},
        )
        assert 400 <= response.status < 500, (path, body[:40], response.status)
        assert (await response.json())["error"]


async def test_an_address_with_characters_that_cannot_be_stored_is_400(client):
    for path in ("/api/referrals?organisation=a%00b", "/api/referrals?theme=%00"):
        response = await client.get(path, headers={"Authorization": "Bearer x"})
        assert response.status == 400, path


async def test_answers_are_not_cached_and_name_no_versions(client):
    page = await client.get("/")
    assert page.headers["Cache-Control"] == "no-store"
    assert page.headers["Server"] == "wegwijzer"
    message = await client.post("/chat/message", json={"text": "hallo"})
    assert message.headers["Cache-Control"] == "no-store"
    static = await client.get("/static/chat.js")
    assert "no-store" not in static.headers.get("Cache-Control", "")
    assert "aiohttp" not in static.headers.get("Server", "")


async def test_the_cookie_is_secure_outside_localhost_and_not_on_localhost(client):
    local = await client.get("/")
    assert not local.cookies[COOKIE_NAME]["secure"]
    client.session.cookie_jar.clear()
    public = await client.get("/", headers={"Host": "wegwijzer.bibliotheek.example"})
    assert public.cookies[COOKIE_NAME]["secure"]


async def test_an_expired_cookie_gets_no_conversation(client, fake_rasa):
    secret = "test-session-secret"
    old = sign("oud-gesprek-000000000000", secret, issued_at=int(time.time()) - 13 * 3600)
    client.session.cookie_jar.update_cookies({COOKIE_NAME: old})
    response = await client.post("/chat/message", json={"text": "hallo"})
    assert response.status == 409 and (await response.json())["expired"] is True
    assert fake_rasa.app["received"] == []


async def test_consent_rotates_the_cookie_and_the_old_one_stops_working(client, fake_rasa):
    await client.get("/")
    await client.post("/chat/message", json={"text": "knoppen"})
    before = cookie_of(client)
    yes = await client.post("/chat/message", json={"payload": "/affirm"})
    assert yes.status == 200
    after = cookie_of(client)
    assert after != before and after.split(".")[0] == before.split(".")[0]
    assert fake_rasa.app["metadata"][-1] == {"wegwijzer_button": True}
    assert (await client.post("/chat/message", json={"text": "Jan"})).status == 200
    client.session.cookie_jar.update_cookies({COOKIE_NAME: before})
    stale = await client.post("/chat/message", json={"text": "Jan"})
    assert stale.status == 409


async def test_typed_text_never_travels_as_a_button(client, fake_rasa):
    await client.get("/")
    await client.post("/chat/message", json={"text": "knoppen"})
    await client.post("/chat/message", json={"text": "/affirm"})
    assert fake_rasa.app["received"][-1][1] == "affirm"
    assert fake_rasa.app["metadata"][-1] is None


async def test_an_empty_answer_from_rasa_becomes_a_kind_message_with_the_ido(client, fake_rasa):
    await client.get("/")
    fake_rasa.app["empty"] = True
    response = await client.post("/chat/message", json={"text": "hallo"})
    text = (await response.json())["messages"][0]["text"]
    assert "Informatiepunt Digitale Overheid" in text and "bibliotheek" in text


async def test_a_flood_from_one_conversation_is_slowed_down(aiohttp_client, fake_rasa, tmp_path):
    settings = settings_for(
        tmp_path, RASA_PORT=fake_rasa.port, ACTION_PORT=free_port(), RATE_CHAT_PER_MINUTE=5
    )
    client = await aiohttp_client(create_app(settings))
    await client.get("/")
    statuses = [
        (await client.post("/chat/message", json={"text": f"hallo {i}"})).status for i in range(7)
    ]
    assert statuses[:5] == [200] * 5 and statuses[5:] == [429, 429]
    limited = await client.post("/chat/message", json={"text": "nog eens"})
    assert limited.headers["Retry-After"] and "Wacht" in (await limited.json())["error"]


async def test_a_flood_from_one_address_is_slowed_down(aiohttp_client, fake_rasa, tmp_path):
    settings = settings_for(
        tmp_path, RASA_PORT=fake_rasa.port, ACTION_PORT=free_port(), RATE_CLIENT_PER_MINUTE=4
    )
    client = await aiohttp_client(create_app(settings))
    statuses = [(await client.get("/")).status for _ in range(6)]
    assert statuses == [200] * 4 + [429, 429]
    # behind the trusted proxy, each forwarded address has its own count
    other = await client.get("/", headers={"X-Forwarded-For": "192.0.2.7"})
    assert other.status == 200


async def test_wrong_tokens_are_slowed_down_too(aiohttp_client, fake_rasa, tmp_path):
    settings = settings_for(
        tmp_path, RASA_PORT=fake_rasa.port, ACTION_PORT=free_port(), RATE_TOKEN_PER_MINUTE=3
    )
    client = await aiohttp_client(create_app(settings))
    statuses = [
        (
            await client.post(
                "/api/advice", json={"text": "digid"}, headers={"Authorization": "Bearer raden"}
            )
        ).status
        for _ in range(5)
    ]
    assert statuses == [401, 401, 401, 429, 429]
