"""Advice as short chat messages (B1): one best answer, at most one alternative, buttons.

Every word comes from the text catalogue (texts/nl.yml); data (names, numbers, hours)
comes from the directory. Jargon is explained once per conversation, in brackets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, MutableSet
from typing import Any

from conversation.state import Button, Reply
from knowledge import Advice, Suggestion
from texts import catalogue, text

CONTACT_KINDS = ("phone", "website", "chat", "email", "form", "visit")
# Jargon explained in brackets the first time it appears in a conversation. Every word of
# the glossary (texts: glossary.<word>) is explained when asked ("wat betekent ...").
IN_BRACKETS = frozenset(
    {"wlz", "wmo", "anw", "pgb", "ww", "wia", "wajong", "vog", "brp", "kwijtschelding",
     "beschikking", "indicatie", "machtigen"}
)  # fmt: skip
_WORD = re.compile(r"\b([A-Za-z][\w-]*)\b")


def glossary() -> dict[str, str]:
    """Jargon and its plain explanation, from the catalogue (glossary.<term>)."""
    return {
        key.split(".", 1)[1]: value
        for key, value in catalogue().items()
        if key.startswith("glossary.")
    }


def meaning(term: str) -> str:
    """What a word means, asked for on its own ("wat betekent Wmo?"): the longer explanation
    (glossary_full.<term>, with the full name of a law) when there is one."""
    return catalogue().get(f"glossary_full.{term}") or glossary()[term]


def explain_once(sentence: str, explained: MutableSet[str]) -> str:
    """Add "(uitleg)" after the first use of each jargon word in this conversation."""
    terms = {term.lower(): term for term in glossary() if term.lower() in IN_BRACKETS}

    def add(match: re.Match[str]) -> str:
        word = match.group(1)
        key = word.lower()
        before = match.string[: match.start()].rstrip()
        if key in terms and key not in explained and not before.endswith("("):
            explained.add(key)
            return f"{word} ({glossary()[terms[key]]})"
        return word

    return _WORD.sub(add, sentence)


def _sentence(value: str) -> str:
    value = value.strip()
    if not value:
        return value
    value = value[:1].upper() + value[1:]
    return value if value.endswith((".", "!", "?")) else value + "."


def best_contact(suggestion: Suggestion) -> dict[str, Any] | None:
    contacts = suggestion.contacts or ([suggestion.contact] if suggestion.contact else [])
    for kind in CONTACT_KINDS:
        for contact in contacts:
            if contact.get("type") == kind and contact.get("verified"):
                return contact
    for kind in CONTACT_KINDS:
        for contact in contacts:
            if contact.get("type") == kind:
                return contact
    return None


def contact_line(contact: dict[str, Any] | None) -> str | None:
    if not contact or not contact.get("value"):
        return None
    kind = contact.get("type") or "website"
    return text(f"render.contact.{kind}", value=contact["value"])


def head(suggestion: Suggestion) -> str:
    service = suggestion.service
    if not service or service == suggestion.organisation:
        return suggestion.organisation
    return f"{suggestion.organisation}: {service}"


def card(
    suggestion: Suggestion,
    explained: MutableSet[str],
    with_why: bool = True,
    intro: str | None = None,
) -> str:
    """The best answer: who, why, how to reach them, open now, what to have ready."""
    contact = best_contact(suggestion)
    lines = [intro, head(suggestion)]
    if with_why and suggestion.why:
        lines.append(explain_once(suggestion.why, explained))
    reach = contact_line(contact)
    if reach:
        lines.append(reach)
    if (
        suggestion.location
        and suggestion.location.get("address")
        and (not contact or contact.get("type") != "visit")
    ):
        address = ", ".join(
            p for p in (suggestion.location.get("address"), suggestion.location.get("city")) if p
        )
        lines.append(text("render.address", address=address))
    if suggestion.open_now:
        lines.append(_sentence(suggestion.open_now))
    if suggestion.bring:
        things = ", ".join(b[:1].lower() + b[1:] for b in suggestion.bring)
        visit = (contact or {}).get("type") == "visit" or suggestion.kind in ("ido", "course")
        lines.append(text("render.bring_visit" if visit else "render.bring_call", things=things))
    if not suggestion.verified and not suggestion.example and not suggestion.generic:
        lines.append(text("render.unverified"))
    return "\n".join(line for line in lines if line)


def short_line(suggestion: Suggestion) -> str:
    """An alternative in one line: who, and how to reach them."""
    reach = contact_line(best_contact(suggestion))
    return f"{head(suggestion)}. {reach}" if reach else _sentence(head(suggestion))


def next_buttons(advice: Advice, shown: int) -> list[Button]:
    buttons = []
    if len(advice.suggestions) > shown:
        buttons.append(Button(text("buttons.more_options"), "/more_options"))
    if referral_target(advice.suggestions) is not None:
        buttons.append(Button(text("buttons.referral"), "/request_referral"))
    buttons.append(Button(text("buttons.human"), "/request_human"))
    return buttons


def referral_target(suggestions: Iterable[Suggestion]) -> Suggestion | None:
    """The first suggestion that takes warm referrals (competent help comes first)."""
    for suggestion in suggestions:
        if (suggestion.warm_referral or {}).get("possible"):
            return suggestion
    return None


def crisis_replies(advice: Advice) -> list[Reply]:
    """The crisis reply: every line with all its numbers, the first one first."""
    lines = [text("crisis.intro_112" if advice.crisis_first == "112" else "crisis.intro_113")]
    for suggestion in advice.suggestions:
        numbers = [
            text(f"render.contact.{c['type']}", value=c["value"])
            for c in suggestion.contacts
            if c.get("type") in ("phone", "chat") and c["value"] not in suggestion.why
        ]
        lines.append(f"{suggestion.organisation}: {suggestion.why} " + " ".join(numbers))
    return [Reply("\n".join(lines))]


def advice_replies(
    advice: Advice,
    explained: MutableSet[str],
    ido_shown: bool,
    with_notice: bool,
) -> tuple[list[Reply], int]:
    """The answer to a question: the best help, at most one alternative, and buttons.

    Returns the replies and how many suggestions they showed.
    """
    replies: list[Reply] = []
    if with_notice and advice.notice:
        replies.append(Reply(advice.notice))
    suggestions = [
        s
        for s in advice.suggestions
        if not (ido_shown and s.kind == "ido" and s is not advice.suggestions[0])
    ]
    if not suggestions:
        return replies, 0
    best = suggestions[0]
    body = [card(best, explained, intro=text("render.intro_best"))]
    shown = 1
    distress = [s for s in suggestions[1:] if s.key == "zelfmoordpreventie-113"]
    others = [s for s in suggestions[1:] if s not in distress and s.kind != "ido"]
    if len(advice.themes) > 1:  # two needs: the alternative shown is the other need's help
        others.sort(key=lambda s: s.theme == best.theme)
    if others:
        other = others[0]
        labels = {t["name"]: t["label"] for t in advice.themes}
        if other.theme != best.theme and other.theme in labels:
            # the other need's help says which need it is for ("Voor Machtigen: ...")
            line = text("render.also_for", theme=labels[other.theme], line=short_line(other))
        else:
            line = text("render.also", line=short_line(other))
        body.append(line)
        shown = 2
    replies.append(Reply("\n\n".join(body)))
    if advice.distress and distress:
        replies.append(Reply(card(distress[0], explained, intro=None)))
    buttons = next_buttons(advice, shown)
    replies[-1].buttons = buttons
    return replies, shown


def checklist_replies(advice: Advice, label: str, explained: MutableSet[str]) -> list[Reply]:
    """A life event: what to arrange, step by step, with who helps."""
    lines = [text("render.checklist_intro", event=label)]
    number = 0
    for suggestion in advice.suggestions:
        if suggestion.kind == "ido":
            continue
        number += 1
        reach = contact_line(best_contact(suggestion))
        what = explain_once(suggestion.why, explained)
        lines.append(
            f"{number}. {suggestion.organisation}: {what}" + (f" {reach}" if reach else "")
        )
    lines.append(text("render.checklist_outro"))
    reply = Reply("\n".join(lines))
    reply.buttons = [Button(text("buttons.human"), "/request_human")]
    return [reply]


def more_replies(
    advice_suggestions: list[Suggestion], start: int, explained: MutableSet[str], count: int = 3
) -> list[Reply]:
    """The next suggestions, one line each."""
    rest = list(advice_suggestions[start : start + count])
    if not rest:
        return [Reply(text("followup.no_more"))]
    lines = [text("render.more_intro")]
    for suggestion in rest:
        why = explain_once(suggestion.why, explained) if suggestion.why else ""
        lines.append(f"- {short_line(suggestion)} {why}".rstrip())
    return [Reply("\n".join(lines))]
