"""The ranking rules: crisis, urgency, several needs, clarifying, out of scope, gemeenten."""

from __future__ import annotations

from datetime import datetime

import pytest

from knowledge import Understanding, advise
from knowledge.advice import CLARIFY_BELOW, CLOSE_MARGIN
from knowledge.crisis import EMERGENCY_MIN, SUICIDE_MIN

MONDAY_10 = datetime(2026, 11, 23, 10, 0)


def ask(directory, text="", intents=(), entities=(), gemeente="Voorbeeldstad", now=MONDAY_10):
    return advise(
        directory,
        Understanding(text=text, intents=tuple(intents), entities=tuple(entities)),
        gemeente=gemeente,
        now=now,
    )


def ids(advice):
    return [s.service_id or f"generic: {s.organisation}" for s in advice.suggestions]


# --- crisis -----------------------------------------------------------------------------------
def test_suicidal_intent_gets_113_first_and_the_crisis_lines_alone(directory):
    advice = ask(directory, "ik ga er vannacht een eind aan maken", [("crisis", 0.9)])
    assert advice.crisis is True and advice.crisis_level == "acute"
    assert ids(advice) == ["crisis-113", "crisis-112"]
    assert advice.suggestions[0].open_now == "dag en nacht bereikbaar"
    assert [c["value"] for c in advice.suggestions[0].contacts][:2] == ["113", "0800 0113"]


def test_danger_now_gets_112_first(directory):
    advice = ask(directory, "mijn buurman is gevallen en reageert niet meer", [("greet", 0.4)])
    assert advice.crisis_first == "112"
    assert ids(advice)[0] == "crisis-112"


def test_violence_at_home_now_names_veilig_thuis_after_112(directory):
    advice = ask(
        directory, "mijn man slaat mij nu, de kinderen huilen", [("domestic_violence", 0.6)]
    )
    assert ids(advice)[:2] == ["crisis-112", "veilig-thuis-advies"]


def test_the_classifier_alone_can_raise_the_alarm(directory):
    advice = ask(directory, "opa zit stil in zijn stoel", [("emergency", EMERGENCY_MIN)])
    assert advice.crisis is True and ids(advice)[0] == "crisis-112"


def test_a_low_crisis_confidence_is_not_a_crisis(directory):
    advice = ask(directory, "ik heb schulden", [("debts", 0.8), ("crisis", SUICIDE_MIN - 0.01)])
    assert advice.crisis is False and advice.crisis_level is None


def test_possible_distress_keeps_the_help_and_adds_113(directory):
    advice = ask(directory, "ik zie het niet meer zitten", [("debts", 0.2), ("distress", 0.5)])
    assert advice.crisis is False and advice.distress is True
    assert "crisis-113" in ids(advice)


def test_hopeless_words_about_an_everyday_object_are_not_distress(directory):
    advice = ask(directory, "ik zie het niet meer zitten met die aangifte", [("tax_return", 0.7)])
    assert advice.crisis_level is None and ids(advice)[0] == "belastingtelefoon"


# --- urgency ----------------------------------------------------------------------------------
def test_urgent_money_trouble_puts_schuldhulp_first_marked_urgent(directory):
    advice = ask(
        directory,
        "er staat een deurwaarder aan de deur",
        [("debts", 0.88)],
        [{"entity": "urgency", "value": "deurwaarder", "text": "deurwaarder"}],
    )
    first = advice.suggestions[0]
    assert first.service_id == "voorbeeldstad-schuldhulp" and first.urgent is True
    assert "haast" in first.why and "deurwaarder" in first.why
    assert advice.urgency == ["deurwaarder"]
    assert advice.suggestions[1].service_id == "voorbeeldstad-sociaal-raadslieden"
    assert advice.suggestions[1].urgent is True
    assert advice.suggestions[-1].kind == "ido"


def test_urgency_words_in_the_text_count_without_an_entity(directory):
    advice = ask(directory, "ze gaan het gas afsluiten", [("debts", 0.7)])
    assert advice.urgency == ["afsluiting"] and advice.suggestions[0].urgent is True


