"""The conversation, turn by turn: what people are told in each state."""

from __future__ import annotations

import pytest

from tests.support.dialogue import SUNDAY_10, Chat

DIGID = ("digid", 0.9)
DEBTS = ("debts", 0.9)
VS = {"entities": [{"entity": "gemeente", "value": "Voorbeeldstad"}], "intents": ("inform", 0.9)}
MEANINGS = {
    "mijn digid werkt niet": DIGID,
    "ik heb schulden": DEBTS,
    "ik heb een vraag over een brief": [("letters_forms", 0.2), ("tax_assessment", 0.15)],
    "ik heb een brief van de belasting": [("tax_assessment", 0.4), ("letters_forms", 0.35)],
    "wat kost dat": ("ask_cost", 0.9),
    "is dat gratis": ("ask_cost", 0.9),
    "wanneer bellen ze?": ("ask_when", 0.9),
    "wat moet ik nu doen": ("ask_next_step", 0.9),
    "wat betekent Wmo": ("ask_meaning", 0.9),
    "wat betekent dat": ("ask_meaning", 0.9),
    "wanneer zijn ze open": ("ask_hours", 0.9),
    "waar zit dat": ("ask_address", 0.9),
    "wat kun jij?": ("ask_capabilities", 0.9),
    "hoe gaat het met je": ("smalltalk", 0.9),
    "weet ik niet": ("dont_know", 0.9),
    "ik wil hulp bij thuis wonen": ("social_support", 0.9),
    "ik wil een medewerker spreken": ("request_human", 0.9),
    "bel mij terug": ("request_callback", 0.9),
    "ik heb geen telefoon en geen e-mail": ("no_contact_means", 0.9),
    "wie krijgt mijn gegevens": ("privacy_question", 0.9),
    "stoppen": ("stop_form", 0.9),
    "opnieuw beginnen": ("start_over", 0.9),
    "ja": ("affirm", 0.95),
    "nee": ("deny", 0.95),
    "mijn man is overleden, wat moet ik regelen": ("life_death", 0.8),
    "ik zie het niet meer zitten": [("distress", 0.6), ("debts", 0.1)],
    "ik heb net al mijn pillen ingenomen": ("emergency", 0.8),
    "Anna de Vries": ("inform", 0.4),
    "06-12345678": ("inform", 0.4),
    "'s ochtends": ("inform", 0.4),
    "waarom vraagt u mijn naam?": ("privacy_question", 0.4),
}


@pytest.fixture
def chat():
    return Chat(MEANINGS)


def test_the_welcome_says_it_is_a_computer_program(chat):
    assert "computerprogramma" in chat.welcome()
    assert "DigiD" in chat.buttons


async def test_a_question_gets_the_competent_organisation_first_in_one_short_answer(chat):
    answer = await chat.say("mijn digid werkt niet")
    assert answer.index("DigiD") < answer.index("Bel 088 123 65 55")
    assert "Houd bij de hand" not in answer or "Neem mee" not in answer
    assert len(chat.last) == 1  # one bubble, the buttons under it
    assert "Een medewerker spreken" in chat.buttons


async def test_a_question_that_differs_per_gemeente_asks_for_it_and_continues(chat):
    await chat.say("ik heb schulden")
    assert "In welke gemeente woont u?" in chat.text
    answer = await chat.say("voorbeeldstad", ("inform", 0.5))
    assert "Schuldhulpverlening" in answer
    assert "Daar kan ik u niet mee helpen" not in answer


async def test_a_gemeente_with_a_typo_and_in_lower_case_continues_the_question(chat):
    await chat.say("ik heb schulden")
    answer = await chat.say("ik woon in voorbeeldstat", ("out_of_scope", 0.6))
    assert "Schuldhulpverlening" in answer


async def test_a_gemeente_after_a_clarify_choice_continues_the_question(chat):
    await chat.say("ik heb een vraag over een brief")
    assert "Kies het onderwerp" in chat.text
    await chat.press("Brieven en formulieren")
    answer = await chat.say("Voorbeeldstad", VS)
    assert "Voorbeeldstad" in answer and "niet mee helpen" not in answer


