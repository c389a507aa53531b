"""Masking personal data in Dutch free text."""

from __future__ import annotations

import os
import random
import string
import time

import pytest

from privacy.masking import mask_personal_data, mask_personal_data_detailed

MASKED = [
    # BSN with the 11-proef, in every notation
    ("Mijn BSN is 123456782.", "Mijn BSN is [BSN].", "bsn"),
    ("bsn 1234.56.782 graag", "bsn [BSN] graag", "bsn"),
    ("bsn: 123 456 782", "bsn: [BSN]", "bsn"),
    ("nummer 123-456-782", "nummer [BSN]", "bsn"),
    ("oud nummer 12345672", "oud nummer [BSN]", "bsn"),  # leading zero omitted
    # IBAN, any country, spaces or not, any case
    ("IBAN NL91 ABNA 0417 1643 00.", "IBAN [IBAN].", "iban"),
    ("rekening nl91abna0417164300", "rekening [IBAN]", "iban"),
    ("Duitse rekening DE89 3704 0044 0532 0130 00 ok", "Duitse rekening [IBAN] ok", "iban"),
    ("BE71096123456769", "[IBAN]", "iban"),
    # phone numbers in the usual notations
    ("bel 06-12345678", "bel [TELEFOON]", "telefoon"),
    ("bel 06 1234 5678 maar", "bel [TELEFOON] maar", "telefoon"),
    ("bel 06 12 34 56 78", "bel [TELEFOON]", "telefoon"),
    ("bel +31 6 12345678", "bel [TELEFOON]", "telefoon"),
    ("bel +31612345678", "bel [TELEFOON]", "telefoon"),
    ("bel 0031 6 12345678", "bel [TELEFOON]", "telefoon"),
    ("bel 020-1234567", "bel [TELEFOON]", "telefoon"),
    ("bel (020) 123 45 67.", "bel [TELEFOON].", "telefoon"),
    ("bel +31 (0)20 123 4567", "bel [TELEFOON]", "telefoon"),
    ("bel 010/1234567", "bel [TELEFOON]", "telefoon"),
    ("bel 0612345678, of 0201234567", "bel [TELEFOON], of [TELEFOON]", "telefoon"),
    ("Belgisch: +32 470 12 34 56", "Belgisch: [TELEFOON]", "telefoon"),
    # e-mail
    ("mail jan.jansen+ido@example.nl!", "mail [E-MAIL]!", "email"),
    ("Info@Gemeente.Voorbeeldstad.NL", "[E-MAIL]", "email"),
    # postcode with house number, addresses
    ("ik woon op 1234 AB 12 in", "ik woon op [POSTCODE] in", "postcode"),
    ("adres 1234AB, nr 5", "adres [POSTCODE]", "postcode"),
    ("postcode 1234ab", "postcode [POSTCODE]", "postcode"),
    ("1234 AB Voorbeeldstad", "[POSTCODE] Voorbeeldstad", "postcode"),
    ("Kerkstraat 12a, Voorbeeldstad", "[ADRES], Voorbeeldstad", "adres"),
    ("op de Dorpsweg 3-2 hier", "op de [ADRES] hier", "adres"),
    ("Van Heemstralaan 5 bis", "[ADRES]", "adres"),
    ("Jan Pieterszoon Coenstraat 7", "[ADRES]", "adres"),
    ("aan de Oudegracht 101", "aan de [ADRES]", "adres"),
    ("stationsplein 3", "[ADRES]", "adres"),
    # date of birth
    ("geboren op 12-03-1980", "geboren op [GEBOORTEDATUM]", "geboortedatum"),
    ("geboortedatum: 3 mei 1975", "geboortedatum: [GEBOORTEDATUM]", "geboortedatum"),
    # names after cues
    ("Mijn naam is Jan de Vries.", "Mijn naam is [NAAM].", "naam"),
    (
        "mijn naam is jan de vries en ik heb een vraag",
        "mijn naam is [NAAM] en ik heb een vraag",
        "naam",
    ),
    ("Ik heet Fatima el Amrani", "Ik heet [NAAM]", "naam"),
    ("Ik ben Kees.", "Ik ben [NAAM].", "naam"),
    ("mevrouw Jansen belde", "mevrouw [NAAM] belde", "naam"),
    ("dhr. P. de Boer", "dhr. [NAAM]", "naam"),
    ("mw. Yılmaz", "mw. [NAAM]", "naam"),
    ("mevr. Bakker-de Wit", "mevr. [NAAM]", "naam"),
    ("meneer Van den Berg", "meneer [NAAM]", "naam"),
    ("naam: Pietersen", "naam: [NAAM]", "naam"),
    ("Goedemiddag, met Henk van den Berg", "Goedemiddag, met [NAAM]", "naam"),
    ("Met vriendelijke groet,\nJan Jansen", "Met vriendelijke groet,\n[NAAM]", "naam"),
    # a known first name with a capitalised surname
    (
        "Gisteren waren Kees van Dijk en Anna Smit hier",
        "Gisteren waren [NAAM] en [NAAM] hier",
        "naam",
    ),
    ("mijn buurman Mehmet Yılmaz", "mijn buurman [NAAM]", "naam"),
    ("Jan van der Laan", "[NAAM]", "naam"),
]


@pytest.mark.parametrize("text, expected, kind", MASKED)
def test_personal_data_is_replaced_by_its_placeholder(text, expected, kind):
    result = mask_personal_data_detailed(text)
    assert result.text == expected
    assert kind in result.kinds


