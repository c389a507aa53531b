"""What a question is about: Rasa's parse of the whole text plus its clauses.

One message can hold several needs ("ik moet toeslag terugbetalen en heb al schulden").
A single intent classifier gives one winner and spreads little confidence over the
rest, so the second need is easily lost. We therefore also parse each clause of a longer
message (split on sentence ends and on "en", "maar", "ook", ...) and add a theme that a
clause recognises with high confidence. Both the chat's advice action and the advice API
build their understanding here, from the same parses: one code path.
(bench/evaluate.py measures it on the multi-need sets.)
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from knowledge.crisis import CRISIS_INTENTS
from knowledge.understanding import Understanding, ranking_of

Parse = Callable[[str], Awaitable[dict[str, Any]]]

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


def _entities(parses: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    seen: set[tuple[Any, str]] = set()
    result: list[dict[str, str]] = []
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


def combine(
    text: str, whole: Mapping[str, Any], clause_parses: Sequence[Mapping[str, Any]]
) -> Understanding:
    clause_intents: dict[str, float] = {}
    for parse in clause_parses:
        ranking = ranking_of(parse)
        if ranking and ranking[0][1] >= CLAUSE_CONFIDENCE and ranking[0][0] not in CRISIS_INTENTS:
            name, confidence = ranking[0]
            clause_intents[name] = max(confidence, clause_intents.get(name, 0.0))
    return Understanding(
        text=text,
        intents=ranking_of(whole),
        entities=tuple(_entities([whole, *clause_parses])),
        clause_intents=tuple(sorted(clause_intents.items(), key=lambda kv: -kv[1])),
    )


# "Moet ik die bij het CJIB betalen?", "gaat dat naar de RDW of de gemeente?", "doe je dat
# toch bij de Belastingdienst?", "vraag ik dat aan op toeslagen.nl?": the person doubts whether
# that organisation is the right one. The organisation is where to go (after "bij", "naar",
# "via", "aan", "op"), not the subject of the need ("moet ik voor mijn DigiD ...").
_DOUBT_BEFORE = re.compile(
    r"\b(moet|moeten|ga|gaat|hoort|hoor|doe|doen|regel|regelt|meld|melden|vraag|vragen|"
    r"aanvragen|haal|halen|kan|kun|kunt|mag|bel|bellen|zit)\b"
    r"[^.?!]{0,60}\b(bij|naar|via|aan|op)\s+(de\s+|het\s+)?$"
    # "moet ik de politie bellen?"
    r"|(^|[.?!,]\s*)(moet|moeten|zal|zou|hoef)\s+(ik|we|wij|je|u)\s+(dan\s+|nu\s+|eerst\s+|ook\s+|"
    r"toch\s+)?(de\s+|het\s+)?$",
    re.IGNORECASE,
)
_DOUBT_AFTER = re.compile(
    r"^\s*(\w+\s+){0,3}?(of|betalen|bellen|melden|aanvragen|doorgeven)?"
    r"[^.!]{0,40}\?",
    re.IGNORECASE,
)
_OR_AROUND = re.compile(
    r"^\s*(of|,\s*of)\b|\bof\s+(bij\s+|naar\s+|via\s+)?(de\s+|het\s+)?$", re.IGNORECASE
)
_WEB_SUFFIX = re.compile(r"^\.(nl|com|org|eu)\b", re.IGNORECASE)
# "Moet ik ook naar de politie?": a second place to go, asked about; no doubt about the first.
_ALSO_TO = re.compile(
    r"\b(ook|daarna|dan ook|nog)\s+((naar|bij|via|aan)\s+)?(de\s+|het\s+)?$", re.IGNORECASE
)
# "Ze wil niet naar de politie": an organisation the person does not want to go to.
_NOT_TO = re.compile(r"\b(niet|geen|nooit)\s+(naar|bij|via)\s+(de\s+|het\s+)?$", re.IGNORECASE)
# "Man belt, zegt hij is politie": someone who pretends to be that organisation.
_PRETENDS = re.compile(
    r"\bzeg(t|gen|de|den)?\s+(dat\s+)?(hij|zij|ze|die)\s+(is\s+|zijn\s+)?(van\s+)?(de\s+|het\s+)?$",
    re.IGNORECASE,
)
# "Heeft de Belastingdienst dat nummer of de gemeente?"
_OR_LATER = re.compile(
    r"^[^.?!]{0,30}\bof\s+(bij\s+|naar\s+|via\s+)?(de\s+|het\s+|mijn\s+)?\w+\s*\?",
    re.IGNORECASE,
)
# "Het UWV zegt dat zelfstandigen geen WW krijgen": that organisation said no.
_SAID_NO = re.compile(
    r"^\s*(zegt|zei|zeggen|heeft gezegd|hebben gezegd|schrijft|schreef)\b[^.?!]{0,60}"
    r"\b(geen|niet|niks|niets)\b",
    re.IGNORECASE,
)


def doubted_organisations(
    text: str, entities: Sequence[Mapping[str, Any]]
) -> list[Mapping[str, Any]]:
    """Organisations named in a doubt about where to go, or that said no, not as the subject
    of the need."""
    doubted = []
    for entity in entities:
        if entity.get("entity") != "organisation" or entity.get("start") is None:
            continue
        start, end = int(entity["start"]), int(entity["end"])
        before, after = text[:start], _WEB_SUFFIX.sub("", text[end:], count=1)
        question = _DOUBT_AFTER.search(after) is not None
        if (
            (question and _DOUBT_BEFORE.search(before) and not _ALSO_TO.search(before))
            or _OR_AROUND.search(after)
            or _OR_AROUND.search(before)
            or _OR_LATER.search(after)
            or _SAID_NO.search(after)
            or _NOT_TO.search(before)
            or _PRETENDS.search(before)
        ):
            doubted.append(entity)
    return doubted


# Below this confidence the text without the doubted names says nothing clear.
NO_THEME_LEFT = 0.20


def _best(parse: Mapping[str, Any]) -> float:
    ranking = ranking_of(parse)
    return ranking[0][1] if ranking else 0.0


def without(text: str, spans: Sequence[Mapping[str, Any]]) -> str:
    for entity in sorted(spans, key=lambda e: -int(e["start"])):
        text = text[: int(entity["start"])] + "die organisatie" + text[int(entity["end"]) :]
    return text


async def understand(
    text: str, parse: Parse, whole: Mapping[str, Any] | None = None
) -> Understanding:
    """Parse the text (unless `whole` is Rasa's parse already) and its clauses.

    When the person doubts whether an organisation they name is the right one, the text is
    understood again without that name: the need decides, not the name.
    """
    if whole is None:
        whole = await parse(text)
    doubted = doubted_organisations(text, whole.get("entities") or [])
    if doubted:
        neutral: Mapping[str, Any] = await parse(without(text, doubted))
        if _best(neutral) < NO_THEME_LEFT and _best(neutral) < _best(whole):
            neutral = whole  # without the names nothing is left to understand: keep the text
        names = {str(e.get("value")) for e in doubted}
        kept = [e for e in whole.get("entities") or [] if str(e.get("value")) not in names]
        whole = {**neutral, "text": text, "entities": kept}
    # the clauses of the text without the doubted names ("..., moet dat bij de IND?")
    clause_parses = [await parse(c) for c in split_clauses(without(text, doubted))]
    if doubted:
        names = {str(e.get("value")) for e in doubted}
        clause_parses = [
            {
                **p,
                "entities": [
                    e for e in p.get("entities") or [] if str(e.get("value")) not in names
                ],
            }
            for p in clause_parses
        ]
    return combine(text, whole, clause_parses)