async def test_an_unknown_gemeente_gets_national_help_and_an_honest_word(chat):
    await chat.say("ik heb schulden")
    answer = await chat.say("utrecht", ("out_of_scope", 0.7))
    assert "Voor Utrecht heb ik geen lokale gegevens" in answer
    assert "gemeente" in answer.lower() and "niet mee helpen" not in answer


async def test_dont_know_to_the_gemeente_question_gives_the_national_answer(chat):
    await chat.say("ik heb schulden")
    answer = await chat.say("weet ik niet")
    assert "overal in Nederland" in answer
    assert "In welke gemeente" not in answer


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("wat kost dat", "Het Informatiepunt"),
        ("wanneer zijn ze open", "Openingstijden"),
        ("waar zit dat", "Adres"),
        ("wat moet ik nu doen", "Dit kunt u nu doen"),
    ],
)
async def test_follow_ups_are_answered_against_the_last_topic(chat, question, expected):
    await chat.say("ik wil een medewerker spreken")
    await chat.say("Voorbeeldstad", VS)
    answer = await chat.say(question)
    assert expected in answer, answer


async def test_a_likely_but_unsure_topic_is_answered_with_the_other_topics_offered(chat):
    await chat.say("Voorbeeldstad", VS)
    answer = await chat.say("ik heb een brief van de belasting")
    assert answer.index("Belastingdienst") < answer.index("Sociaal Raadslieden")
    assert "Gaat uw vraag over iets anders?" in answer
    assert "Brieven en formulieren" in chat.buttons
    chosen = await chat.press("Brieven en formulieren")
    assert chosen.index("Sociaal Raadslieden") < chosen.index("Welzijn")
    assert "verzonnen voorbeeldgemeente" not in chosen  # said once is enough


async def test_a_gemeente_typed_while_the_topic_picker_waits_answers_the_likely_topic(chat):
    await chat.say("ik heb een vraag over een brief")
    assert "Kies het onderwerp" in chat.text
    answer = await chat.say("ik woon in voorbeeldstad", ("inform", 0.5))
    assert "Kies het onderwerp" not in answer
    assert "Voorbeeldstad" in answer


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("kan dat ook online?", "Kijk op"),
        ("kan ik het in delen betalen?", "betalingsregeling"),
        ("moet ik iets meenemen?", "Houd"),
        ("hoe lang duurt dat?", "staat niet in mijn gegevens"),
        ("tot welke leeftijd krijg je dat?", "u precies vertellen. Bel 088"),
        ("het moet snel, volgende week al", "vandaag nog contact op met DigiD"),
    ],
)
async def test_a_short_question_about_the_last_answer_stays_with_its_organisation(
    chat, question, expected
):
    await chat.say("mijn digid werkt niet")
    # the classifier guesses an unrelated theme (or a goodbye) for the follow-up
    answer = await chat.say(question, [("goodbye", 0.5), ("certificate_of_conduct", 0.3)])
    assert expected in answer, answer
    assert "Kies het onderwerp" not in answer and "Tot ziens" not in answer
    assert "paar werkdagen" not in answer


@pytest.mark.parametrize(
    ("follow_up", "classified", "expected"),
    [
        ("ik kan het niet betalen", ("debts", 0.8), "betalingsregeling"),
        ("ik heb dat geld niet", ("debts", 0.7), "betalingsregeling"),
        ("ik vind het bedrag veel te hoog", ("out_of_scope", 0.6), "bezwaar"),
        ("ik ben het er niet eens mee", ("legal_advice", 0.6), "bezwaar"),
    ],
)
async def test_not_able_to_pay_or_not_agreeing_stays_with_the_claim_just_discussed(
    chat, follow_up, classified, expected
):
    await chat.say("ik heb een brief van de belasting")
    answer = await chat.say(follow_up, classified)
    assert expected in answer and "Belastingdienst" in answer, answer


async def test_a_message_without_any_topic_goes_on_about_the_last_answer(chat):
    await chat.say("mijn digid werkt niet")
    answer = await chat.say("ik wil graag verder met dit", [("deny", 0.5)])
    assert "DigiD" in answer and "Waar gaat uw vraag over" not in answer


async def test_a_long_question_is_no_small_talk_in_a_conversation(chat):
    await chat.say("mijn digid werkt niet")
    answer = await chat.say("en hoe zit het met geld voor de kinderen?", [("smalltalk", 0.5)])
    assert "met mij gaat het goed" not in answer


