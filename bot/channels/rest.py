"""The REST channel, safe for inhabitants: a typed "/intent" never sets an intent.

Rasa reads a message that starts with "/" as an intent with entities ("/affirm"), which
would let anyone fake a button such as a consent. This channel passes such a message on
only when it is the payload of a button the assistant offered in its last message of
that conversation; otherwise the slashes are dropped and the text goes through NLU.
Same name and URL as Rasa's REST channel: /webhooks/rest/webhook.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rasa.core.channels.rest import RestInput
from rasa.shared.core.events import BotUttered
from sanic.request import Request

from conversation.understanding import neutralise_typed_text

if TYPE_CHECKING:
    from rasa.shared.core.trackers import DialogueStateTracker


def offered_payloads(tracker: DialogueStateTracker | None) -> list[str]:
    """The button payloads of the last bot message of a conversation."""
    if tracker is None:
        return []
    for event in reversed(tracker.events):
        if isinstance(event, BotUttered):
            return [
                b.get("payload")
                for b in (event.data or {}).get("buttons") or []
                if b.get("payload")
            ]
    return []


async def safe_text(request: Request, sender_id: str | None, text: str | None) -> str | None:
    if not isinstance(text, str) or not text.lstrip().startswith("/"):
        return text
    agent = getattr(request.app.ctx, "agent", None)
    tracker = None
    if agent is not None and sender_id:
        tracker = await agent.tracker_store.retrieve(sender_id)
    if text.strip() in offered_payloads(tracker):
        return text.strip()
    return neutralise_typed_text(text) or "?"


class SafeRestInput(RestInput):  # type: ignore[misc]  # rasa has no type information
    @classmethod
    def name(cls) -> str:
        return "rest"

    async def _extract_sender(self, req: Request) -> str | None:
        sender_id: str | None = await super()._extract_sender(req)
        # The message is checked here because this hook is async (the tracker lookup is).
        req.ctx.wegwijzer_text = await safe_text(req, sender_id, super()._extract_message(req))
        return sender_id

    def _extract_message(self, req: Request) -> str | None:
        text: str | None = getattr(req.ctx, "wegwijzer_text", None)
        return text
