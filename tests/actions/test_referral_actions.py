"""The chat's referral form actions with a real Tracker and CollectingDispatcher."""

from sqlalchemy import select

from actions.referral import (
    ActionStartReferral,
    ActionSubmitReferral,
    ValidateReferralForm,
    consent_question,
    parse_contact,
)
from referrals.models import Referral
from tests.support.actions import parse_result, run, tracker


def slot_values(events):
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


async def test_a_call_back_request_targets_the_ido_of_the_gemeente():
    _, events = await run(
        ActionStartReferral(),
        parse_result("bel mij terug", "request_callback"),
        {"gemeente": "Voorbeeldstad"},
    )
    slots = slot_values(events)
    assert slots["referral_kind"] == "callback"
    assert slots["referral_service_id"]


async def test_a_referral_without_an_earlier_question_asks_for_the_question_first():
    messages, events = await run(
        ActionStartReferral(), parse_result("/request_referral", "request_referral", 1.0)
    )
    assert "Stel eerst uw vraag" in messages[0]["text"]
    assert slot_values(events).get("referral_service_id") is None


def test_the_consent_question_names_the_organisation_and_the_retention():
    text = consent_question({"organisation": "Gemeente Voorbeeldstad"})
    assert "Gemeente Voorbeeldstad" in text and "90 dagen" in text and text.endswith("Mag dat?")


def test_contact_details_are_a_dutch_phone_number_or_an_e_mail_address():
    assert parse_contact("06-12345678") == {"phone": "+31612345678", "email": None}
    assert parse_contact("Naam@Voorbeeld.NL") == {"email": "Naam@voorbeeld.nl", "phone": None}


async def test_the_form_refuses_a_wrong_phone_number_kindly():
    from rasa_sdk.executor import CollectingDispatcher

    dispatcher = CollectingDispatcher()
    result = ValidateReferralForm().validate_contact_details("12", dispatcher, tracker({}), {})
    assert result == {"contact_details": None}
    assert "klopt niet" in dispatcher.messages[0]["text"]
    assert ValidateReferralForm().validate_person_name("Jan 123", dispatcher, tracker({}), {}) == {
        "person_name": None
    }


async def test_without_consent_nothing_is_stored_and_the_person_can_go_themselves(service):
    slots = {
        "referral_service_id": "voorbeeldstad-schuldhulp",
        "referral_kind": "referral",
        "referral_question": "ik heb al schulden",
        "gemeente": "Voorbeeldstad",
        "referral_consent": False,
    }
    messages, events = await run(ActionSubmitReferral(), parse_result("/deny", "deny", 1.0), slots)
    assert "niets" in messages[0]["text"]
    assert "contact" in messages[1]["text"]
    with service() as session:
        assert session.execute(select(Referral)).scalars().all() == []
    assert all(v is None for v in slot_values(events).values())
