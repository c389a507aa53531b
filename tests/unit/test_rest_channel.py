"""The REST channel lets a "/payload" through only when that button was just offered."""

from types import SimpleNamespace

from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.channels.rest import offered_payloads, safe_text


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


async def test_an_offered_payload_passes():
    request = request_with(tracker_offering("/affirm", "/deny"))
    assert await safe_text(request, "s1", "/affirm") == "/affirm"


async def test_a_payload_that_was_not_offered_loses_its_slash():
    request = request_with(tracker_offering("/deny"))
    assert await safe_text(request, "s1", "/affirm") == "affirm"
    assert await safe_text(request, "s1", '/inform{"gemeente": "X"}') == 'inform{"gemeente": "X"}'


async def test_without_a_conversation_nothing_passes_as_intent():
    assert await safe_text(request_with(None), "new", "/affirm") == "affirm"
    assert await safe_text(request_with(None), "new", "///") == "?"


async def test_ordinary_text_is_untouched():
    assert (
        await safe_text(request_with(None), "s", "mijn digid/wachtwoord") == "mijn digid/wachtwoord"
    )


def test_only_the_last_bot_message_counts():
    tracker = tracker_offering("/old")
    tracker.update(BotUttered("Geen knoppen nu."))
    assert offered_payloads(tracker) == []
