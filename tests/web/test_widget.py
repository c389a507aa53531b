"""The chat widget's server side: the script, CORS for the listed sites only, the rate
limit per client with a kind message, the length limit."""

from bot.web.conversation_id import COOKIE_NAME

HOST = "http://bibliotheek.example"


async def test_the_widget_script_and_style_are_served_by_the_app(new_client):
    client = await new_client()
    script = await client.get("/widget.js")
    assert script.status == 200 and "javascript" in script.headers["Content-Type"]
    body = await script.text()
    assert "speechSynthesis" in body and "/chat/start" in body and "innerHTML" not in body
    assert (await client.get("/static/widget.css")).status == 200
    page = await (await client.get("/")).text()
    assert '<script src="/widget.js" defer></script>' in page and "data-wegwijzer-inline" in page


async def test_cors_only_for_the_listed_sites(new_client):
    client = await new_client()
    allowed = await client.options(
        "/chat/start", headers={"Origin": HOST, "Access-Control-Request-Method": "POST"}
    )
    assert allowed.status == 204
    assert allowed.headers["Access-Control-Allow-Origin"] == HOST
    assert allowed.headers["Access-Control-Allow-Credentials"] == "true"
    started = await client.post("/chat/start", json={}, headers={"Origin": HOST})
    assert started.status == 200 and started.headers["Access-Control-Allow-Origin"] == HOST
    other = await client.options("/chat/start", headers={"Origin": "http://elders.example"})
    assert other.status == 403 and "Access-Control-Allow-Origin" not in other.headers
    plain = await client.post("/chat/start", json={}, headers={"Origin": "http://elders.example"})
    assert plain.status == 403
    assert "Access-Control-Allow-Origin" not in plain.headers


async def test_too_many_messages_get_a_kind_message_and_429(new_client, fake_rasa):
    client = await new_client()  # RATE_CHAT_PER_MINUTE=5 in this world
    await client.get("/")
    statuses = []
    for _ in range(7):
        response = await client.post("/chat/message", json={"text": "hallo"})
        statuses.append(response.status)
    assert statuses[:5] == [200] * 5 and statuses[-1] == 429
    body = await response.json()
    assert "Wacht een minuut" in body["messages"][0]["text"]
    assert int(response.headers["Retry-After"]) >= 1
    assert len(fake_rasa.app["received"]) == 5


async def test_a_message_over_the_length_limit_gets_a_kind_message(new_client):
    client = await new_client()
    await client.get("/")
    response = await client.post("/chat/message", json={"text": "a" * 1001})
    assert response.status == 400
    assert "twee delen" in (await response.json())["error"]
    cookie = client.session.cookie_jar.filter_cookies(client.make_url("/"))[COOKIE_NAME]
    assert cookie.value
