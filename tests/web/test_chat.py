"""The chat endpoints: server-issued conversation ids and no typed `/intent` commands."""

from bot.web.conversation_id import COOKIE_NAME


async def open_chat(client):
    page = await client.get("/")
    assert page.status == 200
    return page


async def test_the_chat_page_is_dutch_and_issues_a_signed_conversation_cookie(client):
    page = await open_chat(client)
    html = await page.text()
    assert '<html lang="nl">' in html
    cookie = page.cookies[COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Strict"
    assert "." in cookie.value
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]


async def test_the_first_message_comes_from_the_assistant(client):
    await open_chat(client)
    response = await client.post("/chat/start", json={})
    body = await response.json()
    assert "computerprogramma" in body["messages"][0]["text"]


async def test_a_message_reaches_rasa_under_the_servers_conversation_id(client, fake_rasa):
    await open_chat(client)
    cookie = client.session.cookie_jar.filter_cookies(client.make_url("/"))[COOKIE_NAME].value
    response = await client.post("/chat/message", json={"text": "hallo"})
    assert response.status == 200
    assert (await response.json())["messages"][0]["text"].startswith("Hallo")
    sender, message = fake_rasa.app["received"][-1]
    assert cookie.startswith(sender + ".")
    assert message == "hallo"


async def test_a_forged_cookie_gets_no_conversation(client, fake_rasa):
    client.session.cookie_jar.update_cookies({COOKIE_NAME: "someone-elses-id.0000"})
    response = await client.post("/chat/message", json={"text": "hallo"})
    assert response.status == 409
    assert fake_rasa.app["received"] == []


async def test_typed_slash_commands_do_not_reach_rasa_as_intents(client, fake_rasa):
    await open_chat(client)
    await client.post("/chat/message", json={"text": "/affirm"})
    assert fake_rasa.app["received"][-1][1] == "affirm"


async def test_only_payloads_of_buttons_just_offered_are_passed_on(client, fake_rasa):
    await open_chat(client)
    not_offered = await client.post("/chat/message", json={"payload": "/affirm"})
    assert "knop" in (await not_offered.json())["messages"][0]["text"]
    assert fake_rasa.app["received"] == []
    offered = await client.post("/chat/message", json={"text": "knoppen"})
    assert [b["payload"] for b in (await offered.json())["messages"][0]["buttons"]] == [
        "/affirm",
        "/deny",
    ]
    await client.post("/chat/message", json={"payload": "/deny"})
    assert fake_rasa.app["received"][-1][1] == "/deny"


async def test_bad_input_gets_a_clear_dutch_message_not_a_crash(client):
    await open_chat(client)
    for body in (b"{not json", b"[]", b'{"text": "   "}', b'{"text": 42}', b"{}"):
        response = await client.post(
            "/chat/message", data=body, headers={"Content-Type": "application/json"}
        )
        assert response.status == 400, body
        assert (await response.json())["error"]
    too_long = await client.post("/chat/message", json={"text": "a" * 5000})
    assert too_long.status == 400
    assert "te lang" in (await too_long.json())["error"]
    huge = await client.post(
        "/chat/message", data=b"x" * 200_000, headers={"Content-Type": "application/json"}
    )
    assert huge.status == 413


async def test_when_rasa_is_down_people_get_a_dutch_message(aiohttp_client, tmp_path):
    from bot.web import create_app
    from tests.support.env import free_port, settings_for

    client = await aiohttp_client(create_app(settings_for(tmp_path, RASA_PORT=free_port())))
    await client.get("/")
    response = await client.post("/chat/message", json={"text": "hallo"})
    assert response.status == 200
    text = (await response.json())["messages"][0]["text"]
    assert "opnieuw" in text and "Informatiepunt Digitale Overheid" in text
