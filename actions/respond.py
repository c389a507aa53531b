"""The two actions of the assistant: the welcome, and the answer to every message.

Thin: they read the tracker, hand the turn to conversation.dialogue, and send back what
it says. Every message goes through action_respond (data/rules/respond.yml), so crisis
safety and the waiting question are handled the same way in every state.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.runtime import ChatBackend, settings
from bot.rasa.signing import BUTTON_FLAG
from conversation.dialogue import PERSONAL_SLOTS, Dialogue, Outcome, Turn
from conversation.state import State
from knowledge import Understanding

STATE_SLOT = "dialogue"


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
        dialogue = Dialogue(ChatBackend(tracker), settings().referral_retention_days)
        return send(dispatcher, dialogue.welcome())


class ActionRespond(Action):
    def name(self) -> str:
        return "action_respond"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        backend = ChatBackend(tracker)
        message = tracker.latest_message
        text = str(message.get("text") or "")
        # A button press only when the channel verified it and says so in the signed
        # metadata (bot/channels/rest.py); typed text never carries the flag.
        button = (message.get("metadata") or {}).get(BUTTON_FLAG) is True and text.startswith("/")
        if button:
            understanding = Understanding.from_parse(message)
        else:
            understanding = await backend.service.understand(text, message)
        turn = Turn(
            text=text,
            understanding=understanding,
            button=button,
            personal={name: tracker.get_slot(name) for name in PERSONAL_SLOTS},
        )
        state = State.from_dict(tracker.get_slot(STATE_SLOT))
        dialogue = Dialogue(backend, settings().referral_retention_days)
        return send(dispatcher, await dialogue.respond(turn, state))
