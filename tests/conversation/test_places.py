"""Finding the gemeente a message names: exact, in a sentence, and with a typo."""

from __future__ import annotations

import pytest

from conversation.places import Places
from knowledge import Directory


@pytest.fixture(scope="module")
def places():
    return Places(Directory.from_files())


@pytest.mark.parametrize(
    ("message", "gemeente"),
    [
        ("voorbeeldstad", "Voorbeeldstad"),
        ("voorbeeldstat", "Voorbeeldstad"),
        ("ik woon in Oefenwaard", "Oefenwaard"),
        ("oh wacht ik woon in voorbeeldstat", "Voorbeeldstad"),
        ("oh ja, wij wonen te oefenwaart", "Oefenwaard"),
    ],
)
def test_a_gemeente_is_found_in_a_message(places, message, gemeente):
    found = places.find(message)
    assert found is not None and found.name == gemeente and found.known


def test_a_sentence_without_a_gemeente_names_none(places):
    assert places.find("ik woon in een flat met mijn moeder") is None
