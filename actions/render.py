"""Advice as short Dutch chat messages (B1): one message per suggestion, buttons last."""
from __future__ import annotations

from typing import Any, Dict, List, Optional

MAX_SUGGESTIONS_SHOWN = 4

KIND_INTRO = {
    "public_service": "Hier kunt u terecht:",
    "private_service": "Hier kunt u terecht:",
    "advice_partner": "Hulp nodig? Dit kan ook:",
    "course": "Zelf leren? Dat kan hier:",
    "ido": "Hulp van een mens? Ga naar het Informatiepunt:",
    "crisis_line": "Praat er nu over:",
}


def _contact_lines(contact: Any) -> List[str]:
    if not contact:
        return []
    if isinstance(contact, str):
        return [contact]
    lines = []
    if contact.get("phone"):
        lines.append(f"Bel {contact['phone']}.")
    if contact.get("email"):
        lines.append(f"Mail naar {contact['email']}.")
    if contact.get("website"):
        lines.append(f"Kijk op {contact['website']}.")
    if contact.get("address"):
        lines.append(f"Adres: {contact['address']}.")
    if not lines and contact.get("value"):
        lines.append(str(contact["value"]))
    return lines


def suggestion_text(suggestion: Dict[str, Any], first: bool) -> str:
    kind = suggestion.get("kind", "public_service")
    organisation = suggestion.get("organisation") or ""
    service = suggestion.get("service")
    head = organisation if not service or service == organisation else f"{organisation}: {service}"
    lines = [("Hier kunt u terecht:" if first else KIND_INTRO.get(kind, "Dit kan ook:")), head]
    if suggestion.get("why"):
        lines.append(str(suggestion["why"]))
    lines += _contact_lines(suggestion.get("contact"))
    if suggestion.get("open_now"):
        lines.append(_sentence(suggestion["open_now"]))
    bring = suggestion.get("bring") or []
    if bring:
        lines.append("Neem mee: " + ", ".join(bring) + ".")
    if suggestion.get("verified") is False:
        lines.append("Let op: deze gegevens zijn niet gecontroleerd. Kijk ook op de website.")
    return "\n".join(line for line in lines if line)


def _sentence(text: str) -> str:
    text = str(text).strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def advice_messages(advice: Dict[str, Any]) -> List[str]:
    messages = []
    if advice.get("notice"):
        messages.append(str(advice["notice"]))
    for i, suggestion in enumerate(advice.get("suggestions", [])[:MAX_SUGGESTIONS_SHOWN]):
        messages.append(suggestion_text(suggestion, first=i == 0))
    return messages


def theme_buttons(themes: List[Dict[str, Any]], limit: int = 3) -> List[Dict[str, str]]:
    return [{"title": t["label"], "payload": f"/{t['name']}"} for t in themes[:limit]]


def gemeente_buttons(known: List[Any]) -> List[Dict[str, str]]:
    buttons = []
    for item in known:
        name = item.get("name") if isinstance(item, dict) else str(item)
        if name:
            buttons.append({"title": name, "payload": '/inform{"gemeente": "%s"}' % name})
    return buttons


def next_step_buttons(advice: Dict[str, Any]) -> List[Dict[str, str]]:
    return [{"title": "Een medewerker spreken", "payload": "/request_human"}]


def first_theme_label(advice: Dict[str, Any]) -> Optional[str]:
    themes = advice.get("themes") or []
    return themes[0]["label"] if themes else None