def test_money_trouble_with_another_theme_keeps_the_competent_organisation_first(directory):
    advice = ask(
        directory,
        "beslag op mijn loon door de belastingdienst",
        [("tax_assessment", 0.8)],
        [{"entity": "urgency", "value": "beslag"}],
    )
    order = ids(advice)
    assert order[0] == "belastingtelefoon"
    assert order[1] == "voorbeeldstad-schuldhulp"
    assert advice.suggestions[1].urgent is True
    assert order.index("voorbeeldstad-sociaal-raadslieden") < order.index("voorbeeldstad-ido")


def test_urgent_money_trouble_without_gemeente_names_the_gemeente_desk_and_geldfit(directory):
    advice = ask(directory, "deurwaarder", [("debts", 0.9)], gemeente=None)
    assert ids(advice)[0] == "generic: Uw gemeente" and advice.suggestions[0].urgent is True
    assert "geldfit-hulplijn" in ids(advice)


def test_an_objection_deadline_adds_help_with_the_objection(directory):
    advice = ask(
        directory,
        "ik moet binnen zes weken bezwaar maken tegen de beslissing",
        [("social_assistance", 0.8)],
        [{"entity": "urgency", "value": "deadline", "text": "binnen zes weken"}],
    )
    order = ids(advice)
    assert order[0] == "voorbeeldstad-werk-en-inkomen"
    assert order[1] == "voorbeeldstad-sociaal-raadslieden"
    assert advice.suggestions[1].urgent is True and "bezwaar" in advice.suggestions[1].why
    assert "voorbeeldstad-juridisch-spreekuur" in order
    assert "deadline" in advice.urgency


# --- several needs ------------------------------------------------------------------------------
def test_two_meaningful_themes_both_reach_the_suggestions(directory):
    advice = ask(
        directory,
        "toeslag terugbetalen en mijn DigiD werkt niet",
        [("allowances", 0.55), ("digid", 0.35), ("greet", 0.02)],
    )
    order = ids(advice)
    assert order[:2] == ["toeslagen", "digid-helpdesk"]
    assert [t["name"] for t in advice.themes][:2] == ["allowances", "digid"]


def test_a_named_organisation_of_another_theme_adds_that_need(directory):
    advice = ask(
        directory,
        "het uwv wil dat ik inlog met digid",
        [("digid", 0.9)],
        [{"entity": "organisation", "value": "UWV", "text": "het uwv"}],
    )
    assert ids(advice)[:2] == ["digid-helpdesk", "uwv-klantcontact"]
    assert "U vroeg naar UWV" in advice.suggestions[1].why


def test_a_named_organisation_of_the_same_theme_goes_first(directory):
    advice = ask(
        directory,
        "vog aanvragen bij justis",
        [("certificate_of_conduct", 0.9)],
        [{"entity": "organisation", "value": "Justis"}],
    )
    assert ids(advice)[0] == "justis-vog"


# --- clarify and out of scope -------------------------------------------------------------------
def test_low_confidence_asks_to_clarify(directory):
    advice = ask(
        directory, "brief", [("letters_forms", CLARIFY_BELOW - 0.01), ("tax_assessment", 0.1)]
    )
    assert advice.clarify is True


def test_two_close_themes_ask_to_clarify(directory):
    advice = ask(
        directory, "", [("allowances", 0.6), ("tax_assessment", 0.6 - CLOSE_MARGIN + 0.01)]
    )
    assert advice.clarify is True
    assert {"allowances", "tax_assessment"} <= {t["name"] for t in advice.themes}


def test_a_clear_theme_does_not_ask(directory):
    advice = ask(directory, "", [("allowances", 0.8), ("tax_assessment", 0.1)])
    assert advice.clarify is False


def test_out_of_scope_offers_only_the_ido(directory):
    advice = ask(directory, "wat voor weer wordt het", [("out_of_scope", 0.8), ("digid", 0.1)])
    assert advice.out_of_scope is True and advice.themes == []
    assert ids(advice) == ["voorbeeldstad-ido"]


def test_only_conversation_intents_ask_to_clarify_and_offer_the_ido(directory):
    advice = ask(directory, "hallo", [("greet", 0.99)], gemeente=None)
    assert advice.clarify is True and ids(advice) == ["ido-bibliotheek"]


