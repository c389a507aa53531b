"""The channels a question can come in through, with their Dutch labels (one list)."""

from __future__ import annotations

STAFF, WEB_CHAT, TELEGRAM = "staff", "web_chat", "telegram"
CHANNELS = (STAFF, WEB_CHAT, TELEGRAM)
# Short labels, for tables, the registration export and the dashboard.
LABELS = {STAFF: "balie", WEB_CHAT: "online (webchat)", TELEGRAM: "online (Telegram)"}
# How the person came, as said in a handover note ("Gekomen: via de webchat").
ARRIVED = {
    STAFF: "aan de balie van het Informatiepunt",
    WEB_CHAT: "via de webchat",
    TELEGRAM: "via Telegram",
}