async def test_a_follow_up_may_skip_the_gemeente_question_which_keeps_waiting(chat):
    await chat.say("ik heb schulden")
    assert "In welke gemeente" in chat.text
    answer = await chat.say("kan ik het in delen betalen?", [("debts", 0.3)])
    assert "betalingsregeling" in answer
    assert "Schuldhulpverlening" in await chat.say("Voorbeeldstad", VS)


async def test_not_understanding_gets_the_answer_again_in_short(chat):
    await chat.say("mijn digid werkt niet")
    answer = await chat.say("ik snap het niet", [("ask_meaning", 0.5)])
    assert "in het kort" in answer and "DigiD" in answer


async def test_the_time_to_object_is_six_weeks(chat):
    await chat.say("mijn digid werkt niet")
    answer = await chat.say("hoe lang heb ik om bezwaar te maken?", [("ask_when", 0.5)])
    assert "6 weken" in answer


async def test_no_to_a_call_back_gives_the_contact_details_to_call_oneself():
    chat = Chat(MEANINGS, now=SUNDAY_10)
    await chat.say("ik wil een medewerker spreken")
    await chat.say("Voorbeeldstad", VS)
    assert "terugbelt" in chat.text
    answer = await chat.say("nee")
    assert "U kunt zelf contact opnemen" in answer and "Informatiepunt" in answer


async def test_asking_for_a_person_about_the_last_answer_is_asking_for_a_person(chat):
    await chat.say("mijn digid werkt niet")
    answer = await chat.say("kan iemand mij daarbij helpen?", ("request_human", 0.7))
    assert "In welke gemeente" in answer


async def test_a_follow_up_with_a_clear_new_question_is_a_new_question(chat):
    await chat.say("mijn digid werkt niet")
    answer = await chat.say("hoe lang duurt een schuldhulptraject?", DEBTS)
    assert "In welke gemeente" in answer


async def test_a_sentence_is_no_yes_or_no_to_a_yes_no_question():
    chat = Chat(MEANINGS, now=SUNDAY_10)
    await chat.say("ik wil een medewerker spreken")
    await chat.say("Voorbeeldstad", VS)
    assert "terugbelt" in chat.text
    answer = await chat.say("ik heb dat geld niet", ("deny", 0.8))
    assert answer != "" and "Goed. Heeft u nog een andere vraag?" not in answer


async def test_what_is_a_word_explains_it_even_when_it_names_a_theme(chat):
    assert "uw inlog" in await chat.say("wat is digid?", DIGID)
    assert "toestemming" in await chat.say("wat is een machtiging precies?", ("authorisation", 0.8))


async def test_how_to_get_the_word_just_explained_answers_about_that_word(chat):
    await chat.say("ik heb schulden")
    assert "uw inlog" in await chat.say("wat is digid?", DIGID)
    answer = await chat.say("hoe krijg ik die?", ("ask_next_step", 0.6))
    assert "DigiD" in answer


async def test_a_word_asked_about_inside_a_question_is_explained_before_the_answer(chat):
    answer = await chat.say(
        "ik heb een brief over de WOZ gekregen. wat betekent WOZ?", [("municipal_services", 0.8)]
    )
    assert answer.index("de waarde van uw huis") < answer.index("Hier kunt u terecht")


async def test_a_word_is_explained(chat):
    assert "om thuis te kunnen blijven wonen" in await chat.say("wat betekent Wmo")
    assert "Welk woord" in await chat.say("wat betekent dat")


async def test_more_options_shows_what_was_not_shown(chat):
    await chat.say("ik wil hulp bij thuis wonen")
    await chat.say("Voorbeeldstad", VS)
    answer = await chat.press("Meer opties")
    assert "U kunt ook hier terecht" in answer


async def test_what_can_you_do_and_small_talk_get_a_real_answer(chat):
    assert "DigiD" in await chat.say("wat kun jij?")
    assert "computerprogramma" in await chat.say("hoe gaat het met je")


async def test_the_ido_card_is_shown_at_most_once(chat):
    await chat.say("ik wil een medewerker spreken")
    await chat.say("Voorbeeldstad", VS)
    assert "Informatiepunt" in chat.text
    answer = await chat.say("mijn digid werkt niet")
    assert "Informatiepunt Digitale Overheid" not in answer


