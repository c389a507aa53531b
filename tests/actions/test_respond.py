"""The assistant's actions on a real Tracker and a real database: every turn goes through
action_respond, the state travels in the `dialogue` slot, answers are registered, and a
warm referral is stored with consent."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.respond import ActionRespond, ActionWelcome
from referrals.models import Referral
from registration.models import QuestionRegistration
from tests.support.actions import parse_result, texts


class Conversation:
    def __init__(self) -> None:
        self.slots: dict[str, object] = {}
        self.messages: list[dict] = []

    async def run(self, action, message) -> str:
        dispatcher = CollectingDispatcher()
        tracker = Tracker("s1", dict(self.slots), message, [], False, None, {}, "action_listen")
        events = await action.run(dispatcher, tracker, {})
        for event in events:
            if event.get("event") == "slot":
                self.slots[event["name"]] = event["value"]
        self.messages = dispatcher.messages
        return texts(dispatcher.messages)

    async def say(self, text, intent="inform", confidence=0.9, entities=()):
        return await self.run(ActionRespond(), parse_result(text, intent, confidence, entities))

    async def press(self, payload, intent, entities=()):
        return await self.run(ActionRespond(), parse_result(payload, intent, 1.0, entities))


async def test_the_welcome_starts_a_clean_state():
    chat = Conversation()
    assert "computerprogramma" in await chat.run(ActionWelcome(), {})
    assert chat.slots["dialogue"]["topic"] is None


async def test_an_answered_question_is_registered_without_its_text(sessions):
    chat = Conversation()
    answer = await chat.say("ik wil hulp bij thuis wonen", "social_support")
    assert "In welke gemeente" in answer
    with sessions() as session:
        rows = session.execute(select(QuestionRegistration)).scalars().all()
    assert [r.theme for r in rows] == ["social_support"]
    assert all("thuis" not in str(vars(r)) for r in rows)


async def test_a_warm_referral_is_stored_with_consent_and_the_form_slots_are_cleared(sessions):
    chat = Conversation()
    await chat.say("ik wil hulp bij thuis wonen", "social_support")
    gemeente = [{"entity": "gemeente", "value": "Voorbeeldstad"}]
    await chat.press('/inform{"gemeente": "Voorbeeldstad"}', "inform", gemeente)
    consent = await chat.press("/request_referral", "request_referral")
    assert "Mag dat?" in consent
    await chat.press("/affirm", "affirm")
    await chat.say("Anna de Vries")
    assert chat.slots["person_name"] == "Anna de Vries"
    await chat.say("06-12345678")
    await chat.say("'s ochtends")
    done = await chat.press("/affirm", "affirm")
    assert "doorgegeven aan Gemeente Voorbeeldstad" in done
    with sessions() as session:
        referral = session.execute(select(Referral)).scalar_one()
    assert referral.consent_given is True and referral.person_name == "Anna de Vries"
    assert referral.service_id == "voorbeeldstad-wmo-loket"
    assert "90 dagen" in referral.consent_text
    assert referral.theme_labels == "Wmo, jeugdhulp en mantelzorg"  # Dutch, for the handover
    assert all(chat.slots[name] is None for name in ("person_name", "contact_details"))


async def test_a_typed_slash_is_not_a_button():
    chat = Conversation()
    await chat.say("ik wil hulp bij thuis wonen", "social_support")
    # the channel strips the slash of typed text; what is left is ordinary text
    answer = await chat.say("request_referral", "inform", 0.3)
    assert "Mag dat?" not in answer
