"""The domain, the taxonomy and the training data agree with each other."""

from pathlib import Path

import yaml

from bot.settings import PROJECT_ROOT
from conversation.dialogue import CONVERSATION_INTENTS


def load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def theme_ids():
    return {t["id"] for t in load(PROJECT_ROOT / "knowledge/data/themes.yml")["themes"]}


def test_every_theme_is_an_intent_and_every_intent_is_a_theme_or_conversation():
    intents = set(load(PROJECT_ROOT / "domain.yml")["intents"])
    assert intents == theme_ids() | (CONVERSATION_INTENTS - {"nlu_fallback"})


def test_every_intent_is_answered_by_the_dialogue():
    rules = load(PROJECT_ROOT / "data/rules/respond.yml")["rules"]
    answered = {
        r["steps"][0]["intent"] for r in rules if r["steps"][1]["action"] == "action_respond"
    }
    assert set(load(PROJECT_ROOT / "domain.yml")["intents"]) <= answered


def test_training_data_only_uses_intents_of_the_domain():
    intents = set(load(PROJECT_ROOT / "domain.yml")["intents"])
    for path in sorted((PROJECT_ROOT / "data/nlu").glob("*.yml")):
        for item in load(path).get("nlu", []):
            if "intent" in item:
                assert item["intent"] in intents, (path.name, item["intent"])


def test_sessions_do_not_carry_slots_over():
    config = load(PROJECT_ROOT / "domain.yml")["session_config"]
    assert config["carry_over_slots_to_new_session"] is False