async def test_a_life_event_gets_a_checklist_naming_each_organisation(chat):
    answer = await chat.say("mijn man is overleden, wat moet ik regelen")
    for name in ("gemeente", "SVB", "Toeslagen", "Belasting"):
        assert name in answer, name
    assert "uitkering voor nabestaanden (Anw)" in answer


async def test_possible_distress_keeps_the_help_adds_113_and_checks_gently(chat):
    answer = await chat.say("ik zie het niet meer zitten")
    assert "113" in answer
    assert "Gaat het over uw leven" in answer
    crisis = await chat.press("Over mijn leven")
    assert crisis.index("113") < crisis.index("112")


async def test_a_crisis_in_the_form_comes_first_and_the_form_goes_on_afterwards(chat):
    await chat.say("ik wil hulp bij thuis wonen")
    await chat.say("Voorbeeldstad", VS)
    await chat.press("Laat mij doorverwijzen")
    answer = await chat.say("ik heb net al mijn pillen ingenomen")
    assert answer.index("112") < answer.index("113")
    assert "Terug naar mijn vraag" in chat.buttons
    answer = await chat.press("Terug naar mijn vraag")
    assert "Mag dat?" in answer


async def test_a_warm_referral_from_consent_to_confirmation(chat):
    await chat.say("ik wil hulp bij thuis wonen")
    await chat.say("Voorbeeldstad", VS)
    consent = await chat.press("Laat mij doorverwijzen")
    assert "Gemeente Voorbeeldstad" in consent and "90 dagen" in consent
    assert "binnen drie werkdagen" in consent  # by when, where the data says so
    assert "Wat is uw naam?" in await chat.press("Ja")
    assert "telefoonnummer" in await chat.say("Anna de Vries")
    assert "Wanneer" in await chat.say("06-12345678")
    summary = await chat.say("'s ochtends")
    assert "Anna de Vries" in summary and "06-12345678" in summary
    done = await chat.press("Ja, dat klopt")
    assert "doorgegeven" in done
    request = chat.backend.referrals[0]
    assert request.service_id == "voorbeeldstad-wmo-loket"
    assert request.name == "Anna de Vries" and "90 dagen" in request.consent_text
    assert all(value is None for value in chat.personal.values())
    assert "binnen twee dagen" in await chat.say("wanneer bellen ze?")  # what the receipt said


async def test_questions_inside_the_form_are_answered_and_the_form_goes_on(chat):
    await chat.say("ik wil hulp bij thuis wonen")
    await chat.say("Voorbeeldstad", VS)
    await chat.press("Laat mij doorverwijzen")
    answer = await chat.say("wie krijgt mijn gegevens")
    assert "Alleen Gemeente Voorbeeldstad krijgt" in answer and "Mag dat?" in answer
    await chat.press("Ja")
    answer = await chat.say("waarom vraagt u mijn naam?")
    assert "Uw naam is nodig" in answer and "Wat is uw naam?" in answer
    assert "Wmo: hulp van de gemeente" in await chat.say("wat betekent Wmo")
    assert chat.state.form is not None and chat.state.form.step == "name"


async def test_no_phone_and_no_email_offers_a_visit_without_a_loop(chat):
    await chat.say("ik wil hulp bij thuis wonen")
    await chat.say("Voorbeeldstad", VS)
    await chat.press("Laat mij doorverwijzen")
    await chat.press("Ja")
    await chat.say("Anna de Vries")
    answer = await chat.say("ik heb geen telefoon en geen e-mail")
    assert "Kom dan langs" in answer and "Informatiepunt" in answer
    assert chat.state.form is None and chat.backend.referrals == []


async def test_stopping_the_form_stores_nothing(chat):
    await chat.say("ik wil hulp bij thuis wonen")
    await chat.say("Voorbeeldstad", VS)
    await chat.press("Laat mij doorverwijzen")
    await chat.press("Ja")
    await chat.say("Anna de Vries")
    assert "niets bewaard" in await chat.say("stoppen")
    assert chat.backend.referrals == [] and chat.personal["person_name"] is None


async def test_saying_no_to_consent_gives_the_contact_details_to_go_yourself(chat):
    await chat.say("ik wil hulp bij thuis wonen")
    await chat.say("Voorbeeldstad", VS)
    await chat.press("Laat mij doorverwijzen")
    answer = await chat.press("Nee")
    assert "niets bewaard" in answer and "U kunt zelf contact opnemen" in answer


