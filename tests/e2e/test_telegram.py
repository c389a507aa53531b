"""The Telegram test channel on the real stack, with a stand-in Bot API on loopback:
the webhook registered with its secret, an update in, the answer out, a button press,
a typed "/intent" that sets nothing, and a wrong secret rejected."""

from __future__ import annotations

import itertools
import json
import time
import urllib.request

import jwt
import pytest

from tests.support.fake_telegram import SECRET as TELEGRAM_SECRET
from tests.support.http import post

pytestmark = pytest.mark.e2e
_update_ids = itertools.count(1000)


def update(chat_id: int, text: str | None = None, button: str | None = None) -> dict:
    sender = {"id": chat_id, "is_bot": False, "first_name": "Test"}
    chat = {"id": chat_id, "type": "private", "first_name": "Test"}
    if button is not None:
        return {
            "update_id": next(_update_ids),
            "callback_query": {
                "id": f"cb{next(_update_ids)}",
                "from": sender,
                "chat_instance": "1",
                "data": button,
                "message": {"message_id": 1, "date": int(time.time()), "chat": chat, "text": "…"},
            },
        }
    return {
        "update_id": next(_update_ids),
        "message": {
            "message_id": next(_update_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": sender,
            "text": text,
        },
    }


def deliver(stack, body, secret=TELEGRAM_SECRET, base=None):
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
    url = (base or stack.web_url + "/telegram") + "/webhook"
    return post(url, body, headers=headers)


def tracker(stack, chat_id):
    token = jwt.encode({"user": {"username": "t", "role": "admin"}}, _jwt_secret(stack), "HS256")
    request = urllib.request.Request(
        f"{stack.rasa_url}/conversations/{chat_id}/tracker",
        headers={"Authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read())


def _jwt_secret(stack):
    from pathlib import Path

    return (
        (Path(stack.env["WEGWIJZER_VAR_DIR"]) / "secrets" / "rasa_jwt_secret").read_text().strip()
    )


def test_the_webhook_is_registered_with_the_secret(stack, fake_telegram):
    registered = fake_telegram.wait_for("setWebhook", None, 1)[0]
    assert registered["url"] == stack.web_url + "/telegram/webhook"
    assert registered["secret_token"] == TELEGRAM_SECRET
    assert registered["allowed_updates"] == ["message", "callback_query"]


def test_start_and_a_question_get_answers_through_the_bot_api(stack, fake_telegram):
    chat = 5001
    status, _ = deliver(stack, update(chat, "/start"))
    assert status == 200
    welcome = fake_telegram.wait_for("sendMessage", chat, 1)
    assert "computerprogramma" in " ".join(m["text"] for m in welcome)
    before = len(fake_telegram.sent("sendMessage", chat))
    status, _ = deliver(stack, update(chat, "mijn digid werkt niet meer"))
    assert status == 200
    answers = fake_telegram.wait_for("sendMessage", chat, before + 1)[before:]
    assert "DigiD" in " ".join(m["text"] for m in answers)


def test_a_button_is_an_inline_keyboard_and_its_press_is_answered(stack, fake_telegram):
    chat = 5002
    deliver(stack, update(chat, "opnieuw beginnen"))
    messages = fake_telegram.wait_for("sendMessage", chat, 1)
    deadline = time.time() + 30
    while not any(m.get("reply_markup") for m in messages) and time.time() < deadline:
        time.sleep(0.3)
        messages = fake_telegram.sent("sendMessage", chat)
    keyboard = next(m["reply_markup"]["inline_keyboard"] for m in messages if m.get("reply_markup"))
    assert all(len(row) == 1 for row in keyboard)  # one button a row
    pressed = keyboard[0][0]
    before = len(messages)
    status, _ = deliver(stack, update(chat, button=pressed["callback_data"]))
    assert status == 200
    fake_telegram.wait_for("sendMessage", chat, before + 1)
    assert fake_telegram.sent("answerCallbackQuery")
    events = tracker(stack, chat)["events"]
    last_user = [e for e in events if e["event"] == "user"][-1]
    assert last_user["text"] == pressed["callback_data"]


def test_a_typed_intent_does_not_set_an_intent(stack, fake_telegram):
    chat = 5003
    deliver(stack, update(chat, "hallo"))
    fake_telegram.wait_for("sendMessage", chat, 1)
    before = len(fake_telegram.sent("sendMessage", chat))
    deliver(stack, update(chat, "/affirm"))
    fake_telegram.wait_for("sendMessage", chat, before + 1)
    last_user = [e for e in tracker(stack, chat)["events"] if e["event"] == "user"][-1]
    assert last_user["text"] == "affirm"


def test_a_wrong_or_missing_secret_is_rejected_with_403(stack, fake_telegram):
    chat = 5004
    rasa_channel = stack.rasa_url + "/webhooks/telegram"
    for base in (None, rasa_channel):
        for secret in ("wrong", None, ""):
            status, _ = deliver(stack, update(chat, "hallo"), secret=secret, base=base)
            assert status == 403, (base, secret)
    time.sleep(1)
    assert fake_telegram.sent("sendMessage", chat) == []