# --- gemeenten ------------------------------------------------------------------------------------
def test_the_gemeenten_are_kept_apart(directory):
    voorbeeldstad = ids(ask(directory, "", [("debts", 0.9)], gemeente="Voorbeeldstad"))
    oefenwaard = ids(ask(directory, "", [("debts", 0.9)], gemeente="Oefenwaard"))
    assert (
        voorbeeldstad[0] == "voorbeeldstad-schuldhulp" and oefenwaard[0] == "oefenwaard-schuldhulp"
    )
    assert not any(i.startswith("oefenwaard") for i in voorbeeldstad)
    assert not any(i.startswith("voorbeeldstad") for i in oefenwaard)
    assert oefenwaard[-1] == "oefenwaard-ido"


def test_a_gemeente_without_a_service_gets_the_general_desk(directory):
    advice = ask(directory, "", [("social_support", 0.9)], gemeente="Oefenwaard")
    assert ids(advice)[0] == "generic: Uw gemeente"
    assert "Van Oefenwaard heb ik hierover geen gegevens" in advice.suggestions[0].why


def test_the_gemeente_may_be_a_name_in_any_case_or_a_cbs_code(directory):
    for value in ("voorbeeldstad", "VOORBEELDSTAD", "GM9991", "gm9991", "Gemeente Voorbeeldstad"):
        advice = ask(directory, "", [("identity_documents", 0.9)], gemeente=value)
        assert advice.gemeente["code"] == "GM9991", value
        assert ids(advice)[0] == "voorbeeldstad-burgerzaken"


def test_a_gemeente_entity_is_used_when_no_gemeente_is_given(directory):
    advice = ask(
        directory,
        "ik woon in oefenwaard",
        [("identity_documents", 0.9)],
        [{"entity": "gemeente", "value": "Oefenwaard"}],
        gemeente=None,
    )
    assert ids(advice)[0] == "oefenwaard-burgerzaken"


def test_an_unknown_gemeente_gets_national_help_and_a_clear_notice(directory):
    advice = ask(directory, "", [("digid", 0.9)], gemeente="Amsterdam").to_dict()
    assert advice["gemeente"] is None
    assert advice["notice"].startswith("Voor Amsterdam heb ik geen lokale gegevens.")
    assert "website van uw gemeente" in advice["notice"]
    assert [g["code"] for g in advice["known_gemeenten"]] == ["GM9992", "GM9991"]
    assert all(s["national"] for s in advice["suggestions"])
    assert advice["suggestions"][-1]["service_id"] == "ido-bibliotheek"


def test_example_data_is_labelled_for_staff(directory):
    advice = ask(directory, "", [("debts", 0.9)]).to_dict()
    assert advice["gemeente"] == {
        "code": "GM9991",
        "name": "Voorbeeldstad",
        "slug": "voorbeeldstad",
        "example": True,
    }
    assert "verzonnen voorbeeldgemeente" in advice["notice"]
    first = advice["suggestions"][0]
    assert first["example"] is True and first["verified"] is False
    assert first["warning"] == "Let op: dit is een voorbeeld. Deze gegevens zijn niet echt."


# --- the shape of a suggestion ----------------------------------------------------------------
def test_a_suggestion_carries_contact_hours_documents_and_verification(directory):
    advice = ask(
        directory, "", [("digid", 0.91), ("mijnoverheid", 0.04), ("greet", 0.01)]
    ).to_dict()
    assert set(advice) >= {
        "themes",
        "clarify",
        "out_of_scope",
        "crisis",
        "suggestions",
        "gemeente",
        "notice",
        "known_gemeenten",
    }
    digid = advice["suggestions"][0]
    assert digid["contact"] == {
        "type": "phone",
        "value": "088 123 65 55",
        "href": "tel:0881236555",
        "label": "DigiD helpdesk",
        "verified": True,
        "verified_on": "2026-11-22",
        "source_url": "https://www.digid.nl",
        "note": "Nummer gezien op de contactpagina van digid.nl.",
    }
    assert digid["verified_on"] == "2026-11-22" and digid["verified"] is True
    assert "Uw burgerservicenummer (BSN)" in digid["bring"]
    assert digid["open_now"] is None  # the helpdesk's hours are not in the sources
    assert digid["warm_referral"] == {"possible": False}
    ido = advice["suggestions"][-1]
    assert ido["open_now"] == "nu open tot 17:00"
    assert ido["location"]["name"] == "Bibliotheek Voorbeeldstad Centrum"
    assert (
        ido["warm_referral"]["possible"] is True
        and ido["warm_referral"]["consent_required"] is True
    )


