"""The two actions of the assistant: the welcome, and the answer to every message.

Thin: they read the tracker, hand the turn to conversation.dialogue, and send back what
it says. Every message goes through action_respond (data/rules/respond.yml), so crisis
safety and the waiting question are handled the same way in every state.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.runtime import ChatBackend, settings
from bot.rasa.signing import BUTTON_FLAG
from conversation.dialogue import PERSONAL_SLOTS, Dialogue, Outcome, Turn
from conversation.state import State
from knowledge import Understanding
from texts import text

STATE_SLOT = "dialogue"
log = logging.getLogger(__name__)


def send(dispatcher: CollectingDispatcher, outcome: Outcome) -> list[EventType]:
    for reply in outcome.replies:
        dispatcher.utter_message(**reply.to_message())
    events = [SlotSet(STATE_SLOT, outcome.state.to_dict())]
    events += [SlotSet(name, value) for name, value in outcome.personal.items()]
    return events


class ActionWelcome(Action):
    def name(self) -> str:
        return "action_welcome"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        current = settings()
        dialogue = Dialogue(
            ChatBackend(tracker), current.referral_retention_days, current.tracker_retention_days
        )
        return send(dispatcher, dialogue.welcome())


class ActionRespond(Action):
    def name(self) -> str:
        return "action_respond"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        backend = ChatBackend(tracker)
        message = tracker.latest_message
        said = str(message.get("text") or "")
        # A button press only when the channel verified it and says so in the signed
        # metadata (bot/channels/rest.py); typed text never carries the flag.
        button = (message.get("metadata") or {}).get(BUTTON_FLAG) is True and said.startswith("/")
        if button:
            understanding = Understanding.from_parse(message)
        else:
            understanding = await backend.service.understand(said, message)
        turn = Turn(
            text=said,
            understanding=understanding,
            button=button,
            personal={name: tracker.get_slot(name) for name in PERSONAL_SLOTS},
        )
        state = State.from_dict(tracker.get_slot(STATE_SLOT))
        current = settings()
        dialogue = Dialogue(
            backend, current.referral_retention_days, current.tracker_retention_days
        )
        try:
            outcome = await dialogue.respond(turn, state)
        except Exception:
            # never silence: the person gets a kind word and where to find a person
            log.exception("action_respond failed")
            dispatcher.utter_message(text=text("chat.error"))
            return []
        return send(dispatcher, outcome)
