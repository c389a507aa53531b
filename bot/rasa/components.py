"""Custom Rasa NLU components of Wegwijzer (used in config.yml by their module path).

Crisis safety is not decided here: the assistant's dialogue and the advice check every
message with knowledge.crisis, on every channel and in every state.
"""

from __future__ import annotations

from typing import Any

import skops.io as sio
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from conversation.classifier import ClassifierSettings, IntentModel


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class TextIntentClassifier(GraphComponent):
    """Rasa's side of conversation.classifier.IntentModel: trains on the examples' text and
    sets `intent` and `intent_ranking`. Needs no featurizer; saved with skops, and loading
    refuses anything but scikit-learn, NumPy and SciPy types (and says so, loudly)."""

    TRUSTED_MODULES = ("sklearn.", "numpy.", "scipy.", "builtins.")

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        defaults = ClassifierSettings()
        return {
            "c": defaults.c,
            "word_ngrams": list(defaults.word_ngrams),
            "char_ngrams": list(defaults.char_ngrams),
            "calibration_folds": defaults.calibration_folds,
            "ranking_length": 10,
        }

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: IntentModel | None = None,
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self._storage = model_storage
        self._resource = resource
        self.model = model or IntentModel(
            ClassifierSettings(
                c=float(self.config["c"]),
                word_ngrams=tuple(self.config["word_ngrams"]),
                char_ngrams=tuple(self.config["char_ngrams"]),
                calibration_folds=int(self.config["calibration_folds"]),
            )
        )

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> TextIntentClassifier:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        if not examples:
            raise ValueError("TextIntentClassifier: no intent examples to train on")
        self.model.fit([e.get(TEXT) for e in examples], [e.get(INTENT) for e in examples])
        with self._storage.write_to(self._resource) as directory:
            sio.dump(self.model.pipeline, directory / "intent_model.skops")
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> TextIntentClassifier:
        with model_storage.read_from(resource) as directory:
            path = directory / "intent_model.skops"
            types = sio.get_untrusted_types(file=path)
            foreign = [t for t in types if not t.startswith(cls.TRUSTED_MODULES)]
            if foreign:
                raise ValueError(f"the intent model holds types that are not trusted: {foreign}")
            pipeline = sio.load(path, trusted=types)
        model = IntentModel(pipeline=pipeline)
        return cls(config, model_storage, resource, model)

    def process(self, messages: list[Message]) -> list[Message]:
        texts = [message.get(TEXT) or "" for message in messages]
        for message, ranking in zip(messages, self.model.rank(texts)):
            entries = [{"name": n, "confidence": c} for n, c in ranking]
            message.set(INTENT, entries[0], add_to_output=True)
            message.set(
                INTENT_RANKING_KEY,
                entries[: int(self.config["ranking_length"])],
                add_to_output=True,
            )
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
