"""What was understood of a message: the one type every layer passes around.

Rasa's parse of the whole text (its intent ranking and entities) plus the themes that
separate clauses of the text recognised on their own (a message can hold several needs).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Ranking = tuple[tuple[str, float], ...]


def ranking_of(parse: Mapping[str, Any]) -> Ranking:
    """The intent ranking of a Rasa parse result (or `tracker.latest_message`), best first."""
    ranking = parse.get("intent_ranking") or []
    if not ranking and (parse.get("intent") or {}).get("name"):
        ranking = [parse["intent"]]
    return tuple(
        (str(r["name"]), float(r.get("confidence") or 0.0)) for r in ranking if r.get("name")
    )


@dataclass(frozen=True)
class Understanding:
    text: str = ""
    intents: Sequence[tuple[str, float]] = ()  # the whole text's ranking, best first
    entities: Sequence[Mapping[str, Any]] = ()
    # Themes that separate clauses recognised with confidence: each is a need of its own.
    clause_intents: Sequence[tuple[str, float]] = ()

    @classmethod
    def from_parse(cls, parse: Mapping[str, Any], text: str | None = None) -> Understanding:
        return cls(
            text=text if text is not None else str(parse.get("text") or ""),
            intents=ranking_of(parse),
            entities=tuple(parse.get("entities") or ()),
        )

    @classmethod
    def certain(
        cls, intent: str, text: str = "", entities: Sequence[Mapping[str, Any]] = ()
    ) -> Understanding:
        """A question whose theme is known for sure (chosen with a button)."""
        return cls(text=text, intents=((intent, 1.0),), entities=tuple(entities))

    @property
    def top_intent(self) -> str | None:
        return self.intents[0][0] if self.intents else None

    @property
    def needs(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.clause_intents)

    def ranking(self) -> list[tuple[str, float]]:
        """The whole text's ranking with the clause themes merged in, best first."""
        confidences = dict(self.intents)
        for name, confidence in self.clause_intents:
            confidences[name] = max(confidence, confidences.get(name, 0.0))
        return sorted(confidences.items(), key=lambda kv: -kv[1])

    def confidence(self, intent: str) -> float:
        return dict(self.ranking()).get(intent, 0.0)

    def values(self, entity: str) -> list[str]:
        return [
            str(e.get("value") or e.get("text") or "")
            for e in self.entities
            if e.get("entity") == entity
        ]

    def themes_only(self, themes: Collection[str]) -> Understanding:
        """The ranking among the themes alone (renormalised): for a message that was mainly
        information ("ik woon in X") but also asks a question."""
        kept = [(n, c) for n, c in self.intents if n in themes]
        total = sum(c for _, c in kept) or 1.0
        return Understanding(
            text=self.text,
            intents=tuple((n, c / total) for n, c in kept),
            entities=self.entities,
            clause_intents=self.clause_intents,
        )