def test_an_unverified_fact_is_shown_as_unverified_and_the_website_comes_first(directory):
    advice = ask(directory, "", [("legal_advice", 0.9)], gemeente=None).to_dict()
    loket = advice["suggestions"][0]
    assert loket["verified"] is False and loket["verified_on"] is None
    assert loket["contact"]["type"] == "website"
    assert loket["warning"].startswith("Let op: dit contactgegeven is niet gecontroleerd.")


def test_advice_is_deterministic(directory):
    question = {
        "text": "deurwaarder en digid",
        "intents": [("debts", 0.5), ("digid", 0.45)],
        "entities": [{"entity": "urgency", "value": "deurwaarder"}],
    }
    assert ask(directory, **question).to_dict() == ask(directory, **question).to_dict()


def test_from_message_reads_a_rasa_parse_result():
    understanding = Understanding.from_parse(
        {
            "text": "digid kwijt",
            "intent": {"name": "digid", "confidence": 0.9},
            "intent_ranking": [
                {"name": "digid", "confidence": 0.9},
                {"name": "greet", "confidence": 0.1},
            ],
            "entities": [{"entity": "organisation", "value": "DigiD"}],
        }
    )
    assert understanding.intents == (("digid", 0.9), ("greet", 0.1))
    assert understanding.values("organisation") == ["DigiD"]


def test_needs_found_in_separate_clauses_are_needs_without_asking_which_one(directory):
    understanding = Understanding(
        text="toeslag terugbetalen en schulden",
        intents=[("allowances", 0.9), ("debts", 0.85)],
        clause_intents=[("allowances", 0.9), ("debts", 0.85)],
    )
    advice = advise(directory, understanding, gemeente="Voorbeeldstad", now=MONDAY_10)
    assert [t["name"] for t in advice.themes][:2] == ["allowances", "debts"]
    assert advice.clarify is False


def test_the_whole_messages_sure_theme_stays_before_a_theme_of_one_clause(directory):
    understanding = Understanding(
        text="ik heb een eenmanszaak maar er komt niks binnen, wie helpt mij aan inkomen",
        intents=[("social_assistance", 0.62), ("business_registration", 0.14)],
        clause_intents=[("business_registration", 0.63)],
    )
    advice = advise(directory, understanding, gemeente="Voorbeeldstad", now=MONDAY_10)
    assert [t["name"] for t in advice.themes][:2] == ["social_assistance", "business_registration"]
    assert advice.clarify is False


def test_the_gemeente_is_worth_asking_only_when_the_help_differs_per_gemeente(directory):
    local = advise(directory, Understanding(intents=[("social_assistance", 0.9)]), now=MONDAY_10)
    national = advise(directory, Understanding(intents=[("digid", 0.9)]), now=MONDAY_10)
    known = advise(
        directory,
        Understanding(intents=[("social_assistance", 0.9)]),
        gemeente="Oefenwaard",
        now=MONDAY_10,
    )
    assert local.needs_gemeente is True
    assert known.needs_gemeente is False
    assert national.needs_gemeente is (directory.has_local_help("digid"))


def test_ordinary_words_are_not_crisis_language(directory):
    advice = ask(
        directory,
        text="ik wil mezelf aanmelden voor een cursus",
        intents=[("course_computer_skills", 0.9)],
    )
    assert advice.crisis is False


def test_from_75_renewing_a_driving_licence_starts_at_the_cbr(directory):
    question = "mijn rijbewijs moet verlengd worden, ik ben 77"
    advice = ask(directory, question, [("identity_documents", 0.8), ("driving_exam", 0.1)])
    assert ids(advice)[0] == "cbr-examens"
    younger = ask(directory, "rijbewijs verlengen, ik ben 52", [("identity_documents", 0.8)])
    assert ids(younger)[0] == "voorbeeldstad-burgerzaken"


# --- words that change who comes first ---------------------------------------------------------
def first_key(advice):
    return advice.suggestions[0].key or advice.suggestions[0].organisation_id


