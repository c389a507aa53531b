"""The chat's advice actions with a real Tracker and CollectingDispatcher."""

from sqlalchemy import select

from actions.advice import ActionAdvise
from actions.human import ActionHumanHandoff
from knowledge import Directory
from registration.models import QuestionRegistration
from tests.support.actions import parse_result, run, texts

DIRECTORY = Directory.from_files()


async def test_the_competent_organisation_comes_first_with_how_to_reach_it():
    messages, _ = await run(
        ActionAdvise(),
        parse_result("mijn digid werkt niet", "digid"),
        {"gemeente": "Voorbeeldstad"},
    )
    first = messages[0]["text"]
    assert first.startswith("Hier kunt u terecht:")
    assert "DigiD" in first and "Bel 088 123 65 55." in first
    assert "Neem mee:" in first


async def test_without_a_gemeente_it_is_asked_with_buttons_and_the_question_kept():
    messages, events = await run(
        ActionAdvise(), parse_result("bijstand aanvragen", "social_assistance")
    )
    assert [b["title"] for b in messages[-1]["buttons"]] == ["Oefenwaard", "Voorbeeldstad"]
    assert {
        "event": "slot",
        "name": "pending_question",
        "value": "bijstand aanvragen",
        "timestamp": None,
    } in events


async def test_a_gemeente_given_later_answers_the_waiting_question_locally():
    message = parse_result(
        '/inform{"gemeente": "Voorbeeldstad"}',
        "inform",
        1.0,
        [{"entity": "gemeente", "value": "Voorbeeldstad"}],
    )
    messages, _ = await run(
        ActionAdvise(),
        message,
        {"gemeente": "Voorbeeldstad", "pending_question": "bijstand aanvragen"},
    )
    assert "Voorbeeldstad" in texts(messages)
    assert "verzonnen voorbeeldgemeente" in texts(messages)


async def test_low_confidence_asks_one_question_with_the_likeliest_themes():
    message = {
        "text": "iets met geld",
        "intent": {"name": "nlu_fallback", "confidence": 0.4},
        "intent_ranking": [
            {"name": "nlu_fallback", "confidence": 0.4},
            {"name": "debts", "confidence": 0.3},
            {"name": "allowances", "confidence": 0.25},
        ],
        "entities": [],
    }
    messages, _events = await run(ActionAdvise(), message)
    assert len(messages) == 1
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert titles[:2] == ["Schulden en geldzorgen", "Toeslagen"] and titles[-1] == "Iets anders"


async def test_crisis_gets_only_the_crisis_answer():
    messages, _ = await run(
        ActionAdvise(), parse_result("ik wil niet meer leven en heb schulden", "debts")
    )
    assert [m.get("response") for m in messages] == ["utter_crisis"]


async def test_two_needs_in_one_message_both_get_advice():
    messages, _ = await run(
        ActionAdvise(),
        parse_result("ik moet toeslag terugbetalen en ik heb al schulden", "allowances"),
        {"gemeente": "Voorbeeldstad"},
    )
    answer = texts(messages)
    assert "Toeslagen" in answer and "Schuldhulp" in answer


async def test_asking_for_a_person_names_the_ido_with_todays_hours():
    messages, _ = await run(
        ActionHumanHandoff(), parse_result("mens", "request_human"), {"gemeente": "Voorbeeldstad"}
    )
    answer = texts(messages)
    assert "Informatiepunt" in answer and "Bibliotheek Voorbeeldstad" in answer
    assert "open" in answer.lower()


async def test_a_theme_chosen_by_button_is_kept_while_the_gemeente_is_asked():
    messages, events = await run(
        ActionAdvise(),
        parse_result("/social_assistance", "social_assistance", 1.0),
        {"pending_question": "iets met geld"},
    )
    assert {
        "event": "slot",
        "name": "pending_theme",
        "value": "social_assistance",
        "timestamp": None,
    } in events
    inform = parse_result(
        '/inform{"gemeente": "Oefenwaard"}',
        "inform",
        1.0,
        [{"entity": "gemeente", "value": "Oefenwaard"}],
    )
    messages, _ = await run(
        ActionAdvise(),
        inform,
        {
            "gemeente": "Oefenwaard",
            "pending_question": "iets met geld",
            "pending_theme": "social_assistance",
        },
    )
    assert "Oefenwaard" in texts(messages)
    assert "Ik weet nog niet" not in texts(messages)


async def test_each_answered_question_is_registered_without_text_or_identifiers(service):
    await run(
        ActionAdvise(),
        parse_result("mijn digid werkt niet", "digid"),
        {"gemeente": "Voorbeeldstad"},
    )
    with service() as session:
        rows = session.execute(select(QuestionRegistration)).scalars().all()
    assert [(r.channel, r.theme) for r in rows] == [("web_chat", "digid")]
    columns = {c.name for c in QuestionRegistration.__table__.columns}
    assert not columns & {"text", "question", "sender_id", "conversation_id"}


async def test_a_gemeente_given_later_does_not_count_the_question_twice(service):
    inform = parse_result(
        '/inform{"gemeente": "Oefenwaard"}',
        "inform",
        1.0,
        [{"entity": "gemeente", "value": "Oefenwaard"}],
    )
    await run(
        ActionAdvise(), inform, {"gemeente": "Oefenwaard", "pending_question": "bijstand aanvragen"}
    )
    with service() as session:
        assert session.execute(select(QuestionRegistration)).scalars().all() == []


async def test_information_that_also_asks_a_question_gets_advice():
    message = {
        "text": "ik woon in Voorbeeldstad en ik heb schulden",
        "intent": {"name": "inform", "confidence": 0.7},
        "intent_ranking": [
            {"name": "inform", "confidence": 0.7},
            {"name": "debts", "confidence": 0.27},
            {"name": "allowances", "confidence": 0.03},
        ],
        "entities": [{"entity": "gemeente", "value": "Voorbeeldstad"}],
    }
    messages, _ = await run(ActionAdvise(), message, {"gemeente": "Voorbeeldstad"})
    assert "Schuldhulp" in texts(messages)
