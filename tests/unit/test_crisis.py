import pytest

from knowledge.crisis import mentions_crisis, mentions_emergency


@pytest.mark.parametrize(
    "text",
    [
        "ik wil dood",
        "Ik wil er niet meer zijn, echt niet",
        "ik denk aan zelfmoord",
        "ik wil een einde aan mijn leven maken",
        "mijn buurman zegt dat hij zichzelf iets wil aandoen",
        "ik zie het echt niet meer zitten",
        "ik heb schulden en ik wil niet meer leven",
        "mijn moeder reageert niet meer",
        "mijn buurman ligt op de grond en reageert niet",
        "help, mijn baby ademt niet",
        "er is brand in de keuken",
        "Suïcidale gedachten",
    ],
)
def test_explicit_crisis_language_is_recognised(text):
    assert mentions_crisis(text)


@pytest.mark.parametrize(
    "text",
    [
        "mijn vader is dood, moet ik nog aangifte doen",
        "aangifte doen na overlijden van mijn man",
        "de brandverzekering wil niet betalen",
        "mijn digid reageert traag",
        "ik wil mijn DigiD activeren",
        "wat moet ik doen als ik schulden heb",
        "ik wil mezelf aanmelden voor de cursus",
        "ik heb mezelf aangemeld bij de woningcorporatie",
        "mijn huisnummer is 113",
        "de cv ketel is kapot en de huisbaas reageert niet",
        "winkel reageert niet, wat zijn mijn rechten",
        "mijn persoonlijk zaakbehandelaar reageert niet",
        "de verhuurder reageert niet op haar mails",
        "hij reageert niet op mijn brieven",
    ],
)
def test_ordinary_questions_are_not_crisis(text):
    assert not mentions_crisis(text)


def test_danger_now_is_an_emergency_but_suicidal_thoughts_are_not():
    assert mentions_emergency("mijn vader reageert niet meer")
    assert not mentions_emergency("ik wil niet meer leven")
