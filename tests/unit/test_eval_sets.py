"""The evaluation sets measure generalisation only while no training example copies them.

A blind item whose normalised text is 90% similar or more (difflib's ratio, after lower
case, no accents, no punctuation) to a training example of data/nlu/ fails this test: the
example must be removed from the training data, or the item reported as spoiled."""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from pathlib import Path

import pytest
import yaml
from rasa.shared.nlu.training_data.loading import load_data
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

ROOT = Path(__file__).resolve().parents[2]
BLIND = ["tests/eval/blind.yml", "tests/eval/crisis.yml", "tests/eval/multi_need.yml"]
THRESHOLD = 0.9
CANDIDATE = 0.6  # cosine of character trigrams: only these pairs are compared exactly


def normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", plain)).strip()


def training_texts() -> list[str]:
    data = load_data(str(ROOT / "data" / "nlu"))
    return sorted({normalise(m.get("text")) for m in data.intent_examples if m.get("text")})


def blind_texts(name: str) -> list[str]:
    items = yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))["items"]
    return [normalise(item["text"]) for item in items]


def near_duplicates(items: list[str], training: list[str]) -> list[tuple[str, str, float]]:
    vectors = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 3)).fit(items + training)
    similar = cosine_similarity(vectors.transform(items), vectors.transform(training))
    found = []
    for i, j in zip(*(similar >= CANDIDATE).nonzero()):
        ratio = SequenceMatcher(None, items[i], training[j]).ratio()
        if ratio >= THRESHOLD:
            found.append((items[i], training[j], round(ratio, 3)))
    return found


@pytest.fixture(scope="module")
def training():
    return training_texts()


@pytest.mark.parametrize("name", BLIND)
def test_no_blind_item_is_a_near_duplicate_of_a_training_example(name, training):
    assert near_duplicates(blind_texts(name), training) == []


def test_the_check_finds_a_near_duplicate():
    found = near_duplicates(
        [normalise("mijn digid werkt niet meer")], [normalise("Mijn DigiD werkt niet meer!"), "x"]
    )
    assert found and found[0][2] >= THRESHOLD


def test_the_blind_sets_are_big_enough():
    assert len(blind_texts("tests/eval/blind.yml")) >= 400
    items = yaml.safe_load((ROOT / "tests/eval/crisis.yml").read_text())["items"]
    assert sum(i["tier"] != "everyday" for i in items) >= 60
    assert sum(i["tier"] == "everyday" for i in items) >= 120
