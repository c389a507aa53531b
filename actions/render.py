"""Advice as short Dutch chat messages (B1): one message per suggestion, buttons last."""

from __future__ import annotations

from typing import Any

MAX_SUGGESTIONS_SHOWN = 3

INTRO_FIRST = "Hier kunt u terecht:"
INTRO_BY_KIND = {
    "public_service": "Ook belangrijk:",
    "private_service": "Ook belangrijk:",
    "advice_partner": "Hulp nodig? Dit kan ook:",
    "course": "Zelf leren? Dat kan hier:",
    "ido": "Hulp van een mens? Ga naar het Informatiepunt:",
    "crisis_line": "Praat er nu over:",
}
CONTACT_VERBS = {
    "phone": "Bel {}",
    "email": "Mail naar {}",
    "website": "Kijk op {}",
    "chat": "Chat via {}",
    "form": "Vul het formulier in op {}",
    "visit": "{}",
}
UNVERIFIED = "Let op: dit nummer of adres is niet gecontroleerd. Kijk ook op de website."


def contact_line(contact: dict[str, Any] | None) -> str | None:
    if not contact or not contact.get("value"):
        return None
    return _sentence(CONTACT_VERBS.get(contact.get("type"), "{}").format(contact["value"]))


def _sentence(text: str) -> str:
    text = str(text).strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def suggestion_text(
    suggestion: dict[str, Any], intro: str | None = None, with_why: bool = True
) -> str:
    organisation = suggestion.get("organisation") or ""
    service = suggestion.get("service")
    head = organisation if not service or service == organisation else f"{organisation}: {service}"
    why = suggestion.get("why") if with_why else None
    lines = [intro, head, why, contact_line(suggestion.get("contact"))]
    location = suggestion.get("location") or {}
    if location.get("address"):
        lines.append(
            f"Adres: {location['address']}, {location.get('city') or ''}".rstrip(", ") + "."
        )
    if suggestion.get("open_now"):
        lines.append(_sentence(suggestion["open_now"]))
    if suggestion.get("bring"):
        lines.append(
            "Neem mee: " + ", ".join(b[:1].lower() + b[1:] for b in suggestion["bring"]) + "."
        )
    if (
        not suggestion.get("verified", True)
        and not suggestion.get("example")
        and not suggestion.get("generic")
    ):
        lines.append(UNVERIFIED)
    return "\n".join(line for line in lines if line)


def advice_messages(advice: dict[str, Any], with_notice: bool = True) -> list[str]:
    messages = [str(advice["notice"])] if with_notice and advice.get("notice") else []
    for i, suggestion in enumerate(advice.get("suggestions", [])[:MAX_SUGGESTIONS_SHOWN]):
        intro = INTRO_FIRST if i == 0 else INTRO_BY_KIND.get(suggestion.get("kind"), "Dit kan ook:")
        messages.append(suggestion_text(suggestion, intro))
    return messages


def theme_buttons(themes: list[dict[str, Any]], limit: int = 3) -> list[dict[str, str]]:
    return [{"title": t["label"], "payload": f"/{t['name']}"} for t in themes[:limit]]


def gemeente_buttons(known: list[Any]) -> list[dict[str, str]]:
    buttons = []
    for item in known:
        name = item.get("name") if isinstance(item, dict) else str(item)
        if name:
            buttons.append({"title": name, "payload": f'/inform{{"gemeente": "{name}"}}'})
    return buttons


def next_step_buttons(advice: dict[str, Any]) -> list[dict[str, str]]:
    buttons = []
    if any((s.get("warm_referral") or {}).get("possible") for s in advice.get("suggestions", [])):
        buttons.append({"title": "Laat mij doorverwijzen", "payload": "/request_referral"})
    buttons.append({"title": "Een medewerker spreken", "payload": "/request_human"})
    return buttons
