"""The intent classifier: a calibrated linear SVM over TF-IDF word and character n-grams.

Chosen by measurement on the development set (bench/results/nlu_classifiers.md): words
(1-2 grams) carry the meaning, character n-grams within words (2-5) absorb typos and
compound words ("huurtoeslagbrief"), and a linear SVM separates 60 intents from a few
thousand examples better than logistic regression, in seconds. Its scores are calibrated
(Platt scaling, cross-validated) so that thresholds on confidence mean something.

Plain scikit-learn: the Rasa component in bot/rasa/components.py wraps it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.svm import LinearSVC

_SPACE = re.compile(r"\s+")
_DIGITS = re.compile(r"\d")
_PUNCT = re.compile(r"[^\w\s]")


def normalise(text: str) -> str:
    """Lower case, no accents, digits as 0, punctuation as space: what the model reads."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    plain = _DIGITS.sub("0", _PUNCT.sub(" ", plain))
    return _SPACE.sub(" ", plain).strip()


@dataclass
class ClassifierSettings:
    c: float = 0.5
    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] = (2, 5)
    calibration_folds: int = 3
    class_weight: str | None = "balanced"


@dataclass
class IntentModel:
    """Ranks intents for a text. `fit` on (text, intent) pairs, then `rank`."""

    settings: ClassifierSettings = field(default_factory=ClassifierSettings)
    pipeline: Pipeline | None = None

    def _new_pipeline(self, smallest_class: int) -> Pipeline:
        s = self.settings
        features = FeatureUnion(
            [
                (
                    "words",
                    TfidfVectorizer(
                        analyzer="word",
                        ngram_range=s.word_ngrams,
                        sublinear_tf=True,
                        token_pattern=r"(?u)\b\w+\b",
                    ),
                ),
                (
                    "chars",
                    TfidfVectorizer(
                        analyzer="char_wb", ngram_range=s.char_ngrams, sublinear_tf=True
                    ),
                ),
            ]
        )
        svm = LinearSVC(C=s.c, class_weight=s.class_weight)
        folds = max(2, min(s.calibration_folds, smallest_class))
        classifier = CalibratedClassifierCV(base_estimator=svm, cv=folds, method="sigmoid")
        return Pipeline([("features", features), ("classifier", classifier)])

    def fit(self, texts: Sequence[str], intents: Sequence[str]) -> IntentModel:
        if len(texts) != len(intents) or not texts:
            raise ValueError("fit needs as many intents as texts, and at least one")
        counts = Counter(intents)
        # calibration folds need every intent at least twice; repeat the rare ones
        texts, intents = list(texts), list(intents)
        for intent, count in counts.items():
            if count < 2:
                texts += [t for t, i in zip(texts, intents) if i == intent]
                intents += [intent] * count
        self.pipeline = self._new_pipeline(min(Counter(intents).values()))
        # (an array: scikit-learn 1.1 counts the classes of a plain list wrongly)
        self.pipeline.fit([normalise(t) for t in texts], np.asarray(intents))
        return self

    @property
    def intents(self) -> list[str]:
        if self.pipeline is None:
            return []
        return [str(c) for c in self.pipeline.classes_]

    def rank(self, texts: Sequence[str]) -> list[list[tuple[str, float]]]:
        """For each text, every intent with its confidence, best first."""
        if self.pipeline is None:
            raise RuntimeError("the intent model is not trained")
        probabilities = self.pipeline.predict_proba([normalise(t) for t in texts])
        names = self.intents
        ranked = []
        for row in probabilities:
            total = float(sum(row)) or 1.0
            pairs = sorted(((n, float(p) / total) for n, p in zip(names, row)), key=lambda x: -x[1])
            ranked.append(pairs)
        return ranked