async def test_a_call_back_without_a_gemeente_asks_for_it_then_continues():
    chat = Chat(MEANINGS, now=SUNDAY_10)
    answer = await chat.say("bel mij terug")
    assert "In welke gemeente" in answer
    consent = await chat.press("Voorbeeldstad")
    assert "Mag dat?" in consent and "Bibliotheek Voorbeeldstad" in consent


async def test_a_person_when_the_ido_is_closed_offers_a_call_back():
    chat = Chat(MEANINGS, now=SUNDAY_10)
    await chat.say("ik wil een medewerker spreken")
    answer = await chat.say("Voorbeeldstad", VS)
    assert "nu dicht" in answer and "Ja, bel mij terug" in chat.buttons
    assert "Mag dat?" in await chat.say("ja")


async def test_starting_over_forgets_everything(chat):
    await chat.say("ik heb schulden")
    await chat.say("Voorbeeldstad", VS)
    assert "opnieuw" in await chat.say("opnieuw beginnen")
    assert chat.state.topic is None and chat.state.gemeente is None


async def test_every_answer_is_registered_once_without_text(chat):
    await chat.say("ik heb schulden")
    await chat.say("Voorbeeldstad", VS)  # the same question, now with the gemeente
    assert len(chat.backend.registered) == 1


async def test_violence_after_a_question_about_a_partner_names_veilig_thuis_and_help_follows(chat):
    await chat.say("ik wil scheiden maar weet niet waar ik moet beginnen", ("life_divorce", 0.8))
    crisis_reply = await chat.say(
        "hij heeft me net geslagen en hij staat nu voor de deur", ("emergency", 0.8)
    )
    assert "112" in crisis_reply and "Veilig Thuis" in crisis_reply
    answer = await chat.say("hij is weg. waar kan ik hulp krijgen hiermee?", ("life_divorce", 0.4))
    assert "Veilig Thuis" in answer, answer


async def test_how_to_log_in_after_another_topic_is_about_digid(chat):
    await chat.say("ik heb een brief van de belasting")
    answer = await chat.say("hoe log ik daar in?", ("tax_assessment", 0.4))
    assert "DigiD" in answer, answer


async def test_back_to_the_question_after_a_crisis_in_words(chat):
    await chat.say("mijn digid werkt niet")
    await chat.say("ik heb net al mijn pillen ingenomen")
    answer = await chat.say("het gaat weer. maar nog even over mijn vraag", ("digid", 0.3))
    assert "DigiD" in answer and "112" not in answer, answer


async def test_a_contact_question_that_starts_with_wat_is_is_no_meaning_question(chat):
    answer = await chat.say(
        "wat is het telefoonnummer van de SVB?", ("state_pension_child_benefit", 0.6)
    )
    assert "Sociale Verzekeringsbank: AOW en kinderbijslag" not in answer
    meaning = await chat.say("wat is Wmo precies, mevrouw vraagt het", ("ask_meaning", 0.6))
    assert "thuis te kunnen blijven wonen" in meaning


async def test_where_else_to_report_shows_the_other_help_of_the_answer():
    chat = Chat({"iemand misbruikt mijn BSN": ("identity_fraud", 0.9)})
    await chat.say("iemand misbruikt mijn BSN")
    answer = await chat.say("Ik heb ze gebeld. Waar moet ik het nog melden?")
    assert "Politie" in answer and "Identiteitsfraude" not in answer.split("\n")[0]


async def test_a_call_back_where_the_desk_cannot_call_goes_to_the_organisation_that_can():
    oefenwaard = {
        "entities": [{"entity": "gemeente", "value": "Oefenwaard"}],
        "intents": ("inform", 0.9),
    }
    chat = Chat({**MEANINGS, "Oefenwaard": oefenwaard})
    await chat.say("ik heb schulden")
    await chat.say("Oefenwaard")
    answer = await chat.say("bel mij terug")
    assert "Mag dat?" in answer and "doorgeven aan Gemeente Oefenwaard" in answer
    assert "niet zelf doorgeven" not in answer


async def test_no_to_the_gemeente_question_of_a_call_back_says_how_to_reach_them(chat):
    await chat.say("ik heb schulden")
    await chat.say("bel mij terug")
    assert "In welke gemeente" in chat.text
    answer = await chat.say("nee")
    assert "U kunt zelf contact opnemen" in answer
    assert chat.state.pending is None


