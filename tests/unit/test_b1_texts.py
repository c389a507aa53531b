"""Every text people read is plain Dutch at B1 level: the whole catalogue (texts/nl.yml),
and the texts of the directory data that the assistant shows as sentences (the steps of
a life event, why general help is competent, crisis lines).

Limits, and why:
- Flesch-Douma (the Dutch Flesch formula, textstat "nl") of at least 60 per response:
  60-70 reads as "vrij makkelijk", the usual bar for B1 texts; below 50 is for readers
  with higher education.
- No sentence longer than 18 words, and on average at most 12 per response: B1 writing
  guides (Direct Duidelijk, Rijksoverheid "Schrijfwijzer") keep sentences around 10-15
  words and one message per sentence.
- At most 15% long words (5 or more syllables) per response, not counting proper names
  that people must recognise (DigiD, MijnOverheid, Informatiepunt...): long compounds are
  what B1 readers stumble on most.
"""

import re

import pytest
import textstat

from knowledge import Directory
from texts import catalogue

textstat.set_lang("nl")

MIN_DOUMA = 60
MAX_SENTENCE_WORDS = 18
MAX_AVERAGE_SENTENCE_WORDS = 12
MAX_LONG_WORD_SHARE = 0.15
# Names people have to recognise as written; they are not counted as long words.
PROPER_NAMES = {
    "informatiepunt",
    "computerprogramma",
    "mijnoverheid",
    "digid",
    "zelfmoordpreventie",
    "belastingtelefoon",
    "schuldhulpverlening",
    "wegwijzer",
    "bibliotheek",
    "organisatie",
    "studiefinanciering",
    "verzekeringsbank",
    "verblijfsvergunning",
    "verblijfsvergunningen",
    "woningcorporatie",
    "zorgverzekeraar",
}


def catalogue_texts():
    for key, template in sorted(catalogue().items()):
        yield pytest.param(template, id=key)


def data_texts():
    directory = Directory.from_files()
    for theme in directory.themes.values():
        for n, step in enumerate(theme.checklist):
            yield pytest.param(step.what, id=f"{theme.id}.checklist[{n}]")
        for which in ("own_provider", "local_desk"):
            generic = getattr(theme, which)
            if generic is not None and generic.why:
                yield pytest.param(generic.why, id=f"{theme.id}.{which}")
    for service in directory.by_kind["crisis_line"]:
        if service.description:
            yield pytest.param(service.description, id=f"{service.id}.description")


def sentences(text: str):
    text = re.sub(r"\{[^}]*\}", "iets", text)  # slot placeholders read as one short word
    parts = re.split(r"(?<=[.!?:])\s+|\n+", text)
    return [p for p in (s.strip() for s in parts) if re.search(r"\w", p)]


def words(sentence: str):
    return re.findall(r"[\w'-]+", sentence)


def check_b1(text: str) -> list:
    problems = []
    parts = sentences(text)
    counts = [len(words(s)) for s in parts]
    if max(counts) > MAX_SENTENCE_WORDS:
        problems.append(f"a sentence of {max(counts)} words (max {MAX_SENTENCE_WORDS})")
    if sum(counts) / len(counts) > MAX_AVERAGE_SENTENCE_WORDS:
        problems.append(f"average sentence {sum(counts) / len(counts):.1f} words")
    all_words = [w for s in parts for w in words(s)]
    long_words = [
        w for w in all_words if w.lower() not in PROPER_NAMES and textstat.syllable_count(w) >= 5
    ]
    if len(long_words) / len(all_words) > MAX_LONG_WORD_SHARE:
        problems.append(f"long words: {long_words}")
    score = textstat.flesch_reading_ease(" ".join(parts))
    if len(all_words) >= 8 and score < MIN_DOUMA:  # the formula is meaningless for a few words
        problems.append(f"Flesch-Douma {score:.0f} (min {MIN_DOUMA})")
    return problems


@pytest.mark.parametrize("text", list(catalogue_texts()))
def test_each_text_of_the_catalogue_is_b1(text):
    assert check_b1(text) == []


@pytest.mark.parametrize("text", list(data_texts()))
def test_each_sentence_of_the_data_is_b1(text):
    assert check_b1(text) == []


def test_a_placeholder_reads_as_one_short_word():
    assert sentences("Bel {organisation} op {number}.") == ["Bel iets op iets."]


def test_the_check_rejects_officialese():
    text = (
        "De verantwoordelijke uitvoeringsorganisatie beoordeelt de ontvankelijkheid van uw "
        "bezwaarschrift binnen de wettelijke termijn, waarna een inhoudelijke heroverweging "
        "van het primaire besluit plaatsvindt overeenkomstig de geldende regelgeving."
    )
    assert len(check_b1(text)) >= 2
