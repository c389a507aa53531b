"""What a question is about: Rasa's parse of the whole text plus its clauses.

One message can hold several needs ("ik moet toeslag terugbetalen en heb al schulden").
A single intent classifier gives one winner and spreads little confidence over the
rest, so the second need is easily lost. We therefore also parse each clause of a longer
message (split on sentence ends and on "en", "maar", "ook", ...) and add a theme that a
clause recognises with high confidence. Both the chat's advice action and the advice API
build their understanding here, from the same parses: one code path.
(bench/multi_need.py measures this against the ranking of the whole text alone.)
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

Parse = Callable[[str], Awaitable[dict]]

# A clause boundary: sentence punctuation, or a conjunction that usually starts a new need.
_BOUNDARY = re.compile(
    r"[.!?;\n]+|,\s*|\s+(?:en ook|en daarnaast|daarnaast|bovendien|en verder|verder|"
    r"maar ook|maar|en|ook nog|plus)\s+",
    re.IGNORECASE,
)
MIN_CLAUSE_WORDS = 2
MAX_CLAUSES = 4
# A clause must recognise its theme at least this confidently to add a need. Chosen
# with bench/multi_need.py among 5 settings (found needs vs extra themes on single needs).
CLAUSE_CONFIDENCE = 0.6


def neutralise_typed_text(text: str) -> str:
    """Typed text must not act as a Rasa `/intent` command: drop leading slashes."""
    return (text or "").strip().lstrip("/").strip()


def split_clauses(text: str) -> list[str]:
    """The clauses worth parsing on their own; empty when the text is one clause."""
    parts = [p.strip() for p in _BOUNDARY.split(text or "")]
    clauses = [p for p in parts if len(p.split()) >= MIN_CLAUSE_WORDS]
    return clauses[:MAX_CLAUSES] if len(clauses) > 1 else []


@dataclass(frozen=True)
class Understood:
    text: str
    intents: list[tuple[str, float]]  # the whole text's ranking, best first
    entities: list[dict[str, str]]
    # Themes that separate clauses recognised, with their confidence (multi-need).
    clause_intents: list[tuple[str, float]] = field(default_factory=list)

    @property
    def top_intent(self) -> str | None:
        return self.intents[0][0] if self.intents else None

    def themes_only(self, themes) -> Understood:
        """The ranking among the themes alone (renormalised): for a message that was
        mainly information ("ik woon in X") but also asks a question."""
        kept = [(n, c) for n, c in self.intents if n in themes]
        total = sum(c for _, c in kept) or 1.0
        return Understood(
            text=self.text,
            intents=[(n, c / total) for n, c in kept],
            entities=self.entities,
            clause_intents=self.clause_intents,
        )


def _ranking(parse: dict) -> list[tuple[str, float]]:
    ranking = parse.get("intent_ranking") or []
    if not ranking and parse.get("intent", {}).get("name"):
        ranking = [parse["intent"]]
    return [(r["name"], float(r.get("confidence") or 0.0)) for r in ranking if r.get("name")]


def _entities(parses: Sequence[dict]) -> list[dict[str, str]]:
    seen, result = set(), []
    for parse in parses:
        for e in parse.get("entities") or []:
            key = (e.get("entity"), str(e.get("value")))
            if key not in seen and e.get("entity"):
                seen.add(key)
                result.append(
                    {
                        "entity": e["entity"],
                        "value": str(e.get("value")),
                        "text": str(e.get("text") or e.get("value")),
                    }
                )
    return result


def combine(text: str, whole: dict, clause_parses: Sequence[dict]) -> Understood:
    clause_intents: dict[str, float] = {}
    for parse in clause_parses:
        ranking = _ranking(parse)
        if ranking and ranking[0][1] >= CLAUSE_CONFIDENCE:
            name, confidence = ranking[0]
            clause_intents[name] = max(confidence, clause_intents.get(name, 0.0))
    return Understood(
        text=text,
        intents=_ranking(whole),
        entities=_entities([whole, *clause_parses]),
        clause_intents=sorted(clause_intents.items(), key=lambda kv: -kv[1]),
    )


async def understand(text: str, parse: Parse, whole: dict | None = None) -> Understood:
    """Parse the text (unless `whole` is Rasa's parse already) and its clauses."""
    if whole is None:
        whole = await parse(text)
    clause_parses = [await parse(clause) for clause in split_clauses(text)]
    return combine(text, whole, clause_parses)