async def test_a_short_unsure_message_is_read_after_the_last_question():
    chat = Chat(
        {
            **MEANINGS,
            "en die brief met de code dan": [("vague_request", 0.3), ("letters_forms", 0.15)],
            "mijn digid werkt niet. en die brief met de code dan": ("digid", 0.8),
        }
    )
    await chat.say("mijn digid werkt niet")
    answer = await chat.say("en die brief met de code dan")
    assert "DigiD" in answer and "Kies het onderwerp" not in answer


async def test_a_short_message_that_the_last_question_does_not_explain_is_not_forced():
    chat = Chat(
        {
            **MEANINGS,
            "en mijn huur dan": [("vague_request", 0.3), ("rent_dispute", 0.25)],
            "mijn digid werkt niet. en mijn huur dan": [("rent_dispute", 0.5), ("digid", 0.3)],
        }
    )
    await chat.say("mijn digid werkt niet")
    answer = await chat.say("en mijn huur dan")
    assert "DigiD" not in answer.split("\n")[0]


async def test_a_meaning_asked_for_names_the_law_in_full(chat):
    answer = await chat.say("wat betekent Wmo")
    assert "Wet maatschappelijke ondersteuning" in answer


async def test_a_message_with_a_weak_theme_of_its_own_is_not_read_as_the_last_topic():
    chat = Chat(
        {
            **MEANINGS,
            "wie helpt mij met geldzorgen": [("debts", 0.27), ("social_support", 0.16)],
            "mijn digid werkt niet. wie helpt mij met geldzorgen": ("digid", 0.8),
        }
    )
    await chat.say("mijn digid werkt niet")
    answer = await chat.say("wie helpt mij met geldzorgen")
    assert "DigiD" not in answer.split("\n")[1]


async def test_a_word_is_explained_in_its_singular_too(chat):
    answer = await chat.say("wat betekent nabestaande", ("ask_meaning", 0.9))
    assert answer.startswith("Nabestaanden: ") and "overleden" in answer


async def test_learning_it_oneself_after_a_digid_answer_is_the_course(chat):
    await chat.say("mijn digid werkt niet")
    answer = await chat.say("hoe kan ik dit zelf leren?")
    assert "Digisterker" in answer


async def test_the_cost_of_a_nursing_home_is_the_own_contribution_at_the_cak():
    chat = Chat({**MEANINGS, "mijn moeder moet naar een verpleeghuis": ("long_term_care", 0.9)})
    await chat.say("mijn moeder moet naar een verpleeghuis")
    answer = await chat.say("wat kost dat")
    assert "CAK" in answer


async def test_after_a_crisis_reply_the_question_in_it_is_helped_with():
    crisis_with_debt = {
        "intents": ("crisis", 0.8),
        "clause_intents": [("student_finance", 0.9)],
    }
    chat = Chat(
        {
            **MEANINGS,
            "ik heb zo'n studieschuld, ik wil er een eind aan maken": crisis_with_debt,
            "dank je. ik wil weten of ik minder kan terugbetalen": [("thanks", 0.5)],
        }
    )
    await chat.say("ik heb zo'n studieschuld, ik wil er een eind aan maken")
    assert "113" in chat.text
    answer = await chat.say("dank je. ik wil weten of ik minder kan terugbetalen")
    assert "DUO" in answer


async def test_a_no_to_passing_on_data_passes_nothing_and_says_how_to_reach_them(chat):
    await chat.say("ik heb schulden")
    await chat.say("Voorbeeldstad", VS)
    answer = await chat.say(
        "Nee, ik wil toch niet dat jullie mijn gegevens doorgeven", ("privacy_question", 0.5)
    )
    assert "Ik geef niets door" in answer and "U kunt zelf contact opnemen" in answer
    assert chat.backend.referrals == []


async def test_asking_for_a_person_is_understood_when_the_classifier_is_unsure(chat):
    await chat.say("mijn digid werkt niet")
    answer = await chat.say(
        "kan iemand mij daarbij helpen?", [("social_support", 0.25), ("request_human", 0.24)]
    )
    assert "In welke gemeente" in answer and "Informatiepunt" in answer
