"""Short follow-up questions about the last answer, recognised by their words.

"Kan dat ook online?", "kan ik het in delen betalen?", "moet ik iets meenemen?": these
are about the organisation just named, whatever theme the classifier guesses for them.
The dialogue asks `follow_up_kind` only while there is a last answer (a topic), and only
for short messages, so a new question of its own is never taken for a follow-up.
"""

from __future__ import annotations

import re

MAX_WORDS = 12  # a follow-up is short; a longer message is a question of its own

ONLINE = "online"
INSTALMENTS = "instalments"
BRING = "bring"
DURATION = "duration"
URGENT = "urgent"
NOT_UNDERSTOOD = "not_understood"
OBJECTION_TERM = "objection_term"
OBJECTION = "objection"
LOGIN = "login"
CANNOT_PAY = "cannot_pay"
# About the letter or the claim just discussed, even when the words sound like a new theme
# ("ik kan het niet betalen" sounds like debts, "te hoog" like nothing at all).
ABOUT_THE_CLAIM = (OBJECTION, CANNOT_PAY)
ABOUT_IT = "about_it"
# "waar moet ik het nog melden?", "wie kan ik nog meer bellen?": the other help of the answer
ELSEWHERE = "elsewhere"
LEARN = "learn"  # "hoe kan ik dit zelf leren?": a course

_ELSEWHERE = (
    r"\bwaar (moet|kan|mag) (ik|ze|hij|u|we|wij|je) (het |dit |dat |dat ook |het ook )?"
    r"((nog|ook|verder|daarna|meer) )*(melden|aangeven)\b"
    r"|\bwaar (moet|kan|mag) (ik|ze|hij|u|we|wij|je) (het |dit |dat |dat ook |het ook )?"
    r"((nog|ook|verder|daarna|meer) )+(doorgeven|heen|naartoe)\b"
    r"|\b(wie|welke instantie|welke organisatie)s? (moet|kan|kun|mag) (ik|ze|hij|u|we|je) "
    r"((nog|ook|verder|meer) )+(bellen|inlichten|waarschuwen|laten weten)\b"
    r"|\b(nog )?(andere|meer) (instanties|organisaties|adressen|plekken)\b"
)
_KINDS = (
    (
        NOT_UNDERSTOOD,
        r"\b(snap|begrijp) (het |er |dat |u )?(niet|niks|geen)|^(ik )?(snap|begrijp) (niet|niks)"
        r"|makkelijk(er)? (zeggen|uitleggen)|eenvoudig(er)? (zeggen|uitleggen)"
        r"|wat bedoel(t|en) (je|u)",
    ),
    (
        OBJECTION_TERM,
        r"(?=.*\b(bezwaar|beroep|niet eens)\b)(?=.*\b(hoe ?lang|termijn|wanneer|hoeveel tijd|"
        r"tot wanneer|uiterlijk)\b)|binnen welke termijn",
    ),
    (
        LOGIN,
        r"\b(hoe|waarmee|waar) (log|kan|moet) (ik|je|u)\b[^.?!]{0,20}\b(in|inloggen)\s*\??\s*$"
        r"|^\s*(en )?(hoe|waarmee) (log ik|kom ik) (daar |er )?(in|binnen)\b",
    ),
    (
        CANNOT_PAY,
        r"\b(kan|kun|kunnen) (het|dat|dit|die|deze|dat bedrag|die rekening|die boete) (echt )?"
        r"(niet|nooit) (in (een|één) keer )?(betalen|opbrengen)\b"
        r"|\bheb (dat|het|dit|zoveel|zo veel) geld niet\b",
    ),
    (
        OBJECTION,
        r"\b(niet eens (mee|met)|het niet eens|niet eerlijk|onterecht|veel te hoog|te hoog"
        r"|bezwaar (\w+ ){0,2}maken|in bezwaar)\b",
    ),
    (ELSEWHERE, _ELSEWHERE),
    (LEARN, r"\b(leren|aanleren|cursus|cursussen|oefenen|les(sen)? (krijgen|volgen|nemen))\b"),
    (
        INSTALMENTS,
        r"\b(in delen|in stukjes|in termijnen|termijnen|betalingsregeling|betaalregeling"
        r"|regeling treffen|gespreid|afbetalen|beetje bij beetje|per maand betalen)\b",
    ),
    (
        ONLINE,
        r"\b(online|internet|website|site|digitaal|op de computer|via de computer|met de app"
        r"|via de app|op mijn telefoon)\b",
    ),
    (
        BRING,
        r"\b(mee ?nemen|mee ?brengen|bij me hebben|bij de hand|wat heb ik nodig"
        r"|wat moet ik klaar)\b",
    ),
    (
        URGENT,
        r"\b(het moet snel|snel nodig|heel snel|dringend|spoed|haast|vandaag nog|morgen al"
        r"|volgende week al|deze week nog|het is urgent)\b",
    ),
    (
        DURATION,
        r"\b(hoe ?lang|wanneer (krijg|hoor|komt|weet|heb)|duurt( het)? lang|binnen hoeveel)\b",
    ),
)
# A short question that points back at what was said ("tot welke leeftijd krijg je dat?").
_POINTS_BACK = re.compile(
    r"\b(dat|die|dit|het|daar|daarvoor|daarmee|daarbij|daarover|hiermee|hierbij|hiervoor"
    r"|hierover|ervoor|ermee|erbij|ze|zij|hun|hen)\b"
)
_WHERE = re.compile(r"\b(waar|adres|langs|langsgaan|locatie|zit|zitten|ligt|liggen|vind)\b")
_QUESTION = re.compile(
    r"\?\s*$|^\s*(en |maar )?(wat|hoe|hoeveel|wanneer|waar|welke?|wie|waarom|kan|kun|mag|moet"
    r"|krijg|is|zijn|tot|heb|hebben|doen|werkt)\b"
)


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def follow_up_kind(text: str) -> str | None:
    """The kind of follow-up a short message is, or None when it is no follow-up."""
    said = text.lower().strip()
    last = re.split(r"(?<=[.!?])\s+", said)[-1]
    if said and len(words(last)) <= MAX_WORDS and re.search(_ELSEWHERE, last):
        return ELSEWHERE  # "ik heb de bank gebeld. Waar kan ik het nog melden?"
    if not said or len(words(said)) > MAX_WORDS:
        return None
    for kind, pattern in _KINDS:
        if re.search(pattern, said):
            return kind
    if _QUESTION.search(said) and _POINTS_BACK.search(said):
        return ABOUT_IT
    return None


def asks_where(text: str) -> bool:
    """ "waar zit dat?" asks for a place; "hoe kom ik daar vanaf?" does not."""
    return bool(_WHERE.search(text.lower()))
