"""Run a custom action on a real rasa_sdk Tracker with a CollectingDispatcher."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher


def parse_result(text, intent, confidence=0.9, entities=()):
    return {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "intent_ranking": [
            {"name": intent, "confidence": confidence},
            {"name": "greet", "confidence": 1 - confidence},
        ],
        "entities": list(entities),
    }


def tracker(message, slots=None):
    return Tracker("s1", slots or {}, message, [], False, None, {}, "action_listen")


async def run(action, message, slots=None):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker(message, slots), {})
    return dispatcher.messages, events


def texts(messages):
    return "\n".join(m.get("text") or "" for m in messages)
