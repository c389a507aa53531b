"""action_advise: answer a help question with the competent organisation first."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import render
from actions.human import hand_over
from actions.registration import register
from actions.runtime import advice_service

ASK_GEMEENTE = "In welke gemeente woont u? Dan zoek ik ook hulp bij u in de buurt."
CLARIFY = "Ik weet nog niet goed waar uw vraag over gaat. Kies het onderwerp dat het best past."
ASK_QUESTION = "Wat is uw vraag? Schrijf het in een paar woorden."
SOMETHING_ELSE = {"title": "Iets anders", "payload": "/vague_request"}


def _chosen_by_button(message: dict[str, Any]) -> bool:
    return (message.get("text") or "").startswith("/")


def _certain(theme: str, entities) -> dict[str, Any]:
    """The parse of a question whose theme the person chose with a button."""
    return {
        "intent": {"name": theme, "confidence": 1.0},
        "intent_ranking": [{"name": theme, "confidence": 1.0}],
        "entities": entities or [],
    }


QUESTION_IN_INFORM = 0.25  # a theme this sure in information given is a question too


def _has_theme(understood, service) -> bool:
    themes = service.theme_ids()
    return any(
        name in themes and confidence >= QUESTION_IN_INFORM
        for name, confidence in [*understood.intents, *understood.clause_intents]
    )


class ActionAdvise(Action):
    def name(self) -> str:
        return "action_advise"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        message = tracker.latest_message
        intent = (message.get("intent") or {}).get("name")
        pending = tracker.get_slot("pending_question")
        gemeente = tracker.get_slot("gemeente")
        service = advice_service()

        chosen_theme = tracker.get_slot("pending_theme")
        understood = None
        if intent == "inform" and not pending and not _chosen_by_button(message):
            # Information that also asks a question ("ik woon in X en heb schulden").
            understood = await service.understand(message.get("text") or "", message)
            if not _has_theme(understood, service):
                dispatcher.utter_message(text=ASK_QUESTION)
                return []
            understood, intent = understood.themes_only(service.theme_ids()), None
        if intent == "inform" or _chosen_by_button(message):
            text = pending or ""
            if intent != "inform":
                chosen_theme = intent  # a theme chosen with a button is certain
            # A gemeente given later answers the waiting question, with its chosen theme.
            whole = _certain(chosen_theme, message.get("entities")) if chosen_theme else None
        else:
            text, whole, chosen_theme = message.get("text") or "", message, None
        done = [SlotSet("pending_question", None), SlotSet("pending_theme", None)]

        if understood is None or understood.text != text:
            understood = await service.understand(text, whole)
        if understood.top_intent == "request_human":
            return hand_over(dispatcher, gemeente)
        advice = service.advise(understood, gemeente).to_dict()

        if advice["crisis"]:
            dispatcher.utter_message(response="utter_crisis")
            register(tracker, advice)
            return done
        if advice["out_of_scope"]:
            dispatcher.utter_message(response="utter_out_of_scope")
            register(tracker, advice)
            return done
        if advice["clarify"]:
            dispatcher.utter_message(
                text=CLARIFY, buttons=[*render.theme_buttons(advice["themes"]), SOMETHING_ELSE]
            )
            return [SlotSet("pending_question", text), SlotSet("pending_theme", None)]

        if intent != "inform":  # a gemeente given later is the same question, counted once
            register(tracker, advice)
        # A notice about the gemeente (unknown, or example data) once: when it is named.
        named_now = any(e.get("entity") == "gemeente" for e in message.get("entities") or [])
        for text_part in render.advice_messages(
            advice, with_notice=named_now or intent == "inform"
        ):
            dispatcher.utter_message(text=text_part)
        if gemeente is None and advice.get("needs_gemeente"):
            dispatcher.utter_message(
                text=ASK_GEMEENTE,
                buttons=render.gemeente_buttons(advice.get("known_gemeenten", [])),
            )
            return [
                SlotSet("pending_question", text),
                SlotSet("pending_theme", chosen_theme),
                SlotSet("last_question", text),
            ]
        dispatcher.utter_message(
            text="Wat wilt u nu doen?", buttons=render.next_step_buttons(advice)
        )
        themes = [t["name"] for t in advice["themes"][:3]]
        return [*done, SlotSet("last_themes", themes), SlotSet("last_question", text)]