def test_a_scam_message_goes_to_the_fraud_helpdesk_first_and_money_lost_to_the_bank(directory):
    sms = ask(directory, "ik kreeg een rare sms met een link van de bank", [("phishing_scam", 0.9)])
    assert first_key(sms) == "fraudehelpdesk"
    assert "own-bank" in [s.key for s in sms.suggestions]
    lost = ask(
        directory,
        "ik heb op een link geklikt en nu is er geld afgeschreven",
        [("phishing_scam", 0.9)],
    )
    assert first_key(lost) == "own-bank"


def test_the_pension_fund_first_and_the_overview_first_for_which_fund_or_all_together(directory):
    which = ask(directory, "bij welk pensioenfonds zit ik eigenlijk", [("pension", 0.9)])
    assert first_key(which) == "mijnpensioenoverzicht"
    lower = ask(
        directory, "mijn pensioen van de fabriek is lager dan vorige maand", [("pension", 0.9)]
    )
    assert first_key(lower) == "pensioenuitvoerder"


def test_a_repair_goes_to_the_landlord_first_and_the_rent_price_to_the_huurcommissie(directory):
    repair = ask(directory, "de verwarming is al een week kapot", [("rent_dispute", 0.9)])
    assert first_key(repair) == "woningcorporatie"
    price = ask(directory, "mijn huur is veel te hoog", [("rent_dispute", 0.9)])
    assert first_key(price) == "huurcommissie"
    refused = ask(
        directory, "de verhuurder repareert de schimmel al een jaar niet", [("rent_dispute", 0.9)]
    )
    assert first_key(refused) == "huurcommissie"


def test_a_deposit_is_a_legal_matter_and_reporting_a_crime_goes_to_the_police(directory):
    borg = ask(directory, "de huisbaas geeft mijn borg niet terug", [("rent_dispute", 0.9)])
    assert borg.themes[0]["name"] == "legal_advice"
    report = ask(directory, "ik ben beroofd en wil aangifte doen", [("victim_support", 0.9)])
    assert report.themes[0]["name"] == "police_report"
    assert first_key(report) == "politie"


def test_someone_doing_it_for_the_person_brings_the_machtiging_in(directory):
    advice = ask(
        directory,
        "meneer heeft geen DigiD en moet aangifte doen, zijn dochter wil helpen",
        [("tax_return", 0.9)],
    )
    assert [t["name"] for t in advice.themes][:2] == ["tax_return", "authorisation"]
    alone = ask(directory, "ik moet aangifte doen en weet niet hoe", [("tax_return", 0.9)])
    assert "authorisation" not in [t["name"] for t in alone.themes]


def test_violence_by_a_partner_goes_to_veilig_thuis_first_even_when_it_sounds_like_a_report(
    directory,
):
    advice = ask(
        directory,
        "mevrouw zegt dat haar man haar soms slaat, ze wil eerst advies",
        [("police_report", 0.8), ("domestic_violence", 0.5)],
    )
    assert first_key(advice) == "veilig-thuis"
    stranger = ask(
        directory, "ik ben op straat geslagen door een onbekende", [("police_report", 0.8)]
    )
    assert first_key(stranger) == "politie"


def test_where_to_find_a_bsn_is_the_gemeente_first(directory):
    bsn = ask(directory, "waar vind ik mijn BSN", [("general_government", 0.9)], gemeente=None)
    assert first_key(bsn) == "gemeente"
    which = ask(directory, "welke instantie gaat hierover", [("general_government", 0.9)])
    assert first_key(which) == "informatie-rijksoverheid"


def test_an_unclear_message_with_a_somewhat_likely_theme_lists_its_help_before_the_ido(
    directory,
):
    advice = ask(directory, "bedrijf aanmelden", [("greet", 0.3), ("business_registration", 0.19)])
    assert advice.clarify
    assert first_key(advice) == "kvk"
    vague = ask(directory, "ik heb een vraag", [("greet", 0.6), ("digid", 0.05)])
    assert vague.suggestions[0].kind == "ido"


