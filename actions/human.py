"""action_human_handoff: where to find a person - the nearest IDO with today's hours."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import render
from actions.runtime import advice_service
from conversation.understanding import Understood

ASK_GEMEENTE = "In welke gemeente woont u? Dan zoek ik het Informatiepunt bij u in de buurt."
HUMAN_QUESTION = "ik wil een medewerker spreken"


def ido_advice(gemeente) -> dict[str, Any]:
    understood = Understood(text=HUMAN_QUESTION, intents=[("ido_info", 1.0)], entities=[])
    return advice_service().advise(understood, gemeente).to_dict()


def hand_over(dispatcher: CollectingDispatcher, gemeente) -> list[dict[str, Any]]:
    """Tell where a person can help; ask the gemeente first when it is not known."""
    advice = ido_advice(gemeente)
    idos = [s for s in advice["suggestions"] if s.get("kind") == "ido"]
    if gemeente is None or not idos:
        dispatcher.utter_message(response="utter_human_ido")
        if advice.get("notice"):
            dispatcher.utter_message(text=advice["notice"])
        dispatcher.utter_message(
            text=ASK_GEMEENTE, buttons=render.gemeente_buttons(advice.get("known_gemeenten", []))
        )
        return [SlotSet("pending_question", HUMAN_QUESTION)]
    for i, suggestion in enumerate(idos[:2]):
        intro = "Een medewerker helpt u graag. Ga naar het Informatiepunt:" if i == 0 else None
        dispatcher.utter_message(text=render.suggestion_text(suggestion, intro, with_why=False))
    if idos[0].get("open") is False and (idos[0].get("warm_referral") or {}).get("possible"):
        dispatcher.utter_message(
            text="Het Informatiepunt is nu dicht. Wilt u dat een medewerker u terugbelt?",
            buttons=[
                {"title": "Ja, bel mij terug", "payload": "/request_callback"},
                {"title": "Nee, dank u", "payload": "/deny"},
            ],
        )
    return [SlotSet("pending_question", None)]


class ActionHumanHandoff(Action):
    def name(self) -> str:
        return "action_human_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        return hand_over(dispatcher, tracker.get_slot("gemeente"))
