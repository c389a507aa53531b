"""The REST channel, safe for inhabitants: only the project's processes, and a typed
"/intent" never sets an intent.

Every request must carry the HMAC header of bot/rasa/signing.py (the web app signs what
it forwards; a local tool that holds the secret can too): anyone else on the machine who
learns a conversation id cannot read or continue that conversation through this port.

Rasa reads a message that starts with "/" as an intent with entities ("/affirm"), which
would let anyone fake a button such as a consent. A message counts as a button press only
when the signed request says so in its metadata (`{"wegwijzer_button": true}`) and the
payload is one of the buttons the assistant offered in its last message of that
conversation; the message then reaches the actions with that flag in its metadata
(actions/respond.py reads it). Anything else is typed text: its leading slashes are
dropped and it goes through NLU, and it never carries the flag.
Same name and URL as Rasa's REST channel: /webhooks/rest/webhook.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from rasa.core.channels.rest import RestInput
from rasa.shared.core.events import BotUttered
from sanic import response
from sanic.request import Request

from bot.rasa.signing import BUTTON_FLAG, HEADER, verify
from bot.settings import Settings
from conversation.understanding import neutralise_typed_text

if TYPE_CHECKING:
    from rasa.core.channels.channel import UserMessage
    from rasa.shared.core.trackers import DialogueStateTracker
    from sanic import Blueprint


@functools.lru_cache(maxsize=1)
def internal_secret() -> str:
    return Settings.from_env().internal_secret


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


def claims_button(body: Any) -> bool:
    metadata = body.get("metadata") if isinstance(body, dict) else None
    return isinstance(metadata, dict) and metadata.get(BUTTON_FLAG) is True


async def safe_text(
    request: Request, sender_id: str | None, text: str | None, button: bool = False
) -> tuple[str | None, bool]:
    """(the text to pass on, whether it is a verified button press)."""
    if not isinstance(text, str):
        return text, False
    if not text.lstrip().startswith("/"):
        return text, False
    if button:
        agent = getattr(request.app.ctx, "agent", None)
        tracker = None
        if agent is not None and sender_id:
            tracker = await agent.tracker_store.retrieve(sender_id)
        if text.strip() in offered_payloads(tracker):
            return text.strip(), True
    return neutralise_typed_text(text) or "?", False


class SafeRestInput(RestInput):  # type: ignore[misc]  # rasa has no type information
    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        blueprint = super().blueprint(on_new_message)

        @blueprint.middleware("request")  # type: ignore[untyped-decorator]
        async def require_signature(request: Request) -> Any:
            if request.method != "POST":
                return None
            if not verify(internal_secret(), request.body or b"", request.headers.get(HEADER)):
                return response.json(
                    {"error": f"a valid {HEADER} header is required (see the README)"},
                    status=401,
                )
            return None

        return blueprint

    async def _extract_sender(self, req: Request) -> str | None:
        sender_id: str | None = await super()._extract_sender(req)
        # The message is checked here because this hook is async (the tracker lookup is).
        text, button = await safe_text(
            req, sender_id, super()._extract_message(req), claims_button(req.json)
        )
        req.ctx.wegwijzer_text, req.ctx.wegwijzer_button = text, button
        return sender_id

    def _extract_message(self, req: Request) -> str | None:
        text: str | None = getattr(req.ctx, "wegwijzer_text", None)
        return text

    def get_metadata(self, request: Request) -> dict[str, Any] | None:
        """Only what this channel verified itself; a client's own metadata is dropped."""
        if getattr(request.ctx, "wegwijzer_button", False):
            return {BUTTON_FLAG: True}
        return None
