"""The warm referral in the chat: consent first, then name, contact, time, confirmation.

Personal data only with consent: before the person says yes (by button or a recognised
yes, never a typed "/intent"), nothing about them is asked or kept. The referral record
is the only place that keeps the contact details; the slots are cleared when it is stored.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import render
from actions.human import ido_advice
from actions.registration import register
from actions.runtime import advice_service, sessions
from bot.settings import Settings
from database import transaction
from referrals import mail
from referrals.contact import normalise_email, normalise_name, normalise_phone
from referrals.errors import ReferralError
from referrals.service import Consent, Person, create_referral

log = logging.getLogger(__name__)

FOLLOW_UP_DAYS = 7  # the IDO checks after a week that the partner picked it up
PERSONAL_SLOTS = ("person_name", "contact_details", "contact_time")
FORM_SLOTS = (
    "referral_consent",
    "referral_confirmed",
    "referral_service_id",
    "referral_kind",
    "referral_question",
    "consent_text",
    "requested_slot",
    *PERSONAL_SLOTS,
)
YES_NO = [{"title": "Ja", "payload": "/affirm"}, {"title": "Nee", "payload": "/deny"}]
NO_ADVICE_YET = "Stel eerst uw vraag. Dan zoek ik wie u kan helpen. Daarna kan ik u doorverwijzen."
NOT_POSSIBLE = (
    "Deze organisatie kan ik niet voor u inschakelen. U kunt zelf contact opnemen. "
    "Of vraag het Informatiepunt in de bibliotheek om u te helpen."
)


def clear_form() -> list[dict[str, Any]]:
    return [SlotSet(name, None) for name in FORM_SLOTS]


def referral_target(suggestions: list[dict]) -> dict | None:
    """The first suggestion that takes warm referrals (competent help first)."""
    for suggestion in suggestions:
        if (suggestion.get("warm_referral") or {}).get("possible"):
            return suggestion
    return None


class ActionStartReferral(Action):
    """Checks that a warm referral can be made for the last question, then starts the form."""

    def name(self) -> str:
        return "action_start_referral"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        kind = (
            "callback"
            if tracker.get_intent_of_latest_message() == "request_callback"
            else "referral"
        )
        question = tracker.get_slot("last_question")
        if kind == "referral" and not question:
            dispatcher.utter_message(text=NO_ADVICE_YET)
            return clear_form()
        gemeente = tracker.get_slot("gemeente")
        target = referral_target(await _advice_for(question, gemeente, kind))
        if target is None:
            dispatcher.utter_message(text=NOT_POSSIBLE)
            return clear_form()
        # The rule starts referral_form next; it asks nothing without a target.
        return [
            SlotSet("referral_kind", kind),
            SlotSet("referral_service_id", target["service_id"]),
            SlotSet("referral_question", question or "Terugbelverzoek"),
        ]


async def _advice_for(question, gemeente, kind) -> list[dict]:
    if kind == "callback":
        return [s for s in ido_advice(gemeente)["suggestions"] if s.get("kind") == "ido"]
    service = advice_service()
    understood = await service.understand(question)
    return service.advise(understood, gemeente).to_dict()["suggestions"]


async def chosen_suggestion(tracker: Tracker) -> dict | None:
    kind = tracker.get_slot("referral_kind") or "referral"
    suggestions = await _advice_for(
        tracker.get_slot("referral_question"), tracker.get_slot("gemeente"), kind
    )
    wanted = tracker.get_slot("referral_service_id")
    return next((s for s in suggestions if s.get("service_id") == wanted), None)


def consent_question(suggestion: dict) -> str:
    organisation = suggestion.get("organisation")
    return (
        f"Wij kunnen uw vraag doorgeven aan {organisation}. Dan hoeft u uw verhaal niet "
        f"opnieuw te vertellen. Wij geven dan ook uw naam en telefoonnummer of e-mail door. "
        f"Zij nemen contact met u op. Wij bewaren dit tot 90 dagen nadat uw vraag klaar is. "
        f"Mag dat?"
    )


class ActionAskReferralConsent(Action):
    def name(self) -> str:
        return "action_ask_referral_consent"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        suggestion = await chosen_suggestion(tracker)
        if suggestion is None:
            dispatcher.utter_message(text=NOT_POSSIBLE)
            return [ActiveLoop(None), *clear_form()]
        text = consent_question(suggestion)
        dispatcher.utter_message(text=text, buttons=YES_NO)
        return [SlotSet("consent_text", text)]


class ActionAskReferralConfirmed(Action):
    def name(self) -> str:
        return "action_ask_referral_confirmed"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        suggestion = await chosen_suggestion(tracker) or {}
        lines = [
            "Klopt dit?",
            f"Naam: {tracker.get_slot('person_name')}",
            f"Contact: {tracker.get_slot('contact_details')}",
            f"Wanneer: {tracker.get_slot('contact_time')}",
            f"Wij sturen uw vraag naar: {suggestion.get('organisation', '')}",
        ]
        dispatcher.utter_message(
            text="\n".join(lines),
            buttons=[
                {"title": "Ja, klopt", "payload": "/affirm"},
                {"title": "Nee, stoppen", "payload": "/deny"},
            ],
        )
        return []


def parse_contact(text: str) -> dict[str, str | None]:
    """A phone number or an e-mail address, validated; raises ReferralError otherwise."""
    value = (text or "").strip()
    if "@" in value:
        return {"email": normalise_email(value), "phone": None}
    return {"phone": normalise_phone(value), "email": None}


class ValidateReferralForm(FormValidationAction):
    def name(self) -> str:
        return "validate_referral_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        if tracker.get_slot("referral_consent") is False or not tracker.get_slot(
            "referral_service_id"
        ):
            return []  # no consent, or no one to refer to: ask nothing (more)
        return domain_slots

    def validate_referral_consent(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return {"referral_consent": bool(value)}

    def validate_person_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        try:
            return {"person_name": normalise_name(value)}
        except ReferralError:
            dispatcher.utter_message(
                text="Dat lijkt geen naam. Typ uw voornaam en achternaam. Of typ 'stoppen'."
            )
            return {"person_name": None}

    def validate_contact_details(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        try:
            parse_contact(value)
            return {"contact_details": str(value).strip()}
        except ReferralError:
            dispatcher.utter_message(
                text="Dat nummer of e-mailadres klopt niet. Typ bijvoorbeeld "
                "06-12345678 of naam@voorbeeld.nl. Of typ 'stoppen'."
            )
            return {"contact_details": None}

    def validate_contact_time(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value or "").strip()
        if not text or len(text) > 100:
            dispatcher.utter_message(
                text="Schrijf kort wanneer het u past. Bijvoorbeeld: 's ochtends."
            )
            return {"contact_time": None}
        return {"contact_time": text}


class ActionSubmitReferral(Action):
    """Stores the referral with consent and hands it over; clears the personal slots."""

    def name(self) -> str:
        return "action_submit_referral"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if not tracker.get_slot("referral_service_id"):
            return clear_form()  # nothing was started (action_start_referral said why)
        suggestion = await chosen_suggestion(tracker)
        if tracker.get_slot("referral_consent") is not True or not tracker.get_slot(
            "referral_confirmed"
        ):
            dispatcher.utter_message(text="Goed. Wij geven niets door en bewaren niets van u.")
            if suggestion:
                dispatcher.utter_message(
                    text=render.suggestion_text(
                        suggestion, "U kunt zelf contact opnemen:", with_why=False
                    )
                )
            return clear_form()
        try:
            referral_id, message_id = self._store(tracker, suggestion)
        except Exception:
            log.exception("storing a referral from the chat failed")
            dispatcher.utter_message(
                text="Het doorgeven is niet gelukt. Er is niets bewaard. "
                "Probeer het later opnieuw, of ga naar het Informatiepunt."
            )
            return clear_form()
        state = "none"
        if message_id is not None:
            state = mail.deliver(sessions(), Settings.from_env(), message_id)
        register(
            tracker,
            {
                "themes": [{"name": suggestion.get("theme")}],
                "suggestions": [suggestion],
                "crisis": False,
                "out_of_scope": False,
            },
            referred=suggestion,
        )
        organisation = suggestion.get("organisation")
        dispatcher.utter_message(
            text=(
                f"Dank u. Uw vraag is doorgegeven aan {organisation}. Zij nemen contact met u op."
                if state in ("sent", "pending")
                else f"Dank u. Het Informatiepunt geeft uw vraag door aan {organisation}. "
                f"Zij nemen contact met u op."
            )
            + f" Uw nummer is {referral_id}."
        )
        return clear_form()

    @staticmethod
    def _store(tracker: Tracker, suggestion: dict) -> tuple:
        contact = parse_contact(tracker.get_slot("contact_details"))
        at = datetime.now(timezone.utc)
        with transaction(sessions()) as session:
            referral = create_referral(
                session,
                suggestion=suggestion,
                channel="telegram"
                if tracker.get_latest_input_channel() == "telegram"
                else "web_chat",
                by="chat",
                question=tracker.get_slot("referral_question"),
                themes=[t for t in [suggestion.get("theme")] if t],
                urgency="dringend" if suggestion.get("urgent") else "normaal",
                follow_up_on=(at + timedelta(days=FOLLOW_UP_DAYS)).date(),
                consent=Consent(tracker.get_slot("consent_text") or "", True, at),
                person=Person(
                    name=tracker.get_slot("person_name"),
                    phone=contact["phone"],
                    email=contact["email"],
                    preferred_contact_time=tracker.get_slot("contact_time"),
                ),
            )
            message_id = None
            if referral.partner_email:
                message_id = mail.hand_over(session, referral.id, "chat").id
            return referral.id, message_id


class ActionStopReferral(Action):
    def name(self) -> str:
        return "action_stop_referral"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if tracker.get_intent_of_latest_message() != "crisis":
            dispatcher.utter_message(response="utter_referral_stopped")
        return [ActiveLoop(None), *clear_form()]
