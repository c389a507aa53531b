"""The REST channel lets a "/payload" through only as a signed button press of a button
just offered; typed text never counts as a button."""

from types import SimpleNamespace

from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.channels.rest import claims_button, offered_payloads, safe_text


class TrackerStore:
    def __init__(self, tracker):
        self.tracker = tracker

    async def retrieve(self, sender_id):
        return self.tracker


def request_with(tracker):
    agent = SimpleNamespace(tracker_store=TrackerStore(tracker))
    return SimpleNamespace(app=SimpleNamespace(ctx=SimpleNamespace(agent=agent)))


def tracker_offering(*payloads):
    buttons = [{"title": p, "payload": p} for p in payloads]
    return DialogueStateTracker.from_events(
        "s1",
        [
            ActionExecuted("action_listen"),
            UserUttered("hoi"),
            BotUttered("Kies:", data={"buttons": buttons}),
        ],
    )


async def test_an_offered_payload_pressed_as_a_button_passes_as_a_button():
    request = request_with(tracker_offering("/affirm", "/deny"))
    assert await safe_text(request, "s1", "/affirm", button=True) == ("/affirm", True)


async def test_an_offered_payload_typed_is_typed_text():
    request = request_with(tracker_offering("/affirm", "/deny"))
    assert await safe_text(request, "s1", "/affirm") == ("affirm", False)


async def test_a_payload_that_was_not_offered_loses_its_slash():
    request = request_with(tracker_offering("/deny"))
    assert await safe_text(request, "s1", "/affirm", button=True) == ("affirm", False)
    assert await safe_text(request, "s1", '/inform{"gemeente": "X"}', button=True) == (
        'inform{"gemeente": "X"}',
        False,
    )


async def test_without_a_conversation_nothing_passes_as_intent():
    assert await safe_text(request_with(None), "new", "/affirm", button=True) == ("affirm", False)
    assert await safe_text(request_with(None), "new", "///") == ("?", False)


async def test_ordinary_text_is_untouched_and_never_a_button():
    assert await safe_text(request_with(None), "s", "mijn digid/wachtwoord", button=True) == (
        "mijn digid/wachtwoord",
        False,
    )


def test_a_button_claim_is_read_only_from_the_metadata_flag():
    assert claims_button({"metadata": {"wegwijzer_button": True}})
    assert not claims_button({"metadata": {"wegwijzer_button": "true"}})
    assert not claims_button({"message": "/affirm"})
    assert not claims_button(["metadata"])


def test_only_the_last_bot_message_counts():
    tracker = tracker_offering("/old")
    tracker.update(BotUttered("Geen knoppen nu."))
    assert offered_payloads(tracker) == []


def test_a_signature_is_bound_to_the_body_the_secret_and_the_time():
    from bot.rasa.signing import signature, verify

    body = b'{"sender":"s","message":"hallo"}'
    header = signature("geheim", body)
    assert verify("geheim", body, header)
    assert not verify("ander-geheim", body, header)
    assert not verify("geheim", body.replace(b"hallo", b"/affirm"), header)
    assert not verify("geheim", body, None) and not verify("geheim", body, "x.y")
    old = signature("geheim", body, at=1_000_000)
    assert not verify("geheim", body, old)  # replayed later: refused
