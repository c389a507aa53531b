"""The assistant end to end: the real Rasa server, action server and web app."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from tests.support.http import chat, post, say

pytestmark = pytest.mark.e2e


def test_the_chat_page_answers_hallo_in_dutch_and_says_it_is_a_program(stack):
    opener = chat(stack)
    status, welcome = post(stack.web_url + "/chat/start", {}, opener)
    assert status == 200
    assert "computerprogramma" in welcome["messages"][0]["text"]
    assert "Hallo" in say(stack, opener, "hallo")


def signed_post(stack, body):
    from bot.rasa.signing import json_body, signed_headers
    from bot.settings import Settings

    raw = json_body(body)
    secret = Settings.from_env(stack.env).internal_secret
    return post(
        stack.rasa_url + "/webhooks/rest/webhook",
        None,
        headers=signed_headers(secret, raw),
        raw=raw,
    )


def test_the_rest_channel_answers_a_local_tool_that_signs(stack):
    status, messages = signed_post(stack, {"sender": "e2e-rest", "message": "ben jij een robot?"})
    assert status == 200
    assert "computerprogramma" in " ".join(m.get("text", "") for m in messages)


def test_the_rest_channel_refuses_anyone_without_the_secret(stack):
    status, _ = post(
        stack.rasa_url + "/webhooks/rest/webhook", {"sender": "e2e-rest", "message": "hallo"}
    )
    assert status == 401
    forged = post(
        stack.rasa_url + "/webhooks/rest/webhook",
        {"sender": "e2e-rest", "message": "hallo"},
        headers={"X-Wegwijzer-Signature": f"{int(__import__('time').time())}.{'0' * 64}"},
    )
    assert forged[0] == 401


def test_the_action_server_refuses_a_forged_tracker(stack):
    status, _ = post(
        f"http://127.0.0.1:{stack.action_port}/webhook",
        {"next_action": "action_respond", "sender_id": "x", "tracker": {"events": []}},
    )
    assert status == 401


def test_a_conversation_in_dutch(stack):
    opener = chat(stack)
    assert "Graag gedaan" in say(stack, opener, "heel erg bedankt voor de hulp")
    assert "Tot ziens" in say(stack, opener, "doei, fijne dag")
    assert "niet mee helpen" in say(stack, opener, "wat wordt het weer morgen")
    assert "Informatiepunt" in say(stack, opener, "ik wil graag met een echt mens praten")
    assert "opnieuw" in say(stack, opener, "opnieuw beginnen")


def test_the_rasa_http_api_needs_a_jwt(stack):
    status, _ = post(stack.rasa_url + "/model/parse", {"text": "hallo"})
    assert status == 401


def test_health_reports_every_component_up(stack):
    with urllib.request.urlopen(stack.web_url + "/health", timeout=30) as response:
        body = json.loads(response.read())
    assert body["components"] == {"rasa": "ok", "actions": "ok", "database": "ok"}
    assert {p["state"] for p in body["processes"].values()} == {"running"}


def listening_addresses(port: int) -> set:
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as fh:
                lines = fh.read().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def test_rasa_and_the_action_server_listen_on_loopback_only(stack):
    loopback = {"0100007F", "00000000000000000000000001000000"}
    for port in (stack.rasa_port, stack.action_port):
        addresses = listening_addresses(port)
        assert addresses and addresses <= loopback, (port, addresses)


def test_a_typed_slash_intent_through_the_rest_channel_goes_through_nlu(stack):
    import jwt

    from bot.settings import Settings

    # even signed and marked as a button: "/goodbye" was not offered, so it is typed text
    signed_post(
        stack,
        {"sender": "e2e-inject", "message": "/goodbye", "metadata": {"wegwijzer_button": True}},
    )
    secret = Settings.from_env(stack.env).rasa_jwt_secret
    token = jwt.encode({"user": {"username": "t", "role": "admin"}}, secret, algorithm="HS256")
    request = urllib.request.Request(
        stack.rasa_url + "/conversations/e2e-inject/tracker",
        headers={"Authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        latest = json.loads(response.read())["latest_message"]
    assert latest["text"] == "goodbye"
    assert "wegwijzer_button" not in (latest.get("metadata") or {})
