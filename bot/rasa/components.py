"""Custom Rasa NLU components of Wegwijzer (used in config.yml by their module path)."""

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from knowledge.crisis import mentions_crisis

CRISIS_INTENT = "crisis"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class CrisisOverride(GraphComponent):
    """Puts the crisis intent first when a message uses explicit crisis language.

    Runs after the classifier and the fallback classifier, so a crisis message is never
    turned into a fallback or another theme. Every channel and /model/parse get it.
    """

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GraphComponent:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if not mentions_crisis(text):
                continue
            ranking = [
                r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != CRISIS_INTENT
            ]
            crisis = {"name": CRISIS_INTENT, "confidence": 1.0}
            message.set(INTENT, crisis, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [crisis, *ranking], add_to_output=True)
        return messages
