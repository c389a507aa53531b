import pytest

from conversation.understanding import combine, doubted_organisations, split_clauses


def test_one_need_is_one_clause():
    assert split_clauses("mijn digid werkt niet") == []
    assert split_clauses("digid kwijt") == []


def test_several_needs_are_split_on_conjunctions_and_sentences():
    assert split_clauses("ik moet toeslag terugbetalen en ik heb al schulden") == [
        "ik moet toeslag terugbetalen",
        "ik heb al schulden",
    ]
    assert split_clauses("Mijn DigiD doet het niet. Ook moet ik nog aangifte doen.") == [
        "Mijn DigiD doet het niet",
        "Ook moet ik nog aangifte doen",
    ]


def test_short_fragments_are_not_clauses():
    assert split_clauses("huurtoeslag en zorgtoeslag") == []


def parse(intent, confidence, second="greet", entities=()):
    return {
        "intent": {"name": intent, "confidence": confidence},
        "intent_ranking": [
            {"name": intent, "confidence": confidence},
            {"name": second, "confidence": 1 - confidence},
        ],
        "entities": list(entities),
    }


def test_a_confident_clause_adds_its_theme_as_a_need():
    whole = parse("allowances", 0.9, "debts")
    clauses = [
        parse("allowances", 0.95),
        parse(
            "debts",
            0.88,
            entities=[{"entity": "urgency", "value": "deurwaarder", "text": "deurwaarder"}],
        ),
    ]
    understood = combine("toeslag terugbetalen en de deurwaarder komt", whole, clauses)
    assert understood.top_intent == "allowances"
    assert dict(understood.clause_intents) == {"allowances": 0.95, "debts": 0.88}
    assert list(understood.entities) == [
        {"entity": "urgency", "value": "deurwaarder", "text": "deurwaarder"}
    ]


def test_an_unsure_clause_adds_nothing():
    understood = combine("x", parse("digid", 0.9), [parse("digid", 0.9), parse("pension", 0.4)])
    assert dict(understood.clause_intents) == {"digid": 0.9}


def test_a_question_inside_information_is_ranked_among_the_themes_alone():
    whole = {
        "intent_ranking": [
            {"name": "inform", "confidence": 0.7},
            {"name": "debts", "confidence": 0.24},
            {"name": "allowances", "confidence": 0.06},
        ]
    }
    understood = combine("ik woon in Zwolle en heb schulden", whole, []).themes_only(
        {"debts", "allowances"}
    )
    assert [(n, round(c, 6)) for n, c in understood.intents] == [
        ("debts", 0.8),
        ("allowances", 0.2),
    ]


def test_a_clause_that_reads_as_a_crisis_out_of_context_is_no_need():
    understood = combine("x", parse("digid", 0.9), [parse("emergency", 0.9), parse("digid", 0.9)])
    assert dict(understood.clause_intents) == {"digid": 0.9}


def organisation_in(text, name):
    start = text.index(name)
    return {"entity": "organisation", "value": name, "start": start, "end": start + len(name)}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Moet ik die boete bij het CJIB betalen?", "CJIB"),
        ("Gaat dat naar de RDW of de gemeente?", "RDW"),
        ("Vraag ik dan bijstand aan bij het UWV?", "UWV"),
        ("Vraag ik die aan op toeslagen.nl?", "toeslagen"),
        ("Moet ik voor een traplift eerst een indicatie halen bij het CIZ?", "CIZ"),
        ("Heeft de Belastingdienst dat nummer of de gemeente?", "Belastingdienst"),
        ("Het UWV zegt dat zelfstandigen geen WW krijgen. Wie helpt dan?", "UWV"),
        ("Mijn pas is ingeslikt, moet ik de politie bellen?", "politie"),
        ("Ze wordt thuis bedreigd. Ze wil niet naar de politie.", "politie"),
        ("Man belt mij, zegt hij is politie. Ik moet geld sturen.", "politie"),
    ],
)
def test_an_organisation_the_person_doubts_is_not_taken_as_the_need(text, name):
    assert doubted_organisations(text, [organisation_in(text, name)])


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Moet ik voor mijn DigiD naar het gemeentehuis?", "DigiD"),
        ("Hoe kan ik de Belastingdienst bellen vanuit het buitenland?", "Belastingdienst"),
        ("Kan ik MijnOverheid ergens bellen?", "MijnOverheid"),
        ("Het CAK stuurt mij een rekening die ik niet snap", "CAK"),
        ("Moet ik ook naar de politie?", "politie"),
        ("En moet ik het daarna bij het UWV melden?", "UWV"),
    ],
)
def test_an_organisation_asked_for_or_about_is_kept(text, name):
    assert not doubted_organisations(text, [organisation_in(text, name)])