@pytest.mark.parametrize(
    ("text", "classified", "first"),
    [
        ("kan ik geld krijgen voor de huur van mijn kamer", "rent_dispute", "dienst-toeslagen"),
        (
            "mijn zoon heeft een machtigingscode nodig voor mijn aangifte",
            "authorisation",
            "belastingdienst",
        ),
        (
            "ik wil bezwaar maken maar weet niet hoe ik die brief schrijf",
            "legal_advice",
            "sociaal-raadslieden",
        ),
        ("iemand die mij helpt mijn administratie bij te houden", "debts", "welzijn"),
        ("ik ben mijn baan kwijt, eerst bijstand of het UWV?", "social_assistance", "uwv"),
        ("mijn WW loopt in maart af en ik heb nog geen werk", "social_assistance", "gemeente"),
        ("ik krijg al bijstand, moet ik UWV iets doorgeven", "social_assistance", "gemeente"),
        ("ik ben zzp'er en krijg geen WW, wie helpt met inkomen", "social_assistance", "gemeente"),
        ("de rekening voor mijn huishoudelijke hulp snap ik niet", "social_support", "cak"),
        ("mijn moeder heeft nu de hele dag zorg nodig", "social_support", "ciz"),
        ("geen computer thuis en ik moet een formulier online invullen", "letters_forms", "ido"),
        (
            "ik verhuis, moet ik dat ook aan de SVB doorgeven",
            "state_pension_child_benefit",
            "gemeente",
        ),
        ("ik heb geen woning, kan ik een briefadres krijgen", "social_housing", "gemeente"),
        (
            "wie maakt het plan voor mijn inburgering, ik ben statushouder",
            "civic_integration",
            "gemeente",
        ),
        ("wanneer is mijn inburgeringsexamen", "civic_integration", "duo"),
        (
            "krijg ik mijn pensioen van de SVB of het fonds, wat is het verschil",
            "pension",
            "mijnpensioenoverzicht",
        ),
        (
            "een whatsapp van mijn 'dochter' die geld vraagt, is dat oplichting",
            "phishing_scam",
            "fraudehelpdesk",
        ),
        ("op een nepsite de inloggegevens van de bank ingevuld", "phishing_scam", "own-bank"),
        ("mijn vader woont in Marokko, krijgt hij pensioen van de staat", "pension", "svb"),
        ("welke website voor vacatures en inschrijven als werkzoekende", "social_housing", "uwv"),
        ("help, mijn bankrekening is bevroren", "debts", "own-bank"),
        ("mijn man is overleden, krijg ik een uitkering als weduwe", "life_death", "svb"),
        ("ik ben weduwe en moet zelf de aangifte doen", "tax_return", "belastingdienst"),
        ("de deurwaarder legt beslag, mijn rekening is geblokkeerd", "debts", "gemeente"),
        ("vannacht ingebroken, laptop weg, wie moet ik zeggen", "victim_support", "politie"),
        (
            "na de inbraak durf ik niet meer te slapen, met wie kan ik praten",
            "victim_support",
            "slachtofferhulp",
        ),
        ("de gemeente zegt ik moet inburgeren, welke school?", "civic_integration", "gemeente"),
        (
            "geen computer en iedereen zegt DigiD, kan ik ergens terecht waar iemand meekijkt",
            "digid",
            "ido",
        ),
        (
            "mevrouw heeft het formulier zelf ingevuld en wil dat iemand het nakijkt",
            "social_assistance",
            "sociaal-raadslieden",
        ),
        (
            "de verwarming doet het sinds oktober niet, drie keer gemeld, er gebeurt niks",
            "rent_dispute",
            "huurcommissie",
        ),
        ("regelt de gemeente mijn herkansing, zij maakten mijn plan", "civic_integration", "duo"),
    ],
)
def test_words_that_name_the_competent_organisation(directory, text, classified, first):
    assert first_key(ask(directory, text, [(classified, 0.8)], gemeente=None)) == first


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("mijn vrouw is overleden, wat moet ik regelen", "gemeente"),
        ("mijn partner is overleden, heb ik recht op een uitkering", "svb"),
        ("mijn broer is overleden en had schulden, moeten wij die betalen", "juridisch-loket"),
        (
            "sinds het overlijden van mijn man ligt er een aanmaning van de belasting",
            "belastingdienst",
        ),
    ],
)
def test_a_life_event_checklist_starts_with_the_step_asked_about(directory, text, first):
    assert first_key(ask(directory, text, [("life_death", 0.8)], gemeente=None)) == first