KEPT = [
    "123456789 is geen geldig BSN",  # fails the 11-proef
    "bsn 111222334",
    "IBAN NL91 ABNA 0417 1643 01 klopt niet",  # wrong check digits
    "Bel de Belastingdienst: 0800-0543",
    "Servicenummer 0900-1234567 of 0900 8844",
    "Het bedrijf: 088-1234567",
    "Gemeente: bel 14020 of 14 020",
    "Noodgeval: 112, zelfmoordpreventie 113 of 0800-0113",
    "Ik kreeg een brief van het Juridisch Loket",
    "Het CAK stuurde een rekening",
    "Dienst Toeslagen wil geld terug",
    "Ik woon in Voorbeeldstad",
    "Op Maandag 3 Mei of Dinsdag 4 Juni",
    "Op maandag 3 mei of dinsdag 4 juni, of in Augustus",
    "Mijn DigiD werkt niet en Mijn Overheid ook niet",
    "Ik ben Nederlander",
    "Ik ben bij de Gemeente geweest",
    "In 2024 en 2025 kreeg ik 12 brieven",
    "Vraag over de Sociale Verzekeringsbank en de Belastingdienst",
    "De deadline is 15-04-2024",
    "zaaknummer 2024/123456789",
    "Ik woon al 12 jaar in Den Haag",
    "Eindhoven 2024 en Rotterdam 2023",
    "Met DigiD inloggen lukt niet",
    "Ik heb 3 kinderen en een uitkering van 1200 euro",
    "Boodschappen bij de Albert Heijn",
    "Het UWV, de SVB en DUO",
    "20240115 is een datum",
]


@pytest.mark.parametrize("text", KEPT)
def test_organisations_places_dates_and_invalid_numbers_are_kept(text):
    result = mask_personal_data_detailed(text)
    assert result.text == text
    assert result.kinds == frozenset()


def test_a_sentence_with_everything_is_fully_masked():
    text = (
        "Goedemiddag, mijn naam is Anna de Vries en ik woon op de Kerkstraat 12a, "
        "1234 AB Voorbeeldstad. Mijn BSN is 1234.56.782 en mijn rekening "
        "NL91 ABNA 0417 1643 00. Bel me op 06-12345678 of mail anna@example.nl. "
        "Ik heb een brief van het CAK en Dienst Toeslagen gekregen."
    )
    result = mask_personal_data_detailed(text)
    assert result.text == (
        "Goedemiddag, mijn naam is [NAAM] en ik woon op de [ADRES], [POSTCODE] "
        "Voorbeeldstad. Mijn BSN is [BSN] en mijn rekening [IBAN]. Bel me op [TELEFOON] "
        "of mail [E-MAIL]. Ik heb een brief van het CAK en Dienst Toeslagen gekregen."
    )
    assert result.kinds == {"naam", "adres", "postcode", "bsn", "iban", "telefoon", "email"}


@pytest.mark.parametrize("text", [t for t, _, _ in MASKED] + KEPT)
def test_masking_masked_text_changes_nothing(text):
    once = mask_personal_data(text)
    assert mask_personal_data(once) == once


def test_masking_never_raises_and_is_idempotent_on_random_input():
    rng = random.Random(20240601)
    alphabet = (
        string.printable
        + "äëïöüéèçñßÀÉİıŞşĞğ€—“”‘’…"
        + "\u200b\u0000\ud7ff한글日本語"
        + "مرحبا"
        + "👍🏽"
    )
    pieces = [
        "06-12345678",
        "123456782",
        "NL91ABNA0417164300",
        "1234 AB",
        "Kerkstraat 1",
        "mijn naam is ",
        "Jan de Vries",
        "@",
        "+31",
        "(020)",
        "[NAAM]",
        "dhr. ",
        " ",
        "0800-",
        "geboren op ",
        "12-03-1980",
        "van der ",
        "Ik ben ",
    ]
    for _ in range(int(os.environ.get("FUZZ_RUNS", "3000"))):
        parts = []
        for _ in range(rng.randint(0, 12)):
            if rng.random() < 0.4:
                parts.append(rng.choice(pieces))
            else:
                parts.append("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 15))))
        text = "".join(parts)
        once = mask_personal_data(text)
        assert isinstance(once, str)
        assert mask_personal_data(once) == once, text


@pytest.mark.parametrize(
    "value, expected",
    [
        (None, ""),
        (b"bsn 123456782", "bsn [BSN]"),
        (123456782, "[BSN]"),
        ("", ""),
    ],
)
def test_non_string_input_is_converted_not_rejected(value, expected):
    assert mask_personal_data(value) == expected


def test_a_300_character_sentence_is_masked_well_under_a_millisecond():
    sentences = [
        (
            "Goedemiddag, mijn naam is Anna de Vries en ik woon op de Kerkstraat 12a, 1234 AB "
            "Voorbeeldstad. Mijn BSN is 1234.56.782 en mijn rekening NL91 ABNA 0417 1643 00. "
            "Bel me op 06-12345678 of mail anna@example.nl. Ik heb een brief van het CAK en "
            "Dienst Toeslagen gekregen over mijn huurtoeslag."
        ),
        (
            "Ik heb een vraag over de huurtoeslag. Ik kreeg een brief van de Belastingdienst dat "
            "ik geld moet terugbetalen, maar ik snap niet waarom. Kan het Juridisch Loket mij "
            "helpen, of moet ik naar het Informatiepunt in de bibliotheek van Voorbeeldstad? Op "
            "maandag 3 mei ben ik vrij, dan kan ik langskomen."
        ),
    ]
    for sentence in sentences:
        assert 280 <= len(sentence) <= 320
        mask_personal_data(sentence)  # warm up (loads the first-name list once)
        runs = 500
        start = time.perf_counter()
        for _ in range(runs):
            mask_personal_data(sentence)
        mean_ms = (time.perf_counter() - start) / runs * 1000
        print(f"\nmasking {len(sentence)} chars: {mean_ms * 1000:.0f} µs on average")
        assert mean_ms < 1.0