def test_an_own_address_is_no_question_for_an_organisations_address(directory):
    text = "verhuisd maar in mijnoverheid staat nog mijn oude adres"
    entities = [{"entity": "organisation", "value": "MijnOverheid"}]
    intents = [("address_registration", 0.7), ("mijnoverheid", 0.6)]
    assert first_key(ask(directory, text, intents, entities, gemeente=None)) == "gemeente"


def test_alarming_words_that_are_no_crisis_leave_the_everyday_theme_to_decide(directory):
    text = "het water staat me aan de lippen, morgen moet mijn aangifte binnen zijn"
    intents = [("emergency", 0.6), ("tax_return", 0.15), ("digid", 0.05)]
    advice = ask(directory, text, intents, gemeente=None)
    assert not advice.crisis
    assert first_key(advice) == "belastingdienst"


def keys(advice):
    return [s.key or s.organisation_id for s in advice.suggestions]


def test_the_wijkteam_asked_for_without_local_data_is_pointed_to_first(directory):
    advice = ask(directory, "adres wijkteam", [("social_support", 0.5)], gemeente=None)
    assert first_key(advice) == "wijkteam"
    assert advice.clarify is False
    local = ask(directory, "adres wijkteam", [("social_support", 0.5)])
    assert "generic" not in ids(local)[0] and "wijkteam" in ids(local)[0]


def test_a_life_event_task_follows_its_own_rules(directory):
    text = "mijn zus is overleden en had schulden, moet ik die als erfgenaam betalen"
    advice = ask(directory, text, [("life_death", 0.6), ("debts", 0.3)], gemeente=None)
    assert first_key(advice) == "juridisch-loket"


def test_a_payment_plan_with_a_creditor_named_goes_to_that_creditor(directory):
    cjib = [{"entity": "organisation", "value": "CJIB"}]
    advice = ask(
        directory,
        "2e aanmaning CJIB, wil betalingsregeling",
        [("debts", 0.45), ("traffic_fines", 0.3)],
        cjib,
        gemeente=None,
    )
    assert first_key(advice) == "cjib"


def test_someone_here_to_look_at_a_site_together_is_the_informatiepunt(directory):
    text = "kan iemand hier in de bibliotheek samen met mij naar de site van de SVB kijken"
    advice = ask(directory, text, [("state_pension_child_benefit", 0.6)], gemeente=None)
    assert advice.suggestions[0].kind == "ido"


def test_a_runner_up_theme_gets_its_competent_help_in_third_place(directory):
    advice = ask(
        directory,
        "brief over mijn uitkering",
        [("employee_insurance", 0.6), ("state_pension_child_benefit", 0.1)],
        gemeente=None,
    )
    assert keys(advice)[0] == "uwv"
    assert "svb" in keys(advice)[:3]
    alone = ask(
        directory, "brief over mijn uitkering", [("employee_insurance", 0.9)], gemeente=None
    )
    assert "svb" not in keys(alone)[:3]


def test_the_number_of_113_asked_for_a_friend_gives_113_first_without_alarm(directory):
    text = "wat is het nummer van 113? voor een vriend, als hij het weer zwaar heeft"
    advice = ask(directory, text, [("general_government", 0.4)], gemeente=None)
    assert first_key(advice) == "zelfmoordpreventie-113"
    assert advice.crisis is False


def test_money_worries_first_anonymously_go_to_the_helpline_first(directory):
    text = "is er een gratis nummer waar ik anoniem over mijn geldzorgen kan praten"
    advice = ask(directory, text, [("domestic_violence", 0.3), ("debts", 0.2)], gemeente=None)
    assert ids(advice)[0] == "geldfit-hulplijn"
    assert advice.crisis is False


@pytest.mark.parametrize(
    "text",
    [
        "ik ben beroofd en durf sindsdien niet meer alleen naar buiten, waar kan ik heen",
        "na de inbraak slaap ik slecht, is er iemand om mee te praten",
    ],
)
def test_the_fear_after_a_crime_goes_to_victim_support_first(directory, text):
    advice = ask(directory, text, [("victim_support", 0.7)], gemeente=None)
    assert first_key(advice) == "slachtofferhulp"


def test_an_expired_residence_document_is_the_ind_s_also_when_the_gemeente_is_named(directory):
    text = "mijn verblijfsdocument is verlopen, moet ik daarvoor naar het gemeentehuis?"
    advice = ask(directory, text, [("identity_documents", 0.5)], gemeente=None)
    assert first_key(advice) == "ind"


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("ik ben 88 en heb nooit een computer gehad, hoe moet ik dan alles online doen", "ido"),
        ("ik wil leren werken met de computer, ik ben niet zo handig", "course"),
    ],
)
def test_not_handy_with_the_computer_is_the_desk_unless_one_wants_to_learn(directory, text, first):
    advice = ask(directory, text, [("course_computer_skills", 0.6)], gemeente=None)
    assert advice.suggestions[0].kind == first


def test_no_ww_is_bijstand_at_the_gemeente(directory):
    advice = ask(
        directory, "en als ik geen WW krijg?", [("employee_insurance", 0.7)], gemeente=None
    )
    assert first_key(advice) == "gemeente"


@pytest.mark.parametrize(
    ("text", "intents", "first"),
    [
        (
            "bezoeker bezorgd om kleinkind, vermoeden mishandeling",
            [("out_of_scope", 0.5)],
            "veilig-thuis",
        ),
        (
            "mw. aanslag gem. belastingen, wil in termijnen betalen",
            [("tax_assessment", 0.6)],
            "gemeente",
        ),
        (
            "scheiding, snel een woning nodig, waar vraag ik urgentie aan",
            [("social_housing", 0.6)],
            "gemeente",
        ),
        ("bibliotheek helpt met DigiD? wanneer open?", [("digid", 0.6)], "ido"),
        (
            "paspoort scannen en mailen naar de gemeente, ik weet niet hoe",
            [("identity_documents", 0.6)],
            "ido",
        ),
        ("ik wil met een echt mens praten, niet met een computer", [("request_human", 0.5)], "ido"),
    ],
)
def test_deciding_words_name_the_competent_help_first(directory, text, intents, first):
    entities = [{"entity": "organisation", "value": "DigiD"}] if "DigiD" in text else []
    advice = ask(directory, text, intents, entities, gemeente=None)
    assert first_key(advice) == first or advice.suggestions[0].kind == first
    assert advice.out_of_scope is False


@pytest.mark.parametrize(
    ("text", "intents", "first"),
    [
        (
            "mijn zorgpremie wordt afgeschreven terwijl ik had opgezegd",
            [("care_contribution", 0.6)],
            "zorgverzekeraar",
        ),
        (
            "ik krijg een boete van het CAK want ik had geen zorgverzekering",
            [("care_contribution", 0.6)],
            "cak",
        ),
        (
            "man belt, zegt hij is van de bank, ik moet geld overmaken",
            [("bank_card", 0.4)],
            "fraudehelpdesk",
        ),
        ("ik wil zzp worden, eerst naar de kvk of de belasting?", [("vague_request", 0.5)], "kvk"),
        (
            "zzp, wil weten hoe de btw-aangifte werkt",
            [("business_registration", 0.6)],
            "belastingdienst",
        ),
        (
            "ik kan niet meer werken door mijn rug, welke uitkering",
            [("life_retirement", 0.5)],
            "uwv",
        ),
        ("mijn vrouw is bevallen, hoe werkt het geboorteverlof", [("life_birth", 0.6)], "uwv"),
        ("mijn pgb-begeleider is al twee maanden niet betaald", [("social_support", 0.6)], "svb"),
        ("ik wil mijn vrouw naar nederland halen", [("naturalisation", 0.5)], "ind"),
        ("mijn dochter moet mijn bankzaken regelen", [("authorisation", 0.6)], "own-bank"),
    ],
)
def test_words_that_decide_the_organisation(directory, text, intents, first):
    assert first_key(ask(directory, text, intents, gemeente=None)) == first


def test_a_move_stays_a_checklist(directory):
    advice = ask(
        directory, "we gaan verhuizen, wat moet ik regelen", [("life_moving", 0.8)], gemeente=None
    )
    assert advice.life_event == "life_moving"
